"""The shipped standard and modules: valid, bilingual, long enough, well assessed."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from competency.io import lesson_text
from competency.validation import load_catalogue, validate

ROOT = Path(__file__).parents[2]
MODULES = sorted(p.name for p in (ROOT / "modules").iterdir() if (p / "module.yaml").is_file())
PLACEHOLDER = re.compile(r"\b(TODO|TBD|lorem ipsum|to be completed|à compléter)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def catalogue():  # type: ignore[no-untyped-def]
    return load_catalogue(ROOT / "standards", ROOT / "modules")


def test_shipped_content_has_no_errors_or_warnings() -> None:
    result = validate(ROOT / "standards", ROOT / "modules")
    assert [d.format() for d in result.diagnostics] == []
    assert result.counts["domains"] == 8
    assert 28 <= result.counts["competencies"] <= 34


def test_every_competency_has_all_levels_sources_and_both_languages(catalogue) -> None:  # type: ignore[no-untyped-def]
    framework = catalogue.framework
    for competency in framework.competencies:
        assert competency.level_ids == framework.scale.ids, competency.code
        assert competency.sources, competency.code
        for text in (competency.title, competency.statement, *(t for _, t in competency.levels)):
            assert not text.missing(("en", "fr")), competency.code
    assert {p.id for p in framework.profiles} >= {"coordinator", "municipal-leader", "sector-partner"}


@pytest.mark.parametrize("module_id", MODULES)
def test_module_lessons_are_bilingual_and_long_enough(catalogue, module_id: str) -> None:  # type: ignore[no-untyped-def]
    module = catalogue.module(module_id)
    assert 4 <= len(module.lessons) <= 8
    for lang in ("en", "fr"):
        words = 0
        for lesson in module.lessons:
            text = lesson_text(module, lesson, lang)
            assert text.strip(), f"{lesson.id} has no {lang} text"
            assert not PLACEHOLDER.search(text), f"placeholder text in {lesson.id}.{lang}"
            words += len(text.split())
        assert words / 200 >= 45, f"{module_id} {lang}: {words} words is under 45 minutes at 200 wpm"


@pytest.mark.parametrize("module_id", MODULES)
def test_module_assessment_rules(catalogue, module_id: str) -> None:  # type: ignore[no-untyped-def]
    module = catalogue.module(module_id)
    assert module.assessment is not None and module.pretest is not None
    per_competency = Counter(item.competency for item in module.assessment.items)
    for code in module.assessed():
        assert per_competency[code] >= 3, f"{module_id}: {code} has {per_competency[code]} post-test items"
    assert len({item.type for item in module.assessment.items}) >= 3
    assert set(module.pretest.competencies) == set(module.assessment.competencies)
    for item in module.items:
        assert item.lesson and not item.rationale.missing(("en", "fr")) and not item.stem.missing(("en", "fr"))
        for option in item.options:
            assert option.feedback is not None and not option.feedback.missing(("en", "fr")), item.id
