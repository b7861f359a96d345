"""One test per diagnostic code: a broken copy of the toy fixture triggers it,
and the message points at the exact file and line."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from competency.diagnostics import Diagnostic, LoadError, Severity
from competency.validation import load_catalogue, validate

TOY = Path(__file__).parents[1] / "fixtures" / "toy"
DOMAIN = "standards/domains/t1.yaml"
T01 = "modules/t01-basics"
T02 = "modules/t02-practice"

# name, edits {relative file: (old, new) | new content | None to delete}, code, file, line, severity
CASES: list[tuple[str, dict[str, object], str, str, int, Severity]] = [
    ("yaml-syntax", {DOMAIN: ("    statement: {en: Runs an audit.", "    statement: [{en: Runs an audit.")},
     "CMP101", DOMAIN, 17, Severity.ERROR),
    ("duplicate-key", {DOMAIN: ("    kind: skill\n    title: {en: Plan", "    kind: skill\n    kind: skill\n    title: {en: Plan")},
     "CMP102", DOMAIN, 26, Severity.ERROR),
    ("not-utf8", {"standards/profiles/coordinator.yaml": b"id: coordinator\ntitle: {en: \xff}\n"},
     "CMP103", "standards/profiles/coordinator.yaml", 2, Severity.ERROR),
    ("schema", {DOMAIN: ("    kind: skill\n    title: {en: Plan", "    kind: wisdom\n    title: {en: Plan")},
     "CMP201", DOMAIN, 25, Severity.ERROR),
    ("model", {f"{T01}/assessment.yaml": ("feedback: {en: No., fr: Non.}}", "correct: true, feedback: {en: No., fr: Non.}}")},
     "CMP202", f"{T01}/assessment.yaml", 2, Severity.ERROR),
    ("unknown-prerequisite", {DOMAIN: ("- competency: T1.2\n", "- competency: T1.9\n")},
     "CMP301", DOMAIN, 32, Severity.ERROR),
    ("unknown-outcome", {f"{T02}/module.yaml": ("competency: T1.3\n", "competency: T1.7\n")},
     "CMP302", f"{T02}/module.yaml", 8, Severity.ERROR),
    ("unknown-item-competency", {f"{T02}/assessment.yaml": ("competency: T1.3", "competency: T1.8")},
     "CMP303", f"{T02}/assessment.yaml", 2, Severity.ERROR),
    ("item-not-assessed", {f"{T01}/assessment.yaml": ("competency: T1.2", "competency: T1.3")},
     "CMP304", f"{T01}/assessment.yaml", 12, Severity.ERROR),
    ("unknown-source", {DOMAIN: ("sources: [toy-2020]", "sources: [toy-2021]")},
     "CMP305", DOMAIN, 4, Severity.ERROR),
    ("unknown-citation", {f"{T01}/lessons/01-concepts.fr.md": ("[@toy-2020]", "[@nobody-1999]")},
     "CMP305", f"{T01}/lessons/01-concepts.fr.md", 3, Severity.ERROR),
    ("unknown-level", {DOMAIN: ("        level: foundational\n        reason: {en: Plans", "        level: expert\n        reason: {en: Plans")},
     "CMP306", DOMAIN, 32, Severity.ERROR),
    ("unknown-profile-competency", {"standards/profiles/coordinator.yaml": ("T1.3: foundational", "T4.3: foundational")},
     "CMP307", "standards/profiles/coordinator.yaml", 1, Severity.ERROR),
    ("unknown-lesson", {f"{T02}/assessment.yaml": ("lesson: 01-plan", "lesson: 09-plan")},
     "CMP308", f"{T02}/assessment.yaml", 2, Severity.ERROR),
    ("module-folder", {f"{T02}/module.yaml": ("id: t02-practice", "id: t02-other")},
     "CMP309", f"{T02}/module.yaml", 1, Severity.ERROR),
    ("duplicate-code", {DOMAIN: ("  - code: T1.3", "  - code: T1.2")},
     "CMP311", DOMAIN, 24, Severity.ERROR),
    ("duplicate-source", {"standards/sources/extra.yaml": "- {key: toy-2020, author: X, title: Y, year: 2001}\n"},
     "CMP312", "standards/sources/extra.yaml", 1, Severity.ERROR),
    ("duplicate-item", {f"{T01}/assessment.yaml": ("id: t12-a", "id: t11-a")},
     "CMP313", f"{T01}/assessment.yaml", 12, Severity.ERROR),
    ("module-language", {f"{T02}/module.yaml": ("languages: [en, fr]", "languages: [en, fr, de]")},
     "CMP314", f"{T02}/module.yaml", 1, Severity.ERROR),
    ("cycle", {DOMAIN: ("    sources: [toy-2020]\n", "    sources: [toy-2020]\n    prerequisites:\n      - {competency: T1.3, level: foundational, reason: {en: loop, fr: boucle}}\n")},
     "CMP401", DOMAIN, 23, Severity.ERROR),
    ("redundant", {DOMAIN: ("      - competency: T1.2\n", "      - {competency: T1.1, level: foundational, reason: {en: again, fr: encore}}\n      - competency: T1.2\n")},
     "CMP402", DOMAIN, 32, Severity.WARNING),
    ("level-above-highest", {DOMAIN: ("        level: foundational\n        reason: {en: Plans", "        level: leader\n        reason: {en: Plans")},
     "CMP403", DOMAIN, 32, Severity.ERROR),
    ("missing-asset", {f"{T01}/module.yaml": ("lessons:", "assets:\n  - {path: assets/x.svg, alt: {en: X, fr: X}}\nlessons:")},
     "CMP501", f"{T01}/module.yaml", 15, Severity.ERROR),
    ("asset-outside", {f"{T01}/module.yaml": ("lessons:", "assets:\n  - {path: ../t02-practice/module.yaml, alt: {en: X, fr: X}}\nlessons:")},
     "CMP502", f"{T01}/module.yaml", 15, Severity.ERROR),
    ("asset-absolute", {f"{T01}/module.yaml": ("lessons:", "assets:\n  - {path: /etc/hostname, alt: {en: X, fr: X}}\nlessons:")},
     "CMP503", f"{T01}/module.yaml", 15, Severity.ERROR),
    ("empty-lesson", {f"{T02}/lessons/01-plan.fr.md": "\n"},
     "CMP505", f"{T02}/lessons/01-plan.fr.md", 1, Severity.ERROR),
    ("undeclared-image", {f"{T02}/lessons/01-plan.en.md": ("See", "![A chart](../assets/chart.svg) See")},
     "CMP506", f"{T02}/lessons/01-plan.en.md", 3, Severity.ERROR),
    ("bad-link", {f"{T02}/lessons/01-plan.en.md": ("01-plan.en.md", "02-missing.en.md")},
     "CMP508", f"{T02}/lessons/01-plan.en.md", 3, Severity.ERROR),
    ("missing-translation-warning", {DOMAIN: ("title: {en: Audit, fr: Diagnostic}", "title: {en: Audit}")},
     "CMP601", DOMAIN, 15, Severity.WARNING),
    ("missing-required-translation", {DOMAIN: ("title: {en: Audit, fr: Diagnostic}", "title: {fr: Diagnostic}")},
     "CMP601", DOMAIN, 15, Severity.ERROR),
    ("missing-lesson-translation", {f"{T02}/lessons/01-plan.fr.md": None},
     "CMP601", f"{T02}/module.yaml", 12, Severity.WARNING),
]


def make_copy(tmp_path: Path, edits: dict[str, object]) -> Path:
    root = tmp_path / "toy"
    shutil.copytree(TOY, root)
    for relative, edit in edits.items():
        target = root / relative
        if edit is None:
            target.unlink()
        elif isinstance(edit, bytes):
            target.write_bytes(edit)
        elif isinstance(edit, str):
            target.write_text(edit, "utf-8")
        else:
            old, new = edit  # type: ignore[misc]
            text = target.read_text("utf-8")
            assert old in text, f"fixture edit does not apply: {old!r}"
            target.write_text(text.replace(old, new, 1), "utf-8")
    return root


def run(root: Path) -> list[Diagnostic]:
    cwd = os.getcwd()
    os.chdir(root)  # so reported paths are relative, as authors see them
    try:
        return list(validate(Path("standards"), Path("modules")).diagnostics)
    finally:
        os.chdir(cwd)


def test_the_toy_fixture_is_clean() -> None:
    result = validate(TOY / "standards", TOY / "modules")
    assert result.diagnostics == ()
    assert result.ok


@pytest.mark.parametrize(("name", "edits", "code", "file", "line", "severity"), CASES, ids=[c[0] for c in CASES])
def test_each_code_points_at_file_and_line(
    tmp_path: Path, name: str, edits: dict[str, object], code: str, file: str, line: int, severity: Severity
) -> None:
    diagnostics = run(make_copy(tmp_path, edits))
    matching = [d for d in diagnostics if d.code == code]
    assert matching, f"{name}: expected {code}, got {[d.format() for d in diagnostics]}"
    assert any(d.file == file and d.line == line and d.severity is severity for d in matching), (
        f"{name}: expected {code} at {file}:{line} ({severity.value}); got {[d.format() for d in matching]}"
    )
    assert all(d.format().startswith(f"{d.file}:{d.line}:") for d in matching)


def test_cycle_reports_every_edge_with_its_line(tmp_path: Path) -> None:
    edits = {DOMAIN: ("    sources: [toy-2020]\n", "    sources: [toy-2020]\n    prerequisites:\n"
                      "      - {competency: T1.3, level: foundational, reason: {en: loop, fr: boucle}}\n")}
    (cycle,) = [d for d in run(make_copy(tmp_path, edits)) if d.code == "CMP401"]
    assert "T1.1 -> T1.2 -> T1.3 -> T1.1" in cycle.message
    assert sorted(r.line for r in cycle.related) == [14, 23, 34]
    assert all(f"{DOMAIN}:{r.line}" in cycle.message for r in cycle.related)


def test_symlinked_asset_is_rejected(tmp_path: Path) -> None:
    root = make_copy(tmp_path, {f"{T01}/module.yaml": ("lessons:", "assets:\n  - {path: assets/x.svg, alt: {en: X, fr: X}}\nlessons:")})
    (root / T01 / "assets").mkdir()
    (root / T01 / "assets" / "x.svg").symlink_to(root / T01 / "module.yaml")
    codes = [(d.code, d.line) for d in run(root)]
    assert ("CMP504", 15) in codes


def test_module_cycle_names_modules_and_competencies(tmp_path: Path) -> None:
    # t02 teaches T1.3; make t01 also need T1.3 by teaching something that requires it.
    edits = {
        DOMAIN: ("    sources: [toy-2020]\n", "    sources: [toy-2020]\n    prerequisites:\n"
                 "      - {competency: T1.3, level: foundational, reason: {en: loop, fr: boucle}}\n"),
    }
    diagnostics = run(make_copy(tmp_path, edits))
    (module_cycle,) = [d for d in diagnostics if d.code == "CMP404"]
    assert "t01-basics" in module_cycle.message and "t02-practice" in module_cycle.message
    assert "T1.3" in module_cycle.message and "T1.2" in module_cycle.message


def test_load_catalogue_raises_with_every_error(tmp_path: Path) -> None:
    root = make_copy(tmp_path, {
        DOMAIN: ("sources: [toy-2020]", "sources: [toy-2021]"),
        f"{T02}/assessment.yaml": ("lesson: 01-plan", "lesson: 09-plan"),
    })
    with pytest.raises(LoadError) as info:
        load_catalogue(root / "standards", root / "modules")
    assert {"CMP305", "CMP308"} <= {d.code for d in info.value.diagnostics}
    assert isinstance(info.value, ValueError)


def test_schema_invalid_file_is_reported_not_a_traceback(tmp_path: Path) -> None:
    # A competency without its required `code`: a schema error, and nothing built from it.
    root = make_copy(tmp_path, {DOMAIN: ("  - code: T1.3\n    kind: skill", "  - kind: skill")})
    diagnostics = run(root)
    assert any(d.code == "CMP201" and d.file == DOMAIN and d.line == 24 and "'code' is a required property"
               in d.message for d in diagnostics)
