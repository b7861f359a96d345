"""What the ledger holds: events, voids, the records they come in, and content digests.

An :class:`Event` is one observation about a learner; a :class:`Void`
withdraws every event of a record; a :class:`Record` is what one input record
(an xAPI statement, a SCORM attempt, a CSV row) adds, kept or rejected whole.

:func:`content_digest` tells a re-send (same key, same content: a duplicate)
from a conflict (same key, other content). It is stored with each event, so it
must not change between versions of Python or of any library: it hashes the
``ascii()`` form of plain values (escapes depend only on code points, float
``repr`` is the shortest round-trip form) and the time as UTC text.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from attrs import field, frozen

__all__ = ["CONTENT_FIELDS", "FIELDS", "Event", "Record", "Void", "content", "content_digest", "utc", "utc_text"]

#: Every stored field of an event, in the ``evidence`` table's column order.
FIELDS = (
    "key", "learner", "competency", "module", "item", "level", "source", "method", "verb",
    "scaled", "raw", "score_min", "score_max", "success", "completion", "response", "correct",
    "attempt", "form", "kirkpatrick", "assessor", "observed_at", "record_id", "origin", "note",
)
#: The fields the digest covers: all but ``origin`` (where it was read), in this order.
CONTENT_FIELDS = tuple(name for name in FIELDS if name != "origin")


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

    @classmethod
    def from_row(cls, row: Any) -> Event:
        """An event read back from an ``evidence`` row mapping (values as SQLAlchemy types them)."""
        values = {name: row[name] for name in FIELDS}
        values["observed_at"] = utc(values["observed_at"])
        return cls(id=row["id"], **values)

    def digest(self) -> str:
        """A hash of the content (not the origin), to tell a re-send from a conflict."""
        return content_digest(content(self))


@frozen(kw_only=True)
class Void:
    """A correction: withdraws every event of record ``target``."""

    key: str
    target: str
    voided_at: datetime
    origin: str = ""
    reason: str | None = None


@frozen
class Record:
    """What one input record adds: stored whole, or rejected whole on a conflict.

    ``person`` is ``(learner, name, email)`` when the source names the learner;
    ``origin`` (``file:line``) stands in for the ``origin`` of events and voids
    that carry none.
    """

    events: tuple[Event, ...] = ()
    voids: tuple[Void, ...] = ()
    person: tuple[str, str | None, str | None] | None = None
    origin: str = ""


def utc(value: datetime) -> datetime:
    """``value`` as aware UTC; a naive time is taken to be UTC already."""
    if value.tzinfo is UTC:
        return value
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utc_text(value: datetime) -> str:
    """The UTC time as SQLite stores it (SQLAlchemy's format), to the microsecond.

    >>> utc_text(datetime.fromisoformat("2025-02-03T09:12:00-05:00"))
    '2025-02-03 14:12:00.000000'
    """
    return utc(value).isoformat(" ", "microseconds")[:26]


def _number(value: float | None) -> float | None:
    # An int where a float is typed is legal; the database gives a float back.
    return value if value is None or type(value) is float else float(value)


def content(event: Event) -> tuple[object, ...]:
    """The values :func:`content_digest` covers, in :data:`CONTENT_FIELDS` order.

    The time is :func:`utc_text`, so equal instants give equal content.
    """
    return (
        event.key, event.learner, event.competency, event.module, event.item, event.level, event.source,
        event.method, event.verb, _number(event.scaled), _number(event.raw), _number(event.score_min),
        _number(event.score_max), event.success, event.completion, event.response, event.correct,
        event.attempt, event.form, event.kirkpatrick, event.assessor, utc_text(event.observed_at),
        event.record_id, event.note,
    )


def content_digest(values: tuple[object, ...]) -> str:
    """BLAKE2b-128 (hex) of :func:`content` values.

    >>> content_digest(("k", None, 0.5, True, 3, "é"))
    '8461e5cdb48233d3b3dcf01517dc6042'
    """
    return hashlib.blake2b(ascii(values).encode("ascii"), digest_size=16).hexdigest()
