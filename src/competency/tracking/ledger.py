"""The evidence ledger: append-only events, voids and idempotency keys.

:class:`Ledger` is the only writer of the tables in :mod:`.tables`. It appends
whole batches in one transaction (all or nothing), skips events whose
idempotency key is stored with the same content (duplicates), leaves out a
record whose key is recorded with other content (a conflict, reported), and
never updates or deletes a row: a correction is a void naming the record it
withdraws, and readers leave voided records out.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from attrs import frozen
from sqlalchemy import Engine, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from competency.tracking import tables
from competency.tracking.batch import Conflict, Plan, Recorded, plan_batch
from competency.tracking.events import Event, Record, Void
from competency.tracking.tables import batches, evidence, learners, voids

__all__ = ["SOURCES", "AppendResult", "Conflict", "Event", "Ledger", "Record", "Void"]

#: Where evidence comes from; ``participation`` is an exchange, meeting or mentoring.
SOURCES = ("xapi", "scorm", "lms", "assessor", "rpl", "participation")
#: The insert's columns, in table order (which is the order Core binds them in).
_COLUMNS = [c.name for c in evidence.columns if c.name != "id"]
_DEADLOCK_TRIES = 5


@frozen(kw_only=True)
class AppendResult:
    """What one batch did: events added, events already recorded, records left out."""

    accepted: int
    duplicates: int
    conflicts: tuple[Conflict, ...] = ()
    voids: int = 0


class _Replan(Exception):
    """Keys were stored since the batch was planned, some with other content."""

    def __init__(self, stored: dict[str, Recorded], stored_voids: dict[str, Recorded] | None = None) -> None:
        super().__init__(f"{len(stored) + len(stored_voids or {})} keys stored meanwhile")
        self.stored = stored
        self.stored_voids = stored_voids or {}


class Ledger:
    """The ledger in one database (``Ledger.open("sqlite:///ledger.db")``)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sqlite = engine.dialect.name == "sqlite"
        self._insert_evidence = self._compile_bulk()
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

    def _compile_bulk(self) -> str:
        # The hot path of ingest: Core builds and compiles the insert once, with
        # positional parameters on both drivers, and each batch goes to the
        # driver's executemany as plain tuples, without per-row bind processing
        # (rows are driver-ready, see batch.plan_batch). Inline: no RETURNING.
        kind: Any = SQLiteDialect_pysqlite if self._sqlite else PGDialect_psycopg
        dialect = kind(paramstyle="qmark" if self._sqlite else "format")
        compiled = self._upsert_nothing(evidence, "key").inline().compile(dialect=dialect, column_keys=_COLUMNS)
        if list(compiled.positiontup or ()) != _COLUMNS:
            raise RuntimeError(f"unexpected bind order {compiled.positiontup}")
        return str(compiled)

    def _upsert_nothing(self, table: Any, column: str) -> Any:
        dialect = sqlite if self._sqlite else postgresql
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
        """Append one batch in one transaction: all of it is committed, or none.

        Each event stands alone: one whose key is recorded with other content
        is left out (a :class:`Conflict` whose ``record`` is its index in
        ``events``) and the others are kept. ``people`` gives optional
        ``(learner, name, email)``.
        """
        records = [Record(events=(event,)) for event in events] + [Record(voids=(void,)) for void in voided]
        return self.append_records(records, people=people, file=file, first_record=first_record,
                                   last_record=last_record)

    def append_records(
        self,
        records: Sequence[Record],
        *,
        people: Iterable[tuple[str, str | None, str | None]] = (),
        file: str = "",
        first_record: int = 0,
        last_record: int = 0,
    ) -> AppendResult:
        """Append one batch of records atomically, and say which were left out.

        A record with an event whose key is recorded (in the ledger, or by an
        earlier record of the batch) with other content is left out whole and
        reported as a :class:`Conflict`; an event recorded with the same
        content is a duplicate and adds nothing. Retries a batch that
        PostgreSQL aborted for a deadlock or serialisation failure, and one
        that met keys another writer stored with other content meanwhile.
        """
        people = tuple(people)
        known: dict[str, Recorded] = {}
        known_voids: dict[str, Recorded] = {}
        failures = 0
        while True:
            plan = plan_batch(records, known, known_voids=known_voids, people=people,
                              learners_known=self._known, sqlite=self._sqlite)
            try:
                with self.engine.begin() as conn:
                    result = self._write(conn, plan, file, first_record, last_record)
            except _Replan as replan:
                # Progress: the plan left out every key already known, so each
                # replan learns at least one more, and a batch has few.
                if replan.stored.keys() <= known.keys() and replan.stored_voids.keys() <= known_voids.keys():
                    raise RuntimeError("replanned a batch without learning a stored key") from None
                known.update(replan.stored)
                known_voids.update(replan.stored_voids)
                continue
            except OperationalError as exc:
                failures += 1
                if failures == _DEADLOCK_TRIES or not _retryable(exc):
                    raise
                time.sleep(0.05 * failures)
                continue
            self._known.update(plan.persons)
            return result

    def _write(self, conn: Connection, plan: Plan, file: str, first_record: int, last_record: int) -> AppendResult:
        inserted = conn.execute(
            insert(batches).values(
                file=file[-1024:], first_record=first_record, last_record=last_record,
                committed_at=datetime.now(UTC),
            )
        ).inserted_primary_key
        assert inserted is not None
        batch_id = int(inserted[0])
        if plan.persons:
            conn.execute(
                self._insert_learner,
                [{"id": i, "name": n, "email": e} for i, n, e in sorted(plan.persons.values())],
            )
        if plan.rows:
            conn.exec_driver_sql(self._insert_evidence,
                                 [(key, digest, batch_id, *tail) for key, digest, tail in plan.rows])
        if plan.voids:
            conn.execute(
                self._insert_void,
                [
                    {"key": v.key, "target": v.target, "voided_at": v.voided_at, "origin": origin,
                     "reason": v.reason, "batch_id": batch_id}
                    for v, origin in sorted(plan.voids, key=lambda pair: pair[0].key)
                ],
            )
        accepted = conn.execute(
            select(func.count()).select_from(evidence).where(evidence.c.batch_id == batch_id)
        ).scalar_one()
        duplicates = plan.duplicates
        if accepted < len(plan.rows):
            # Keys stored since the plan was made: by an earlier batch or a
            # concurrent writer. Same content is a duplicate; other content
            # means some records must be left out, so plan the batch again.
            stored = self._stored(conn, plan, batch_id)
            planned = plan.digests()
            if any(planned[key] != digest for key, (digest, _) in stored.items()):
                raise _Replan(stored)
            duplicates += len(stored)
        voided = len(plan.voids)
        if plan.voids:
            voided = conn.execute(
                select(func.count()).select_from(voids).where(voids.c.batch_id == batch_id)
            ).scalar_one()
        if voided < len(plan.voids):
            # The same for voids: a key stored withdrawing another record is a conflict.
            stored_voids = self._stored_voids(conn, plan, batch_id)
            targets = {v.key: v.target for v, _ in plan.voids}
            if any(targets[key] != target for key, (target, _) in stored_voids.items()):
                raise _Replan({}, stored_voids)
            duplicates += len(stored_voids)
        return AppendResult(accepted=accepted, duplicates=duplicates, conflicts=plan.conflicts, voids=voided)

    def _stored(self, conn: Connection, plan: Plan, batch_id: int) -> dict[str, Recorded]:
        found: dict[str, Recorded] = {}
        keys = [key for key, _, _ in plan.rows]
        for start in range(0, len(keys), 500):
            query = select(evidence.c.key, evidence.c.digest, evidence.c.origin).where(
                evidence.c.key.in_(keys[start:start + 500]), evidence.c.batch_id != batch_id)
            found.update((key, (digest, origin)) for key, digest, origin in conn.execute(query))
        return found

    def _stored_voids(self, conn: Connection, plan: Plan, batch_id: int) -> dict[str, Recorded]:
        found: dict[str, Recorded] = {}
        keys = [void.key for void, _ in plan.voids]
        for start in range(0, len(keys), 500):
            query = select(voids.c.key, voids.c.target, voids.c.origin).where(
                voids.c.key.in_(keys[start:start + 500]), voids.c.batch_id != batch_id)
            found.update((key, (target, origin or "")) for key, target, origin in conn.execute(query))
        return found

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
            return tuple(Event.from_row(row._mapping) for row in conn.execute(query))

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
                event = Event.from_row(row._mapping)
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


def _retryable(exc: OperationalError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    return code in ("40001", "40P01")
