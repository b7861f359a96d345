"""Progress, eligible modules, cohort report and explain, against both databases."""

from __future__ import annotations

import json
from pathlib import Path

from competency.model import Catalogue, module_iri
from competency.tracking import Ledger, ingest
from competency.tracking.mastery import BKT, Threshold
from competency.tracking.progress import eligible_modules, learning_path, progress, report

from .test_ingest_xapi import statement


def load(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    records = [
        statement(1, learner="s1", obj=module_iri("t01-basics")),
        statement(2, learner="s2", obj=module_iri("t01-basics"), result={"score": {"scaled": 0.5},
                                                                         "success": False}),
    ]
    path = tmp_path / "s.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    assert ingest(ledger, catalogue, [path]).accepted == 2


def test_progress_opens_the_next_module(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    load(ledger, catalogue, tmp_path)
    one = progress(ledger, catalogue, "s1")
    assert one.passed == ("t01-basics",) and one.eligible == ("t02-practice",)
    assert {m.competency: m.level for m in one.mastery} == {"T1.1": "practitioner", "T1.2": "practitioner",
                                                          "T1.3": None}
    two = progress(ledger, catalogue, "s2")
    assert two.passed == () and two.eligible == ("t01-basics",)
    assert progress(ledger, catalogue, "nobody").eligible == ("t01-basics",)
    assert json.loads(json.dumps(one.to_dict()))["eligible_modules"] == ["t02-practice"]


def test_explain_names_the_statement(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    load(ledger, catalogue, tmp_path)
    why = Threshold(catalogue, ledger).explain("s1", "T1.2")
    assert [r.record_id for r in why.reasons] == ["00000000-0000-4000-8000-000000000001"]
    assert BKT(catalogue, ledger).explain("s2", "T1.1").reasons[0].why.startswith("incorrect")


def test_cohort_report(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    load(ledger, catalogue, tmp_path)
    lines = {line.competency: line for line in report(ledger, catalogue)}
    assert (lines["T1.1"].learners, lines["T1.1"].proficient) == (2, 1)
    assert dict(lines["T1.1"].levels)["practitioner"] == 1
    assert lines["T1.3"].learners == 0
    only = {line.competency: line for line in report(ledger, catalogue, learners=["s2"])}
    assert only["T1.1"].proficient == 0


def test_eligible_modules_from_levels(catalogue: Catalogue) -> None:
    assert eligible_modules(catalogue, {}) == ("t01-basics",)
    assert eligible_modules(catalogue, {"T1.2": "foundational"}) == ("t01-basics", "t02-practice")
    held = {"T1.1": "leader", "T1.2": "practitioner", "T1.3": "practitioner"}
    assert eligible_modules(catalogue, held) == ()


def test_learning_path_from_mastery(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    load(ledger, catalogue, tmp_path)
    assert learning_path(ledger, catalogue, "s1", "coordinator").modules == ("t02-practice",)
    fresh = learning_path(ledger, catalogue, "nobody", "coordinator")
    assert fresh.modules == ("t01-basics", "t02-practice") and fresh.total_minutes == 50
