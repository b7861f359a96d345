"""``competency build`` and ``competency package validate`` on the toy catalogue.

The exporters are found through real entry points: a ``.dist-info`` folder on
``sys.path`` registers them exactly as an installed distribution would.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from competency.cli.build import build
from competency.plugins import Exporter, load_exporters
from scorm_export.cli import package

ROOT = Path(__file__).resolve().parents[2]
TOY = ROOT / "tests" / "fixtures" / "toy"
ENTRY_POINTS = """[competency.exporters]
scorm12 = scorm_export.plugin:Scorm12Exporter
scorm2004 = scorm_export.plugin:Scorm2004Exporter
scorm2004-curriculum = scorm_export.plugin:CurriculumExporter

[competency.commands]
package = scorm_export.cli:package
"""


@pytest.fixture()
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    info = tmp_path / "site" / "scorm_export_plugins-0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: scorm-export-plugins\nVersion: 0.0\n", "utf-8")
    (info / "entry_points.txt").write_text(ENTRY_POINTS, "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    yield


@pytest.fixture()
def toy(tmp_path: Path) -> Path:
    root = tmp_path / "toy"
    shutil.copytree(TOY, root)
    return root


def args(toy: Path, *extra: str) -> list[str]:
    return ["--standards", str(toy / "standards"), "--modules", str(toy / "modules"), *extra]


def test_exporters_are_found_through_entry_points(installed: None) -> None:
    exporters = load_exporters()
    assert {"scorm12", "scorm2004", "scorm2004-curriculum"} <= set(exporters)
    assert all(isinstance(e, Exporter) for e in exporters.values())


def test_build_writes_every_package_then_skips_unchanged(installed: None, toy: Path) -> None:
    out = toy / "dist"
    runner = CliRunner()
    first = runner.invoke(build, args(toy, "--out", str(out), "--scorm", "1.2,2004", "--lang", "en,fr"))
    assert first.exit_code == 0, first.output
    zips = sorted(p.name for p in out.glob("*.zip"))
    assert zips == sorted(
        f"{m}-1.0.0-{lang}-scorm{v}.zip"
        for m in ("t01-basics", "t02-practice")
        for lang in ("en", "fr")
        for v in ("12", "2004")
    )
    assert "8 written, 0 unchanged" in first.output and "package" in first.output
    assert [p.name for p in out.iterdir() if p.name.startswith(".build-") and p.is_dir()] == []
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.zip")}
    again = runner.invoke(build, args(toy, "--out", str(out), "--scorm", "1.2,2004", "--lang", "en,fr", "--json"))
    assert again.exit_code == 0, again.output
    statuses = {p["file"]: p["status"] for p in json.loads(again.stdout)["packages"]}
    assert set(statuses.values()) == {"unchanged"}
    lesson = toy / "modules" / "t01-basics" / "lessons" / "01-concepts.fr.md"
    lesson.write_text(lesson.read_text("utf-8") + "\nUne phrase de plus.\n", "utf-8")
    third = runner.invoke(build, args(toy, "--out", str(out), "--scorm", "1.2,2004", "--lang", "en,fr", "--json"))
    changed = sorted(p["file"] for p in json.loads(third.stdout)["packages"] if p["status"] == "written")
    assert changed == ["t01-basics-1.0.0-fr-scorm12.zip", "t01-basics-1.0.0-fr-scorm2004.zip"]
    assert all(before[n] == (out / n).stat().st_mtime_ns for n in before if n not in changed)


def test_a_failed_build_leaves_dist_unchanged(installed: None, toy: Path) -> None:
    out = toy / "dist"
    assert CliRunner().invoke(build, args(toy, "--out", str(out), "--lang", "en")).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    target = sorted((toy / "modules" / "t02-practice" / "lessons").glob("*.en.md"))[0]
    target.write_text(target.read_text("utf-8") + '\n<img src="https://example.org/x.png" alt="x">\n', "utf-8")
    result = CliRunner().invoke(build, args(toy, "--out", str(out), "--lang", "en"))
    assert result.exit_code == 1
    assert "error SCO105" in result.stderr and "https://example.org/x.png" in result.stderr
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_build_usage_errors_exit_2(installed: None, toy: Path) -> None:
    result = CliRunner().invoke(build, args(toy, "--scorm", "2004.4"))
    assert result.exit_code == 2


def test_package_validate(installed: None, toy: Path, schemas: Path) -> None:
    out = toy / "dist"
    assert (
        CliRunner()
        .invoke(build, args(toy, "--out", str(out), "--scorm", "2004,curriculum", "--schemas", str(schemas)))
        .exit_code
        == 0
    )
    runner = CliRunner()
    for path in sorted(out.glob("*.zip")):
        ok = runner.invoke(package, ["validate", str(path), "--schemas", str(schemas), "--json"])
        assert ok.exit_code == 0, ok.output
        assert json.loads(ok.stdout)["ok"] is True
    good = sorted(out.glob("*.zip"))[0]
    broken = toy / "broken.zip"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            if info.filename != "shared/sco.js":
                dst.writestr(info, src.read(info))
    bad = runner.invoke(package, ["validate", str(broken), "--json"])
    assert bad.exit_code == 1
    assert [e["code"] for e in json.loads(bad.stdout)["errors"]] == ["SCO209"]
    text = runner.invoke(package, ["validate", str(broken)])
    assert "error SCO209" in text.stderr and "Traceback" not in text.output
    assert runner.invoke(package, ["validate", str(toy / "missing.zip")]).exit_code == 2
