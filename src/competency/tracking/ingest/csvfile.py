"""Assessor ratings, recognised prior learning and participation, as CSV.

The format is documented in ``docs/tracking.md``: UTF-8, comma separated,
RFC 4180 quoting, a header row; columns in any order, unknown columns ignored.
Required: ``record_id, learner, competency, level, source, date``. Optional:
``result`` (achieved | not_achieved), ``score`` (0-1), ``assessor``, ``method``,
``kirkpatrick`` (1-4), ``module``, ``note``, ``voids``, ``learner_name``,
``learner_email``.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from competency.tracking.events import Event, Record, Void
from competency.tracking.ingest.common import MAX_ID, MAX_TEXT, RecordError, check_text, parse_time
from competency.tracking.ingest.reader import Raw
from competency.tracking.ingest.resolve import Resolver

__all__ = ["CSV_REQUIRED", "CSV_SOURCES", "parse_row", "read_csv_records"]

CSV_REQUIRED = ("record_id", "learner", "competency", "level", "source", "date")
#: ``participation``: an exchange visit, regional meeting or mentoring session.
CSV_SOURCES = ("assessor", "rpl", "lms", "participation")
_METHODS = (
    "assessment", "observation", "portfolio", "interview", "module", "exchange", "meeting", "mentoring",
)
_RESULTS = {"achieved": True, "not_achieved": False, "": True}


def read_csv_records(path: Path) -> Iterator[Raw]:
    """Rows as ``Raw`` records (value: a dict), numbered from 1 after the header."""
    csv.field_size_limit(min(sys.maxsize, 1 << 20))
    with path.open("r", encoding="utf-8-sig", newline="", errors="strict") as handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip().lower() for h in next(reader)]
        except StopIteration:
            return
        except (csv.Error, UnicodeDecodeError) as exc:
            yield Raw(1, 1, error=f"unreadable header: {exc}")
            return
        missing = [c for c in CSV_REQUIRED if c not in header]
        if missing:
            yield Raw(1, 1, error=f"header: missing column(s) {', '.join(missing)}")
            return
        number, line = 0, reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as exc:
                number += 1
                yield Raw(number, line, error=f"unreadable CSV row: {exc}")
                if isinstance(exc, UnicodeDecodeError):
                    return  # the decoder cannot resume after bad bytes
                line = reader.line_num + 1
                continue
            if not any(cell.strip() for cell in row):
                line = reader.line_num + 1
                continue
            number += 1
            if len(row) > len(header):
                yield Raw(number, line, error=f"{len(row)} fields, the header has {len(header)}")
            else:
                yield Raw(number, line, value=dict(zip(header, (c.strip() for c in row), strict=False)))
            line = reader.line_num + 1


def parse_row(row: dict[str, str], resolver: Resolver, now: datetime, *,
              origin: str = "") -> Record:
    """The event (and void) of one CSV row; raises :class:`RecordError`."""
    for column in CSV_REQUIRED:
        if not row.get(column):
            raise RecordError(f"{column}: missing")
    for column, value in row.items():
        check_text(value, column, MAX_TEXT if column == "note" else MAX_ID)
    source = row["source"].lower()
    if source not in CSV_SOURCES:
        raise RecordError(f"source: {source!r} is not one of {', '.join(CSV_SOURCES)}")
    code = resolver.competency(row["competency"])
    if code is None:
        raise RecordError(f"competency: unknown competency {row['competency']!r}")
    levels = resolver.framework.competency(code).level_ids or resolver.framework.scale.ids
    level = row["level"].lower()
    if level not in levels:
        raise RecordError(f"level: {level!r} is not a level of {code} ({', '.join(levels)})")
    result = row.get("result", "").lower()
    if result not in _RESULTS:
        raise RecordError(f"result: {result!r} is not achieved or not_achieved")
    scaled = None
    if row.get("score"):
        try:
            scaled = float(row["score"])
        except ValueError:
            raise RecordError(f"score: {row['score'][:40]!r} is not a number") from None
        if not 0.0 <= scaled <= 1.0:
            raise RecordError(f"score: {scaled} is outside 0..1")
    method = row.get("method", "").lower() or None
    if method is not None and method not in _METHODS:
        raise RecordError(f"method: {method!r} is not one of {', '.join(_METHODS)}")
    kirkpatrick = None
    if row.get("kirkpatrick"):
        if row["kirkpatrick"] not in ("1", "2", "3", "4"):
            raise RecordError(f"kirkpatrick: {row['kirkpatrick']!r} is not a level 1-4")
        kirkpatrick = int(row["kirkpatrick"])
    module = row.get("module") or None
    if module is not None and module not in resolver.modules:
        raise RecordError(f"module: unknown module {module!r}")
    observed = parse_time(row["date"], "date", now)
    event = Event(
        key=f"csv:{row['record_id']}", learner=row["learner"], competency=code, level=level,
        source=source, method=method, verb="rated", scaled=scaled, success=_RESULTS[result],
        assessor=row.get("assessor") or None, kirkpatrick=kirkpatrick, module=module,
        observed_at=observed, record_id=row["record_id"], note=row.get("note") or None,
    )
    voided: tuple[Void, ...] = ()
    if row.get("voids"):
        voided = (Void(key=f"csv-void:{row['record_id']}", target=row["voids"], voided_at=observed,
                       reason=row.get("note") or None),)
    person = (row["learner"], row.get("learner_name") or None, row.get("learner_email") or None)
    return Record(events=(event,), voids=voided, person=person, origin=origin)
