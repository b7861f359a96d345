"""Mastery models and their explanations, on plain events (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from competency.model import Catalogue
from competency.tracking.ledger import Event
from competency.tracking.mastery import BKT, BKTParams, ParentRules, Rule, Threshold

START = datetime(2025, 1, 1, tzinfo=UTC)
_n = iter(range(1_000_000))


def event(**values: Any) -> Event:
    n = next(_n)
    base: dict[str, Any] = {"key": f"k{n}", "learner": "s1", "source": "xapi", "record_id": f"r{n}",
                            "observed_at": START + timedelta(minutes=n)}
    base.update(values)
    return Event(**base)


def test_threshold_best_module_result(catalogue: Catalogue) -> None:
    events = [event(module="t01-basics", scaled=0.7), event(module="t01-basics", scaled=0.85)]
    verdicts = Threshold(catalogue).assess(events)
    assert (verdicts["T1.1"].level, verdicts["T1.1"].proficient) == ("practitioner", True)
    assert verdicts["T1.3"].level is None and not verdicts["T1.3"].reasons
    whys = [r.why for r in verdicts["T1.1"].reasons]
    assert whys[0].startswith("scaled 0.7 vs mastery score 0.8: not passed")
    assert whys[1].startswith("scaled 0.85 vs mastery score 0.8: passed")


def test_threshold_latest_takes_the_last_result(catalogue: Catalogue) -> None:
    events = [event(module="t01-basics", scaled=0.9), event(module="t01-basics", scaled=0.5)]
    assert Threshold(catalogue).assess(events)["T1.1"].proficient
    assert not Threshold(catalogue, latest=True).assess(events)["T1.1"].proficient


def test_threshold_ratings_and_items(catalogue: Catalogue) -> None:
    events = [
        event(competency="T1.3", level="foundational", source="assessor", success=True),
        event(competency="T1.3", item="t13-a", module="t02-practice", level="foundational", correct=True),
        event(competency="T1.2", source="participation", method="meeting", kirkpatrick=1,
              level="practitioner", success=True),
    ]
    verdicts = Threshold(catalogue).assess(events)
    assert (verdicts["T1.3"].level, verdicts["T1.3"].proficient) == ("foundational", False)
    assert [r.counted for r in verdicts["T1.3"].reasons] == [True, False]
    assert verdicts["T1.2"].level is None  # a reaction-level meeting is not proficiency evidence


def test_parent_rules_all_and_points(catalogue: Catalogue) -> None:
    events = [event(module="t01-basics", scaled=0.95)]
    verdicts = ParentRules(catalogue).assess(events)
    assert not verdicts["T1"].proficient  # T1.3 is missing
    assert "T1.3: not proficient (rule: all children)" in [r.why for r in verdicts["T1"].reasons]
    points = ParentRules(catalogue, rules={"T1": Rule(kind="points", points=(("T1.1", 1), ("T1.2", 2)),
                                                      required=3)})
    assert points.assess(events)["T1"].proficient
    with pytest.raises(ValueError):
        Rule(kind="some")


def test_bkt_reaches_mastery_with_correct_answers(catalogue: Catalogue) -> None:
    answers = [event(competency="T1.1", item="t11-a", module="t01-basics", level="foundational",
                     correct=True) for _ in range(4)]
    verdict = BKT(catalogue).assess(answers)["T1.1"]
    assert verdict.probability is not None and verdict.probability >= 0.95
    assert verdict.level == "foundational"
    assert verdict.reasons[0].why == "correct: P(known) 0.200 -> 0.600"
    wrong = BKT(catalogue).assess([event(competency="T1.1", item="t11-a", correct=False)])["T1.1"]
    assert wrong.level is None and wrong.probability is not None and wrong.probability < 0.2


@given(st.floats(0, 1), st.booleans())
def test_bkt_update_stays_a_probability(p: float, correct: bool) -> None:
    after = BKTParams().update(p, correct)
    assert 0.0 <= after <= 1.0


def test_bkt_rejects_degenerate_parameters() -> None:
    with pytest.raises(ValueError, match="degenerate"):
        BKTParams(guess=0.6)
