"""Ingest evidence files into the ledger, streaming, batch by batch.

``.csv`` files are assessor ratings, prior learning and participation (see
:mod:`.csvfile`); every other file is a JSON array or JSON lines whose records
are xAPI statements or SCORM results, told apart per record. Each batch of
records is appended atomically; a bad record becomes a :class:`Reject` naming
its file, record number and line, and the good records around it are kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from attrs import frozen

from competency.model import Catalogue
from competency.tracking.ingest.common import Parsed, RecordError
from competency.tracking.ingest.csvfile import parse_row, read_csv_records
from competency.tracking.ingest.reader import Raw, read_json_records
from competency.tracking.ingest.resolve import Resolver
from competency.tracking.ingest.scorm import is_scorm_record, parse_scorm
from competency.tracking.ingest.xapi import is_statement, parse_statement
from competency.tracking.ledger import Event, Ledger, Void

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


def iter_parsed(path: Path, resolver: Resolver, now: datetime) -> Iterator[tuple[Raw, Parsed | str]]:
    """Each record of ``path`` with its parsed rows or the reason it was rejected."""
    csv_file = path.suffix.lower() == ".csv"
    try:
        for raw in _records(path):
            if raw.error is not None:
                yield raw, raw.error
                continue
            try:
                if csv_file:
                    yield raw, parse_row(raw.value, resolver, now)
                elif is_statement(raw.value):
                    yield raw, parse_statement(raw.value, resolver, now)
                elif is_scorm_record(raw.value):
                    yield raw, parse_scorm(raw.value, resolver, now)
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
    record whose key is stored with different content is rejected as a
    conflict. Returns the counts and the rejects.
    """
    resolver = catalogue if isinstance(catalogue, Resolver) else Resolver(catalogue)
    now = now or datetime.now(UTC)
    tally = _Tally()
    for path in map(Path, paths):
        batch = _Batch(str(path), ledger, tally)
        for raw, parsed in iter_parsed(path, resolver, now):
            if isinstance(parsed, str):
                tally.reject(Reject(str(path), raw.number, raw.line, parsed))
            else:
                batch.add(raw, parsed)
                if batch.count >= batch_size:
                    batch.flush()
        batch.flush()
    return IngestReport(accepted=tally.accepted, duplicates=tally.duplicates, rejected=tally.rejected,
                        voids=tally.voids, rejects=tuple(tally.rejects))


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
        self.events: list[Event] = []
        self.voided: list[Void] = []
        self.people: list[tuple[str, str | None, str | None]] = []
        self.raws: dict[str, Raw] = {}
        self.count = self.first = 0

    def add(self, raw: Raw, parsed: Parsed) -> None:
        if self.count == 0:
            self.first = raw.number
        self.count += 1
        self.events.extend(parsed.events)
        self.voided.extend(parsed.voids)
        if parsed.person is not None and (parsed.person[1] or parsed.person[2]):
            self.people.append(parsed.person)
        for event in parsed.events:
            self.raws[event.key] = raw

    def flush(self) -> None:
        if self.events or self.voided:
            result = self.ledger.append(
                self.events, voided=self.voided, people=self.people, file=self.file,
                first_record=self.first, last_record=self.first + self.count - 1,
            )
            self.tally.accepted += result.accepted
            self.tally.duplicates += result.duplicates
            self.tally.voids += len(self.voided)
            for key in result.conflicts:
                raw = self.raws[key]
                message = f"conflicts with the stored event {key} (same id, other content)"
                self.tally.reject(Reject(self.file, raw.number, raw.line, message))
        self._reset()
