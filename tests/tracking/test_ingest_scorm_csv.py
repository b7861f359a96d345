"""SCORM results and the assessor / prior-learning CSV."""

from __future__ import annotations

import json
from pathlib import Path

from competency.model import Catalogue, item_iri
from competency.tracking import Ledger, ingest

T11_UUID = "5635a748-4c51-5b54-b62f-760c4e341632"


def scorm_2004(record_id: str = "attempt-1") -> dict[str, object]:
    return {
        "id": record_id, "learner": "s1", "module": "t01-basics", "timestamp": "2025-03-01T10:00:00Z",
        "cmi": {
            "score": {"scaled": "0.85"}, "success_status": "passed", "completion_status": "completed",
            "objectives": {"0": {"id": "urn:example:toy:T1.1", "score": {"scaled": "0.9"},
                                 "success_status": "passed"}},
            "interactions": [{"id": item_iri("t01-basics", "t12-a"), "result": "incorrect",
                              "learner_response": "a"}],
        },
    }


def test_scorm_2004_nested(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps([scorm_2004()]), "utf-8")
    report = ingest(ledger, catalogue, [path])
    assert (report.accepted, report.rejected) == (3, 0), report.rejects
    events = {e.key: e for e in ledger.events("s1")}
    module = events["scorm:attempt-1:module"]
    assert (module.scaled, module.success, module.completion, module.competency) == (0.85, True, True, None)
    objective = events["scorm:attempt-1:objective:0"]
    assert (objective.competency, objective.level, objective.scaled) == ("T1.1", "practitioner", 0.9)
    answer = events["scorm:attempt-1:interaction:0"]
    assert (answer.item, answer.competency, answer.correct, answer.response) == ("t12-a", "T1.2", False, "a")
    assert ingest(ledger, catalogue, [path]).duplicates == 3


def test_scorm_12_flattened(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    record = {
        "module": "t01-basics", "timestamp": "2025-03-01T10:00:00Z",
        "cmi.core.student_id": "s2", "cmi.core.lesson_status": "failed", "cmi.core.score.raw": "40",
        "cmi.objectives.0.id": T11_UUID, "cmi.objectives.0.status": "failed",
        "cmi.interactions.0.id": "t11-a", "cmi.interactions.0.result": "wrong",
        "cmi.interactions.0.student_response": "c",
    }
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(record) + "\n", "utf-8")
    report = ingest(ledger, catalogue, [path])
    assert (report.accepted, report.rejected) == (3, 0), report.rejects
    events = ledger.events("s2")
    assert [e.scaled for e in events if e.competency is None] == [0.4]
    assert {e.competency for e in events} == {None, "T1.1"}
    assert [e.success for e in events if e.item is None and e.competency] == [False]


def test_scorm_unknown_objective_rejects_the_whole_record(ledger: Ledger, catalogue: Catalogue,
                                                          tmp_path: Path) -> None:
    bad = scorm_2004("attempt-2")
    bad["cmi"]["objectives"]["1"] = {"id": "urn:other:X1.1"}  # type: ignore[index]
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(scorm_2004()) + "\n" + json.dumps(bad) + "\n", "utf-8")
    report = ingest(ledger, catalogue, [path])
    assert (report.accepted, report.rejected) == (3, 1)
    assert (report.rejects[0].line, report.rejects[0].message) == (
        2, "cmi.objectives.1.id: unknown objective id 'urn:other:X1.1'")


CSV = """record_id,learner,competency,level,source,date,result,assessor,method,kirkpatrick,note,voids
r1,s1,T1.1,practitioner,assessor,2025-01-10,achieved,a.b,observation,,site visit,
r2,s1,urn:example:toy:T1.2,foundational,rpl,2025-01-11,,,portfolio,,college credit,
r3,s1,T1.9,practitioner,assessor,2025-01-12,,,,,,
r4,s1,T1.1,expert,assessor,2025-01-12,,,,,,
r5,s2,T1.3,foundational,participation,2025-01-13,,,exchange,3,visit to Laval,
r6,s1,T1.1,practitioner,assessor,2025-01-14,not_achieved,a.b,observation,,"a, quoted
note",r1
"""


def test_csv_ratings_prior_learning_participation(ledger: Ledger, catalogue: Catalogue,
                                                  tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    path.write_text(CSV, "utf-8")
    report = ingest(ledger, catalogue, [path])
    assert (report.accepted, report.rejected, report.voids) == (4, 2, 1)
    assert [(r.record, r.line) for r in report.rejects] == [(3, 4), (4, 5)]
    assert "unknown competency" in report.rejects[0].message
    assert "is not a level of T1.1" in report.rejects[1].message
    live = {e.record_id: e for e in ledger.events("s1")}
    assert set(live) == {"r2", "r6"}  # r6 voided r1
    assert live["r2"].competency == "T1.2" and live["r2"].source == "rpl"
    assert live["r6"].note == "a, quoted\nnote"
    (visit,) = ledger.events("s2")
    assert (visit.method, visit.kirkpatrick, visit.source) == ("exchange", 3, "participation")
    assert ingest(ledger, catalogue, [path]).accepted == 0


def test_csv_missing_column(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("learner,competency\ns1,T1.1\n", "utf-8")
    report = ingest(ledger, catalogue, [path])
    assert report.rejected == 1 and "missing column(s) record_id" in report.rejects[0].message
