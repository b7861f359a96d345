"""Planning one batch: rows to insert, duplicates, and conflicting records.

A batch is planned in Python before its transaction opens, against what is
known to be recorded already: the events of earlier records of the batch, and
keys the database reported stored (see :meth:`.Ledger.append_records`). An
event whose key is recorded with the same content is a duplicate; with other
content it is a conflict, and its whole record is left out, so a rejected
record never leaves some of its events behind.  Voids are keyed too: a void
whose key is recorded withdrawing the same record is a duplicate, one that
withdraws another record is a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from operator import itemgetter

from attrs import frozen

from competency.tracking.events import Record, Void, content, content_digest, utc

__all__ = ["Conflict", "Plan", "Recorded", "plan_batch"]

#: What is known of a recorded key: its content digest and where it was read.
Recorded = tuple[str, str]
#: A planned evidence row: key, digest, and the columns after ``batch_id``.
Row = tuple[str, str, tuple[object, ...]]


@frozen
class Conflict:
    """Record number ``record`` of a batch (0-based) was not stored.

    Its event ``key`` is already recorded with other content; ``recorded``
    says where the recorded event was read, when that is known.
    """

    record: int
    key: str
    recorded: str = ""
    what: str = "event"  # or "void"

    @property
    def message(self) -> str:
        where = f" (read from {self.recorded})" if self.recorded else ""
        return (f"conflict: {self.what} {self.key} is already recorded with different content{where}; "
                f"the recorded {self.what} is kept")


@frozen
class Plan:
    """What one attempt at a batch will write, and what it leaves out."""

    rows: list[Row]  # sorted by key: every writer then locks keys in the same order
    voids: list[tuple[Void, str]]  # each with the origin to store
    persons: dict[str, tuple[str, str | None, str | None]]
    duplicates: int
    conflicts: tuple[Conflict, ...]

    def digests(self) -> dict[str, str]:
        return {key: digest for key, digest, _ in self.rows}


def plan_batch(
    records: Sequence[Record],
    known: Mapping[str, Recorded],
    *,
    known_voids: Mapping[str, Recorded] | None = None,
    people: Iterable[tuple[str, str | None, str | None]] = (),
    learners_known: set[str] | frozenset[str] = frozenset(),
    sqlite: bool,
) -> Plan:
    """Plan ``records`` against ``known`` (key -> digest, origin of what is recorded)
    and ``known_voids`` (void key -> target, origin).

    ``learners_known`` need no ``learners`` row; ``sqlite`` stores times as
    text (as SQLAlchemy does there), PostgreSQL as ``timestamptz``.
    """
    seen: dict[str, Recorded] = dict(known)
    seen_voids: dict[str, Recorded] = dict(known_voids or {})
    rows: list[Row] = []
    voids: list[tuple[Void, str]] = []
    persons = {learner: (learner, name, email) for learner, name, email in people}
    conflicts: list[Conflict] = []
    duplicates = 0
    for index, record in enumerate(records):
        built: list[tuple[str, str, str, tuple[object, ...]]] = []
        # Keys of this record's earlier events, when it has several.
        mine: dict[str, str] | None = {} if len(record.events) > 1 else None
        clash = _void_clash(index, record, seen_voids)
        for event in () if clash is not None else record.events:
            values = content(event)
            digest = content_digest(values)
            key = event.key
            earlier = seen.get(key)
            before = earlier[0] if earlier is not None else mine.get(key) if mine is not None else None
            if before is not None and before != digest:
                clash = Conflict(index, key, earlier[1] if earlier is not None else record.origin)
                break
            if mine is not None:
                mine[key] = digest
            origin = event.origin or record.origin
            # Columns after batch_id, in table order: values hold the time as text at [21].
            if sqlite:
                tail = (*values[1:23], origin, values[23])
            else:
                tail = (*values[1:21], utc(event.observed_at), values[22], origin, values[23])
            built.append((key, digest, origin, tail))
        if clash is not None:
            conflicts.append(clash)
            continue
        for key, digest, origin, tail in built:
            if key in seen:
                duplicates += 1
                continue
            seen[key] = (digest, origin)
            rows.append((key, digest, tail))
        for event in record.events:
            if event.learner not in learners_known:
                persons.setdefault(event.learner, (event.learner, None, None))
        for void in record.voids:
            if void.key in seen_voids:
                duplicates += 1  # the same correction, read again
                continue
            origin = void.origin or record.origin
            seen_voids[void.key] = (void.target, origin)
            voids.append((void, origin))
        person = record.person
        if person is not None and (person[1] or person[2]):
            persons[person[0]] = person
    rows.sort(key=itemgetter(0))
    return Plan(rows=rows, voids=voids, persons=persons, duplicates=duplicates, conflicts=tuple(conflicts))


def _void_clash(index: int, record: Record, seen: Mapping[str, Recorded]) -> Conflict | None:
    mine: dict[str, str] = {}
    for void in record.voids:
        earlier = seen.get(void.key)
        target = earlier[0] if earlier is not None else mine.get(void.key)
        if target is not None and target != void.target:
            return Conflict(index, void.key, earlier[1] if earlier is not None else record.origin, what="void")
        mine[void.key] = void.target
    return None
