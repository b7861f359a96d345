"""What every ingester shares: record errors, checked getters, timestamps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

__all__ = [
    "CLOCK_SKEW",
    "MAX_ID",
    "MAX_TEXT",
    "RecordError",
    "check_text",
    "get",
    "opt_bool",
    "opt_dict",
    "opt_float",
    "opt_str",
    "parse_time",
]

MAX_ID = 255
MAX_TEXT = 4000  # SCORM 2004 learner_response allows 4000 characters
#: Timestamps later than now plus this are rejected as future.
CLOCK_SKEW = timedelta(minutes=5)


class RecordError(ValueError):
    """A record cannot be used; the message says which field and why."""


_NAMES = {str: "a string", bool: "true or false", dict: "an object", list: "an array", float: "a number"}


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    names: dict[type, str] = {str: "a string", dict: "an object", list: "an array"}
    return names.get(type(value), type(value).__name__)


def get(data: dict[str, Any], key: str, kind: type, path: str, *, required: bool = False) -> Any:
    """``data[key]`` checked to be of ``kind`` (``float`` accepts integers, not booleans)."""
    value = data.get(key)
    if value is None and not required:
        return None
    kind_of = type(value)
    if kind_of is kind and kind is not str and kind is not float:
        return value  # the common case, checked without the slower path below
    if kind is str and isinstance(value, str) and len(value) <= MAX_TEXT:
        return value
    if value is None:
        if required:
            raise RecordError(f"{path}.{key}: missing")
        return None
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    ok = numeric if kind is float else isinstance(value, kind)
    if not ok:
        expected = _NAMES.get(kind, kind.__name__)
        raise RecordError(f"{path}.{key}: expected {expected}, got {_type_name(value)}")
    if kind is float:
        value = float(value)
        if value != value or value in (float("inf"), float("-inf")):
            raise RecordError(f"{path}.{key}: expected a finite number")
    if isinstance(value, str):
        check_text(value, f"{path}.{key}", MAX_TEXT)
    return value


# The opt_* getters answer the common case (absent, or of the right type) at once and
# leave everything else to get(), which converts or raises with the exact reason.


def opt_str(data: dict[str, Any], key: str, path: str) -> str | None:
    """``data[key]``: a string of at most :data:`MAX_TEXT` characters, or ``None``."""
    value = data.get(key)
    if value is None or (type(value) is str and len(value) <= MAX_TEXT):
        return value
    found: str = get(data, key, str, path)
    return found


def opt_bool(data: dict[str, Any], key: str, path: str) -> bool | None:
    """``data[key]``: ``true``, ``false`` or ``None``."""
    value = data.get(key)
    if value is None or value is True or value is False:
        return value
    found: bool = get(data, key, bool, path)
    return found


def opt_dict(data: dict[str, Any], key: str, path: str) -> dict[str, Any] | None:
    """``data[key]``: an object, or ``None``."""
    value = data.get(key)
    if value is None or type(value) is dict:
        return value
    found: dict[str, Any] = get(data, key, dict, path)
    return found


def opt_float(data: dict[str, Any], key: str, path: str) -> float | None:
    """``data[key]``: a finite number as a float, or ``None``."""
    value = data.get(key)
    if type(value) is float and value - value == 0.0:  # infinities and NaN give NaN
        return value
    if value is None:
        return None
    found: float = get(data, key, float, path)
    return found


def check_text(value: str, path: str, limit: int) -> str:
    if len(value) > limit:
        raise RecordError(f"{path}: {len(value)} characters, at most {limit} allowed")
    return value


def parse_time(value: Any, path: str, now: datetime) -> datetime:
    """An ISO 8601 timestamp as aware UTC; rejects unparsable and future times."""
    if not isinstance(value, str):
        raise RecordError(f"{path}: expected an ISO 8601 timestamp, got {_type_name(value)}")
    try:
        stamp = datetime.fromisoformat(value.strip())
    except ValueError:
        raise RecordError(f"{path}: {value[:40]!r} is not an ISO 8601 timestamp") from None
    stamp = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)
    if stamp > now + CLOCK_SKEW:
        raise RecordError(f"{path}: {value[:40]} is in the future")
    return stamp
