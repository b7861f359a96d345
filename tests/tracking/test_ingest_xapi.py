"""xAPI ingest: mapping ids back, idempotency, rejects with file and line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from competency.model import Catalogue, item_iri, module_iri
from competency.tracking import Ledger, ingest

T11 = "urn:example:toy:T1.1"
PASSED = "http://adlnet.gov/expapi/verbs/passed"
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"


def statement(n: int, *, learner: str = "s1", verb: str = PASSED, obj: str | None = None,
              **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": f"00000000-0000-4000-8000-{n:012d}",
        "actor": {"objectType": "Agent", "account": {"homePage": "https://lms.example", "name": learner}},
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[-1]}},
        "object": {"objectType": "Activity", "id": obj or module_iri("t01-basics")},
        "result": {"score": {"scaled": 0.9}, "success": True, "completion": True},
        "timestamp": "2025-02-03T14:12:00Z",
    }
    data.update(extra)
    return data


def write_lines(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def test_array_and_lines_give_the_same_events(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    records = [statement(i, learner=f"s{i % 3}") for i in range(10)]
    array = tmp_path / "a.json"
    array.write_text(json.dumps(records, indent=2), "utf-8")
    report = ingest(ledger, catalogue, [array], batch_size=3)
    assert (report.accepted, report.duplicates, report.rejected) == (10, 0, 0)
    again = ingest(ledger, catalogue, [write_lines(tmp_path / "a.jsonl", records)])
    assert (again.accepted, again.duplicates, again.rejected) == (0, 10, 0)
    assert ledger.count() == 10


def test_item_and_objective_ids_map_back(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    other = {"contextActivities": {"other": [{"id": "urn:example:toy:T1.2"}]}}
    records = [
        statement(1, verb=ANSWERED, obj=item_iri("t01-basics", "t11-a"),
                  result={"success": False, "response": "b"}),
        statement(2, obj=T11),
        statement(3, context=other),
    ]
    report = ingest(ledger, catalogue, [write_lines(tmp_path / "s.jsonl", records)])
    assert report.rejected == 0, report.rejects
    events = {e.key: e for e in ledger.events("s1")}
    item = events["xapi:00000000-0000-4000-8000-000000000001"]
    assert (item.module, item.item, item.competency, item.level, item.form, item.correct, item.response) == (
        "t01-basics", "t11-a", "T1.1", "foundational", "post", False, "b")
    assert events["xapi:00000000-0000-4000-8000-000000000002"].competency == "T1.1"
    named = events["xapi:00000000-0000-4000-8000-000000000003#T1.2"]
    assert (named.competency, named.module, named.level, named.scaled) == (
        "T1.2", "t01-basics", "practitioner", 0.9)


def test_bad_records_are_rejected_with_their_line(ledger: Ledger, catalogue: Catalogue,
                                                  tmp_path: Path) -> None:
    good = [json.dumps(statement(i)) for i in range(3)]
    lines = [
        good[0],
        "{not json",
        json.dumps(statement(10, verb="http://example.org/verbs/danced")),
        json.dumps(statement(11, obj="https://elsewhere.example/activity")),
        json.dumps(statement(12, timestamp="2999-01-01T00:00:00Z")),
        json.dumps(statement(13, result={"score": {"scaled": "high"}})),
        json.dumps(statement(14, actor={"account": {"homePage": "x", "name": "n" * 5000}})),
        "",
        good[1],
        json.dumps([1, 2]),
        good[2],
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    report = ingest(ledger, catalogue, [path])
    assert (report.accepted, report.rejected) == (3, 7)
    where = [(r.record, r.line) for r in report.rejects]
    assert where == [(2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (9, 10)]
    messages = [r.message for r in report.rejects]
    assert "malformed JSON" in messages[0]
    assert "unknown verb" in messages[1]
    assert "unknown activity id" in messages[2]
    assert "in the future" in messages[3]
    assert "result.score.scaled: expected a number" in messages[4]
    assert "characters, at most" in messages[5]
    assert all(r.file == str(path) for r in report.rejects)


def test_truncated_array_keeps_the_records_before(ledger: Ledger, catalogue: Catalogue,
                                                  tmp_path: Path) -> None:
    text = json.dumps([statement(i) for i in range(5)], indent=1)
    path = tmp_path / "cut.json"
    path.write_text(text[: len(text) * 3 // 4], "utf-8")
    report = ingest(ledger, catalogue, [path])
    assert report.rejected == 1 and 1 <= report.accepted < 5


def test_voiding_hides_a_statement(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    void = statement(99, verb="http://adlnet.gov/expapi/verbs/voided",
                     obj="ignored", result=None)
    void["object"] = {"objectType": "StatementRef", "id": "00000000-0000-4000-8000-000000000001"}
    del void["result"]
    ingest(ledger, catalogue, [write_lines(tmp_path / "v.jsonl", [statement(1), statement(2), void])])
    assert ledger.count() == 2 and ledger.count(live=True) == 1
    assert [e.record_id for e in ledger.events("s1")] == ["00000000-0000-4000-8000-000000000002"]


def test_conflicting_resend_is_rejected(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    ingest(ledger, catalogue, [write_lines(tmp_path / "one.jsonl", [statement(1)])])
    changed = statement(1, result={"score": {"scaled": 0.1}, "success": False})
    report = ingest(ledger, catalogue, [write_lines(tmp_path / "two.jsonl", [changed])])
    assert (report.accepted, report.duplicates, report.rejected) == (0, 0, 1)
    assert "is already recorded with different content" in report.rejects[0].message


def test_email_is_kept_apart_from_the_learner_id(ledger: Ledger, catalogue: Catalogue,
                                                 tmp_path: Path) -> None:
    data = statement(1, actor={"mbox": "mailto:ana@example.org", "name": "Ana"})
    ingest(ledger, catalogue, [write_lines(tmp_path / "m.jsonl", [data])])
    (learner,) = ledger.learners()
    assert learner.startswith("sha1:") and "ana" not in learner


def test_a_null_account_is_a_reject(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    # It used to stop the whole ingest with an AttributeError.
    records = [statement(1, actor={"account": None}), statement(2)]
    report = ingest(ledger, catalogue, [write_lines(tmp_path / "s.jsonl", records)])
    assert (report.accepted, report.rejected) == (1, 1)
    assert report.rejects[0].message == "actor.account: missing"


def test_other_spellings_of_our_ids_still_resolve(catalogue: Catalogue) -> None:
    from competency.tracking.ingest import Resolver

    resolver = Resolver(catalogue)
    t11 = resolver.framework.competency("T1.1")
    for spelling in (t11.uri, str(t11.uuid), str(t11.uuid).upper(), f"urn:uuid:{t11.uuid}".upper()):
        target = resolver.activity(spelling)
        assert target is not None and target.competency == "T1.1", spelling
    assert resolver.activity(item_iri("t01-basics", "t11-a")) == resolver.item("t01-basics", "t11-a")
    assert resolver.activity("urn:cmncp:module:t01-basics:item:nope") is None


def test_a_nul_character_is_a_reject(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    # PostgreSQL refuses NUL in text: it used to fail the whole batch and stop the ingest there.
    records = [statement(1, result={"response": "a\u0000b"}), statement(2, result={"response": "a\\u0000b"})]
    lines = write_lines(tmp_path / "s.jsonl", records)
    array = tmp_path / "s.json"
    hidden = statement(3)
    hidden["verb"]["display"] = {"en\u0000": "x"}  # not a field the ledger stores: rejected all the same
    array.write_text(json.dumps([hidden, statement(4)]), "utf-8")
    report = ingest(ledger, catalogue, [lines, array])
    assert (report.accepted, report.rejected) == (2, 2)
    assert [(r.file, r.record) for r in report.rejects] == [(str(lines), 1), (str(array), 1)]
    assert all(r.message == "contains a NUL character (\\u0000), which the ledger cannot store"
               for r in report.rejects)
    assert [e.response for e in ledger.events("s1")] == ["a\\u0000b", None]


def test_ingest_restores_the_collector_thresholds(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    import gc

    before = gc.get_threshold()
    ingest(ledger, catalogue, [write_lines(tmp_path / "s.jsonl", [statement(1)])])
    with pytest.raises(TypeError):  # an ingest that fails half-way restores them too
        ingest(ledger, catalogue, [write_lines(tmp_path / "t.jsonl", [statement(2)]), 42])
    assert gc.get_threshold() == before
