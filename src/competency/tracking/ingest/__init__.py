"""Ingest evidence files into the ledger, streaming, batch by batch.

``.csv`` files are assessor ratings, prior learning and participation (see
:mod:`.csvfile`); every other file is a JSON array or JSON lines whose records
are xAPI statements or SCORM results, told apart per record. Each batch of
records is appended atomically; a bad record becomes a :class:`Reject` naming
its file, record number and line, and the good records around it are kept. A
record re-sent with the same content adds nothing (a duplicate); one whose
key is already recorded with other content is a reject too (a conflict).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from attrs import frozen

from competency.model import Catalogue
from competency.tracking.events import Record
from competency.tracking.ingest.common import RecordError
from competency.tracking.ingest.csvfile import parse_row, read_csv_records
from competency.tracking.ingest.reader import Raw, read_json_records
from competency.tracking.ingest.resolve import Resolver
from competency.tracking.ingest.scorm import is_scorm_record, parse_scorm
from competency.tracking.ingest.xapi import is_statement, parse_statement
from competency.tracking.ledger import Ledger

__all__ = ["IngestReport", "Reject", "Resolver", "ingest", "iter_parsed"]

#: Rejects kept in a report; the count stays exact beyond it.
MAX_REJECTS = 10_000


@frozen
class Reject:
    """A record that was not stored, and why."""

    file: str
    record: int
    line: int
    message: str

    def format(self) -> str:
        return f"{self.file}:{self.line}: record {self.record}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"file": self.file, "record": self.record, "line": self.line, "message": self.message}


@frozen(kw_only=True)
class IngestReport:
    """Counts over every file: events added, already present, records rejected."""

    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    voids: int = 0
    rejects: tuple[Reject, ...] = ()

    @property
    def ok(self) -> bool:
        return self.rejected == 0

    def to_dict(self) -> dict[str, object]:
        return {"accepted": self.accepted, "duplicates": self.duplicates, "rejected": self.rejected,
                "voids": self.voids, "rejects": [r.to_dict() for r in self.rejects]}


def _records(path: Path) -> Iterator[Raw]:
    if path.suffix.lower() == ".csv":
        return read_csv_records(path)
    return read_json_records(path)


def iter_parsed(path: Path, resolver: Resolver, now: datetime) -> Iterator[tuple[Raw, Record | str]]:
    """Each record of ``path`` with what it adds to the ledger, or the reason it was rejected."""
    csv_file = path.suffix.lower() == ".csv"
    name = str(path)
    try:
        for raw in _records(path):
            if raw.error is not None:
                yield raw, raw.error
                continue
            origin = f"{name}:{raw.line}"
            try:
                if csv_file:
                    yield raw, parse_row(raw.value, resolver, now, origin=origin)
                elif is_statement(raw.value):
                    yield raw, parse_statement(raw.value, resolver, now, origin=origin)
                elif is_scorm_record(raw.value):
                    yield raw, parse_scorm(raw.value, resolver, now, origin=origin)
                else:
                    yield raw, "neither an xAPI statement (actor, verb) nor a SCORM record (cmi)"
            except RecordError as exc:
                yield raw, str(exc)
    except (OSError, UnicodeDecodeError) as exc:
        yield Raw(0, 0), f"cannot read the file: {exc}"


def ingest(
    ledger: Ledger,
    catalogue: Catalogue | Resolver,
    paths: Iterable[str | Path],
    *,
    batch_size: int = 1000,
    now: datetime | None = None,
) -> IngestReport:
    """Stream every file into ``ledger``; memory stays bounded by ``batch_size``.

    Re-ingesting a file adds nothing (each event has an idempotency key); a
    record whose key is already recorded with different content, in the
    ledger or earlier in the same files, is rejected as a conflict and the
    recorded event is kept. Returns the counts and the rejects.
    """
    resolver = catalogue if isinstance(catalogue, Resolver) else Resolver(catalogue)
    now = now or datetime.now(UTC)
    tally = _Tally()
    with _fewer_collections():
        for path in map(Path, paths):
            _ingest_file(ledger, resolver, path, now, batch_size, tally)
    return IngestReport(accepted=tally.accepted, duplicates=tally.duplicates, rejected=tally.rejected,
                        voids=tally.voids, rejects=tuple(tally.rejects))


@contextmanager
def _fewer_collections() -> Iterator[None]:
    # Each record allocates a score of containers, almost none of them in a cycle. At
    # the default threshold (700) the cyclic collector ran every few dozen records and
    # kept rescanning the batch in hand: about a quarter of the Python time of a large
    # ingest (bench/ingest.py). Cycles are still collected, in larger steps.
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 10_000), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _ingest_file(ledger: Ledger, resolver: Resolver, path: Path, now: datetime, batch_size: int,
                 tally: _Tally) -> None:
    batch = _Batch(str(path), ledger, tally)
    first_reject = len(tally.rejects)
    for raw, parsed in iter_parsed(path, resolver, now):
        if isinstance(parsed, str):
            tally.reject(Reject(str(path), raw.number, raw.line, parsed))
        else:
            batch.add(raw, parsed)
            if len(batch.records) >= batch_size:
                batch.flush()
    batch.flush()
    # Conflicts are known only when their batch is written: put them in record order.
    tally.rejects[first_reject:] = sorted(tally.rejects[first_reject:], key=lambda r: r.record)


class _Tally:
    def __init__(self) -> None:
        self.accepted = self.duplicates = self.rejected = self.voids = 0
        self.rejects: list[Reject] = []

    def reject(self, reject: Reject) -> None:
        self.rejected += 1
        if len(self.rejects) < MAX_REJECTS:
            self.rejects.append(reject)


class _Batch:
    """The records of one file read since the last commit."""

    def __init__(self, file: str, ledger: Ledger, tally: _Tally) -> None:
        self.file, self.ledger, self.tally = file, ledger, tally
        self._reset()

    def _reset(self) -> None:
        self.records: list[Record] = []
        # (record number, line) of each: enough for a reject, and the parsed JSON can go.
        self.where: list[tuple[int, int]] = []

    def add(self, raw: Raw, record: Record) -> None:
        self.records.append(record)
        self.where.append((raw.number, raw.line))

    def flush(self) -> None:
        if self.records:
            result = self.ledger.append_records(
                self.records, file=self.file, first_record=self.where[0][0], last_record=self.where[-1][0],
            )
            self.tally.accepted += result.accepted
            self.tally.duplicates += result.duplicates
            self.tally.voids += result.voids
            for conflict in result.conflicts:
                number, line = self.where[conflict.record]
                self.tally.reject(Reject(self.file, number, line, conflict.message))
        self._reset()
