"""The evidence ledger: append-only events, voids and idempotency keys.

:class:`Ledger` is the only writer of the tables in :mod:`.tables`. It appends
whole batches in one transaction (all or nothing), skips events whose
idempotency key is already stored, reports a re-sent key with different
content as a conflict, and never updates or deletes a row: a correction is a
void naming the record it withdraws, and readers leave voided records out.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from attrs import field, frozen
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from competency.tracking import tables
from competency.tracking.tables import batches, evidence, learners, voids

__all__ = ["SOURCES", "AppendResult", "Event", "Ledger", "Void"]

#: Where evidence comes from; ``participation`` is an exchange, meeting or mentoring.
SOURCES = ("xapi", "scorm", "lms", "assessor", "rpl", "participation")
_FIELDS = (
    "key", "learner", "competency", "module", "item", "level", "source", "method", "verb",
    "scaled", "raw", "score_min", "score_max", "success", "completion", "response", "correct",
    "attempt", "form", "kirkpatrick", "assessor", "observed_at", "record_id", "origin", "note",
)


@frozen(kw_only=True)
class Event:
    """One observation about a learner, as appended to or read from the ledger.

    ``key`` is the idempotency key: appending an event whose key is stored adds
    nothing. ``origin`` says where it was read (``file:line``). ``id`` is set
    only on events read back.
    """

    key: str
    learner: str
    source: str
    observed_at: datetime
    record_id: str
    origin: str = ""
    competency: str | None = None
    module: str | None = None
    item: str | None = None
    level: str | None = None
    method: str | None = None
    verb: str | None = None
    scaled: float | None = None
    raw: float | None = None
    score_min: float | None = None
    score_max: float | None = None
    success: bool | None = None
    completion: bool | None = None
    response: str | None = None
    correct: bool | None = None
    attempt: str | None = None
    form: str | None = None
    kirkpatrick: int | None = None
    assessor: str | None = None
    note: str | None = None
    id: int | None = field(default=None, eq=False)

    def to_row(self) -> dict[str, Any]:
        # Spelled out rather than getattr in a loop: this runs once per ingested event.
        values = [
            self.key, self.learner, self.competency, self.module, self.item, self.level, self.source,
            self.method, self.verb, self.scaled, self.raw, self.score_min, self.score_max, self.success,
            self.completion, self.response, self.correct, self.attempt, self.form, self.kirkpatrick,
            self.assessor, self.observed_at, self.record_id, self.origin, self.note,
        ]
        row = dict(zip(_FIELDS, values, strict=True))
        row["digest"] = _digest(values)
        return row

    def digest(self) -> str:
        """A hash of the content (not the origin), to tell a re-send from a conflict."""
        return _digest([getattr(self, name) for name in _FIELDS])


_ORIGIN_AT = _FIELDS.index("origin")


def _digest(values: list[Any]) -> str:
    content = values[:_ORIGIN_AT] + values[_ORIGIN_AT + 1:]
    return hashlib.blake2b(repr(content).encode(), digest_size=16).hexdigest()


@frozen(kw_only=True)
class Void:
    """A correction: withdraws every event of record ``target``."""

    key: str
    target: str
    voided_at: datetime
    origin: str = ""
    reason: str | None = None


@frozen(kw_only=True)
class AppendResult:
    """What one batch did: events added, already present, and conflicting keys."""

    accepted: int
    duplicates: int
    conflicts: tuple[str, ...] = ()


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything the ledger stores is UTC.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Ledger:
    """The ledger in one database (``Ledger.open("sqlite:///ledger.db")``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._insert_evidence = self._upsert_nothing(evidence, "key")
        self._bulk_evidence = self._compile_bulk(self._insert_evidence, [*_FIELDS, "digest", "batch_id"])
        self._sqlite = engine.dialect.name == "sqlite"
        self._insert_learner = self._upsert_nothing(learners, "id")
        self._insert_void = self._upsert_nothing(voids, "key")
        # Learners this object has seen committed: their rows need no insert.
        self._known: set[str] = set()

    @classmethod
    def open(cls, url: str) -> Ledger:
        """Connect and migrate; raises ``ValueError`` or :class:`~.tables.SchemaError`."""
        engine = tables.connect(url)
        tables.migrate(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def _compile_bulk(self, statement: Any, keys: list[str]) -> str:
        # The hot path of ingest: Core builds and compiles the statement once,
        # for a paramstyle that takes mappings on both drivers, and each batch
        # goes to the driver's executemany without per-row bind processing.
        # Values must then be driver-ready (see _driver_row).
        dialect = self.engine.dialect
        if dialect.name == "sqlite":
            dialect = SQLiteDialect_pysqlite(paramstyle="named")
        return str(statement.compile(dialect=dialect, column_keys=keys))

    def _upsert_nothing(self, table: Any, column: str) -> Any:
        dialect = postgresql if self.engine.dialect.name == "postgresql" else sqlite
        return dialect.insert(table).on_conflict_do_nothing(index_elements=[column])

    # -- writing -------------------------------------------------------------

    def append(
        self,
        events: Sequence[Event],
        *,
        voided: Sequence[Void] = (),
        people: Iterable[tuple[str, str | None, str | None]] = (),
        file: str = "",
        first_record: int = 0,
        last_record: int = 0,
    ) -> AppendResult:
        """Append one batch atomically: every event and void, or none.

        ``people`` gives optional ``(learner, name, email)``. Retries a batch
        that PostgreSQL aborted for a deadlock or serialisation failure.
        """
        for attempt in range(5):
            try:
                with self.engine.begin() as conn:
                    result, added = self._append(
                        conn, events, voided, people, file, first_record, last_record)
                self._known.update(added)
                return result
            except OperationalError as exc:
                if attempt == 4 or not _retryable(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _append(
        self,
        conn: Connection,
        events: Sequence[Event],
        voided: Sequence[Void],
        people: Iterable[tuple[str, str | None, str | None]],
        file: str,
        first_record: int,
        last_record: int,
    ) -> tuple[AppendResult, set[str]]:
        inserted = conn.execute(
            insert(batches).values(
                file=file[-1024:], first_record=first_record, last_record=last_record,
                committed_at=datetime.now(UTC),
            )
        ).inserted_primary_key
        assert inserted is not None
        batch_id = int(inserted[0])
        # Sorted keys give every writer the same lock order, so two concurrent
        # ingests on PostgreSQL cannot deadlock on overlapping records.
        persons = {learner: (learner, name, email) for learner, name, email in people}
        for event in events:
            if event.learner not in self._known:
                persons.setdefault(event.learner, (event.learner, None, None))
        if persons:
            conn.execute(
                self._insert_learner,
                [{"id": i, "name": n, "email": e} for i, n, e in sorted(persons.values())],
            )
        rows: dict[str, dict[str, Any]] = {}
        for event in events:
            row = event.to_row()
            row["batch_id"] = batch_id
            if self._sqlite:  # stored as SQLAlchemy's SQLite DateTime stores it: naive UTC text
                row["observed_at"] = _utc(row["observed_at"]).strftime("%Y-%m-%d %H:%M:%S.%f")
            rows.setdefault(event.key, row)
        if rows:
            conn.exec_driver_sql(self._bulk_evidence, [rows[k] for k in sorted(rows)])
        if voided:
            conn.execute(
                self._insert_void,
                [
                    {"key": v.key, "target": v.target, "voided_at": v.voided_at, "origin": v.origin,
                     "reason": v.reason, "batch_id": batch_id}
                    for v in sorted(voided, key=lambda v: v.key)
                ],
            )
        accepted = conn.execute(
            select(func.count()).select_from(evidence).where(evidence.c.batch_id == batch_id)
        ).scalar_one()
        duplicates = len(events) - accepted
        conflicts: tuple[str, ...] = ()
        if accepted < len(rows):
            conflicts = self._conflicts(conn, rows, batch_id)
        result = AppendResult(accepted=accepted, duplicates=duplicates - len(conflicts), conflicts=conflicts)
        return result, set(persons)

    def _conflicts(self, conn: Connection, rows: dict[str, dict[str, Any]], batch_id: int) -> tuple[str, ...]:
        found: list[str] = []
        keys = list(rows)
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            stored = conn.execute(
                select(evidence.c.key, evidence.c.digest).where(
                    evidence.c.key.in_(chunk), evidence.c.batch_id != batch_id
                )
            )
            found.extend(key for key, digest in stored if rows[key]["digest"] != digest)
        return tuple(sorted(found))

    # -- reading -------------------------------------------------------------

    def _live(self) -> Any:
        return ~evidence.c.record_id.in_(select(voids.c.target))

    def events(self, learner: str) -> tuple[Event, ...]:
        """Every live (not voided) event of ``learner``, oldest first."""
        query = (
            select(evidence)
            .where(evidence.c.learner == learner, self._live())
            .order_by(evidence.c.observed_at, evidence.c.id)
        )
        with self.engine.connect() as conn:
            return tuple(_event(row._mapping) for row in conn.execute(query))

    def iter_events(self, learners_: Iterable[str] | None = None) -> Iterator[tuple[str, tuple[Event, ...]]]:
        """``(learner, events)`` for every learner (or those given), by learner id."""
        query = select(evidence).where(self._live()).order_by(
            evidence.c.learner, evidence.c.observed_at, evidence.c.id
        )
        wanted = None if learners_ is None else set(learners_)
        with self.engine.connect() as conn:
            rows = conn.execution_options(stream_results=True, yield_per=5000).execute(query)
            current: str | None = None
            group: list[Event] = []
            for row in rows:
                event = _event(row._mapping)
                if wanted is not None and event.learner not in wanted:
                    continue
                if event.learner != current:
                    if current is not None:
                        yield current, tuple(group)
                    current, group = event.learner, []
                group.append(event)
            if current is not None:
                yield current, tuple(group)

    def learners(self) -> tuple[str, ...]:
        with self.engine.connect() as conn:
            return tuple(conn.execute(select(learners.c.id).order_by(learners.c.id)).scalars())

    def count(self, *, live: bool = False) -> int:
        """How many events are stored (``live``: not voided)."""
        query = select(func.count()).select_from(evidence)
        if live:
            query = query.where(self._live())
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def voided(self) -> tuple[str, ...]:
        with self.engine.connect() as conn:
            return tuple(conn.execute(select(voids.c.target).distinct().order_by(voids.c.target)).scalars())


def _event(row: Any) -> Event:
    values = {name: row[name] for name in _FIELDS}
    values["observed_at"] = _utc(values["observed_at"])
    return Event(id=row["id"], **values)


def _retryable(exc: OperationalError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    return code in ("40001", "40P01")
