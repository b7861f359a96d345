"""Duplicates and conflicts: same key and content adds nothing, other content is a reject.

Each test runs on SQLite and on PostgreSQL (the ``ledger`` fixture).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert, select

from competency.model import Catalogue, module_iri
from competency.tracking import Ledger, connect, ingest
from competency.tracking.events import CONTENT_FIELDS, FIELDS, Event, Record, content
from competency.tracking.tables import MIGRATIONS, batches, evidence, schema_version

from .test_ingest_xapi import statement, write_lines

KEY = "xapi:00000000-0000-4000-8000-000000000001"
T12 = {"contextActivities": {"other": [{"id": "urn:example:toy:T1.2"}]}}
T13 = {"contextActivities": {"other": [{"id": "urn:example:toy:T1.3"}]}}
AT = datetime(2025, 2, 3, 14, 12, tzinfo=UTC)


def changed(n: int, **extra: object) -> dict[str, object]:
    return statement(n, result={"score": {"scaled": 0.1}, "success": False}, **extra)


def stored(ledger: Ledger) -> dict[str, float | None]:
    return {e.key: e.scaled for learner in ledger.learners() for e in ledger.events(learner)}


def test_conflict_within_one_batch(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    path = write_lines(tmp_path / "s.jsonl", [statement(1), statement(2), changed(1), statement(3)])
    report = ingest(ledger, catalogue, [path])
    assert (report.accepted, report.duplicates, report.rejected) == (3, 0, 1)
    (reject,) = report.rejects
    assert (reject.file, reject.record, reject.line) == (str(path), 3, 3)
    assert reject.message == (f"conflict: event {KEY} is already recorded with different content "
                              f"(read from {path}:1); the recorded event is kept")
    assert stored(ledger)[KEY] == 0.9  # the first one stays


def test_exact_duplicates_stay_silent(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    # Within a batch, across batches of one file, and across files (which are read elsewhere).
    path = write_lines(tmp_path / "s.jsonl", [statement(1), statement(1), statement(2), statement(1)])
    other = write_lines(tmp_path / "t.jsonl", [statement(2)])
    report = ingest(ledger, catalogue, [path, other], batch_size=2)
    assert (report.accepted, report.duplicates, report.rejected) == (2, 3, 0)
    assert ledger.count() == 2


def test_conflict_across_files_and_batches(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    first = write_lines(tmp_path / "a.jsonl", [statement(1), statement(2)])
    second = write_lines(tmp_path / "b.jsonl", [statement(3), changed(2), statement(1), changed(1)])
    report = ingest(ledger, catalogue, [first, second], batch_size=1)
    assert (report.accepted, report.duplicates, report.rejected) == (3, 1, 2)
    assert [(r.file, r.record, r.line) for r in report.rejects] == [(str(second), 2, 2), (str(second), 4, 4)]
    assert all("already recorded with different content" in r.message for r in report.rejects)
    assert f"(read from {first}:2)" in report.rejects[0].message
    # A later ingest meets the stored event: the same message, from the ledger.
    again = ingest(ledger, catalogue, [write_lines(tmp_path / "c.jsonl", [changed(2)])])
    assert (again.accepted, again.duplicates, again.rejected) == (0, 0, 1)
    assert again.rejects[0].message == (
        "conflict: event xapi:00000000-0000-4000-8000-000000000002 is already recorded with different "
        f"content (read from {first}:2); the recorded event is kept")
    assert set(stored(ledger).values()) == {0.9}


def test_a_conflicting_record_leaves_none_of_its_events(ledger: Ledger, catalogue: Catalogue,
                                                       tmp_path: Path) -> None:
    # Statement 5 names T1.2 (one event); re-sent naming T1.2 and T1.3 with another score, its
    # T1.2 event conflicts, so its new T1.3 event must not be stored either.
    ingest(ledger, catalogue, [write_lines(tmp_path / "a.jsonl", [statement(5, context=T12)])])
    both = {"contextActivities": {"other": T12["contextActivities"]["other"] + T13["contextActivities"]["other"]}}
    report = ingest(ledger, catalogue, [write_lines(tmp_path / "b.jsonl", [changed(5, context=both)])])
    assert (report.accepted, report.duplicates, report.rejected) == (0, 0, 1)
    assert "#T1.2 is already recorded" in report.rejects[0].message
    assert list(stored(ledger)) == ["xapi:00000000-0000-4000-8000-000000000005#T1.2"]


def event(key: str, scaled: float | int, observed_at: datetime = AT, learner: str = "s1") -> Event:
    return Event(key=key, learner=learner, source="assessor", observed_at=observed_at, record_id=key,
                 competency="T1.1", scaled=scaled)


def test_records_are_kept_or_left_out_whole(ledger: Ledger) -> None:
    ledger.append([event("k1", 0.5)])
    records = [
        Record(events=(event("k2", 0.1), event("k1", 0.6)), origin="f:1"),  # k1 conflicts: k2 goes too
        Record(events=(event("k2", 0.2),), origin="f:2"),  # k2 is free again
        Record(events=(event("k2", 0.3), event("k3", 0.3)), origin="f:3"),  # k2 differs from record 1's
        Record(events=(event("k2", 0.2), event("k1", 0.5)), origin="f:4"),  # both recorded: duplicates
    ]
    result = ledger.append_records(records)
    assert (result.accepted, result.duplicates) == (1, 2)
    assert [(c.record, c.key, c.recorded) for c in result.conflicts] == [(0, "k1", ""), (2, "k2", "f:2")]
    assert stored(ledger) == {"k1": 0.5, "k2": 0.2}
    (k2,) = [e for e in ledger.events("s1") if e.key == "k2"]
    assert k2.origin == "f:2"


def test_equal_content_in_other_forms_is_a_duplicate(ledger: Ledger) -> None:
    ledger.append([event("k1", 1.0)])
    toronto = timezone(timedelta(hours=-5))
    again = ledger.append([event("k1", 1, observed_at=AT.astimezone(toronto))])
    assert (again.accepted, again.duplicates, again.conflicts) == (0, 1, ())


def test_content_lists_every_field_in_table_order() -> None:
    # plan_batch cuts rows by position: FIELDS must follow the table, content() must follow FIELDS.
    assert [c.name for c in evidence.columns if c.name not in ("id", "digest", "batch_id")] == list(FIELDS)
    values = {name: f"v-{name}" for name in FIELDS}
    full = Event(**{**values, "observed_at": AT, "scaled": 0.1, "raw": 2.0, "score_min": 0.0, "score_max": 4.0,
                    "success": True, "completion": False, "correct": True, "kirkpatrick": 3})
    expected = tuple("2025-02-03 14:12:00.000000" if name == "observed_at" else getattr(full, name)
                     for name in CONTENT_FIELDS)
    assert content(full) == expected


def test_digest_is_pinned() -> None:
    # Stored with every event: a change here makes every ledger see conflicts. Change the
    # formula only with a migration that recomputes the stored digests (see tables._v2).
    spelled_out = ("k1", "s1", "T1.1", None, None, None, "assessor", None, None, 0.5, None, None, None, None,
                   None, None, None, None, None, None, None, "2025-02-03 14:12:00.000000", "k1", None)
    assert hashlib.blake2b(ascii(spelled_out).encode(), digest_size=16).hexdigest() == (
        "bef0e5e30aa08bcb03683f3644b4e5ce")
    assert event("k1", 0.5).digest() == "bef0e5e30aa08bcb03683f3644b4e5ce"
    assert event("k1", 0.5, learner="s2").digest() != event("k1", 0.5).digest()


def _version_1_digest(event: Event) -> str:
    # How version 1 of the schema computed digests: repr() of the values, time as a datetime.
    names = ("key", "learner", "competency", "module", "item", "level", "source", "method", "verb", "scaled",
             "raw", "score_min", "score_max", "success", "completion", "response", "correct", "attempt", "form",
             "kirkpatrick", "assessor", "observed_at", "record_id", "note")
    return hashlib.blake2b(repr([getattr(event, n) for n in names]).encode(), digest_size=16).hexdigest()


def test_migration_2_recomputes_version_1_digests(db_url: str, catalogue: Catalogue, tmp_path: Path) -> None:
    engine = connect(db_url)
    old = Event(key=KEY, learner="s1", source="xapi", observed_at=AT, record_id=KEY[5:],
                module="t01-basics", method="module", verb="passed", scaled=0.9, success=True,
                completion=True)
    try:
        with engine.begin() as conn:  # a ledger as version 1 left it
            schema_version.create(conn)
            dict(MIGRATIONS)[1](conn)
            conn.execute(insert(schema_version).values(version=1, applied_at=AT))
            batch = conn.execute(insert(batches).values(file="old", first_record=1, last_record=1,
                                                        committed_at=AT)).inserted_primary_key
            values = {name: getattr(old, name) for name in ("key", "learner", "source", "observed_at",
                                                            "record_id", "module", "method", "verb",
                                                            "scaled", "success", "completion")}
            assert batch is not None
            conn.execute(insert(evidence).values(**values, origin="", batch_id=batch[0],
                                                 digest=_version_1_digest(old)))
    finally:
        engine.dispose()
    ledger = Ledger.open(db_url)
    try:
        with ledger.engine.connect() as conn:
            assert conn.execute(select(evidence.c.digest)).scalar_one() == old.digest()
        same = statement(1, obj=module_iri("t01-basics"))
        report = ingest(ledger, catalogue, [write_lines(tmp_path / "s.jsonl", [same])])
        assert (report.accepted, report.duplicates, report.rejected) == (0, 1, 0)
    finally:
        ledger.close()


def test_csv_rows_reusing_a_record_id(ledger: Ledger, catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    path.write_text("record_id,learner,competency,level,source,date,note\n"
                    "r1,s1,T1.1,practitioner,assessor,2025-01-10,site visit\n"
                    "r1,s1,T1.1,practitioner,assessor,2025-01-10,site visit\n"
                    "r1,s1,T1.1,foundational,assessor,2025-01-10,site visit\n", "utf-8")
    report = ingest(ledger, catalogue, [path])
    assert (report.accepted, report.duplicates, report.rejected) == (1, 1, 1)
    assert (report.rejects[0].record, report.rejects[0].line) == (3, 4)
    assert report.rejects[0].message.startswith("conflict: event csv:r1 is already recorded with different content")
    assert [e.level for e in ledger.events("s1")] == ["practitioner"]


def voiding(n: int, target: int) -> dict[str, object]:
    void = statement(n, verb="http://adlnet.gov/expapi/verbs/voided")
    void["object"] = {"objectType": "StatementRef", "id": f"00000000-0000-4000-8000-{target:012d}"}
    del void["result"]
    return void


def test_a_resent_void_is_a_duplicate_and_a_void_of_another_record_a_conflict(
    ledger: Ledger, catalogue: Catalogue, tmp_path: Path
) -> None:
    first = write_lines(tmp_path / "a.jsonl", [statement(1), statement(2), voiding(90, 1)])
    assert ingest(ledger, catalogue, [first]).voids == 1
    # The same void again, within one batch and from another file: nothing added, no void counted.
    again = ingest(ledger, catalogue, [write_lines(tmp_path / "b.jsonl", [voiding(90, 1), voiding(90, 1)])])
    assert (again.accepted, again.duplicates, again.rejected, again.voids) == (0, 2, 0, 0)
    # Its key withdrawing another record: rejected, with where the recorded void was read.
    other = write_lines(tmp_path / "c.jsonl", [statement(3), voiding(90, 2)])
    report = ingest(ledger, catalogue, [other])
    assert (report.accepted, report.duplicates, report.rejected, report.voids) == (1, 0, 1, 0)
    (reject,) = report.rejects
    assert (reject.record, reject.line) == (2, 2)
    assert reject.message == ("conflict: void xapi:00000000-0000-4000-8000-000000000090 is already "
                              f"recorded with different content (read from {first}:3); the recorded void is kept")
    assert ledger.voided() == ("00000000-0000-4000-8000-000000000001",)
    # Within one batch: the later void of the pair is the reject.
    pair = write_lines(tmp_path / "d.jsonl", [voiding(91, 2), voiding(91, 3)])
    within = ingest(ledger, catalogue, [pair])
    assert (within.voids, within.rejected) == (1, 1) and within.rejects[0].record == 2
