"""SCORM 1.2 and 2004 run-time results (CMI data) as ledger events.

A record is the CMI data an LMS or scorm-again reported for one attempt, in an
envelope naming the learner, the module and when::

    {"id": "attempt-42", "learner": "s12345", "module": "m01-foundations",
     "timestamp": "2025-02-03T14:12:00Z",
     "cmi": {"score": {"scaled": "0.85"}, "success_status": "passed",
             "objectives": [{"id": "<competency URI>", "score": {"scaled": "0.9"},
                             "success_status": "passed"}],
             "interactions": [{"id": "<item IRI>", "result": "correct",
                               "learner_response": "b"}]}}

``cmi`` may be nested (arrays as lists, or objects keyed ``"0"``, ``"1"``...) or
flattened (``"cmi.objectives.0.id"``). The attempt becomes one module event,
one event per objective (a competency) and one per interaction (an item).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from competency.tracking.events import Event, Record
from competency.tracking.ingest.common import MAX_ID, MAX_TEXT, RecordError, check_text, parse_time
from competency.tracking.ingest.resolve import Resolver

__all__ = ["is_scorm_record", "parse_scorm"]


def is_scorm_record(value: Any) -> bool:
    return isinstance(value, dict) and ("cmi" in value or any(k.startswith("cmi.") for k in value))


def _unflatten(value: dict[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = dict(value.get("cmi") or {}) if isinstance(value.get("cmi"), dict) else {}
    for key, item in value.items():
        if not key.startswith("cmi."):
            continue
        node = nested
        parts = key.split(".")[1:]
        for part in parts[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise RecordError(f"{key}: clashes with another value")
        node[parts[-1]] = item
    return nested


def _array(value: Any, path: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, dict) and "childArray" in value:  # scorm-again's CMIArray form
        value = value["childArray"]
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        try:
            return [value[k] for k in sorted(value, key=int)]
        except ValueError:
            raise RecordError(f"{path}: expected an array or an object keyed by index") from None
    raise RecordError(f"{path}: expected an array")


def _number(data: Any, key: str, path: str) -> float | None:
    value = data.get(key) if isinstance(data, dict) else None
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise RecordError(f"{path}.{key}: expected a number, got a boolean")
    try:
        number = float(value)  # CMI values are strings: "0.85"
    except (TypeError, ValueError):
        raise RecordError(f"{path}.{key}: expected a number, got {str(value)[:40]!r}") from None
    if number != number or abs(number) == float("inf"):
        raise RecordError(f"{path}.{key}: expected a finite number")
    return number


def _text(data: Any, key: str, path: str, limit: int = MAX_TEXT) -> str | None:
    value = data.get(key) if isinstance(data, dict) else None
    if value is None:
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise RecordError(f"{path}.{key}: expected a string")
    return check_text(str(value), f"{path}.{key}", limit)


def _score(data: Any, path: str, default_max: float | None) -> tuple[float | None, ...]:
    score = data.get("score") if isinstance(data, dict) else None
    if score is not None and not isinstance(score, dict):
        raise RecordError(f"{path}.score: expected an object")
    scaled = _number(score, "scaled", f"{path}.score")
    raw = _number(score, "raw", f"{path}.score")
    low = _number(score, "min", f"{path}.score")
    high = _number(score, "max", f"{path}.score")
    if scaled is not None and not -1.0 <= scaled <= 1.0:
        raise RecordError(f"{path}.score.scaled: {scaled} is outside -1..1")
    if scaled is None and raw is not None:
        low_, high_ = low if low is not None else 0.0, high if high is not None else default_max
        if high_ is not None and high_ > low_:
            scaled = max(0.0, min(1.0, (raw - low_) / (high_ - low_)))
    return scaled, raw, low, high


_SUCCESS = {"passed": True, "failed": False}
_COMPLETION = {"completed": True, "passed": True, "failed": True, "incomplete": False, "not attempted": False}
_RESULT = {"correct": True, "incorrect": False, "wrong": False}


def parse_scorm(value: dict[str, Any], resolver: Resolver, now: datetime, *,
                origin: str = "") -> Record:
    """The events of one CMI results record; raises :class:`RecordError`."""
    cmi = _unflatten(value)
    core = cmi.get("core") if isinstance(cmi.get("core"), dict) else None  # SCORM 1.2
    learner = value.get("learner") or cmi.get("learner_id") or (core or {}).get("student_id")
    if not isinstance(learner, str) or not learner:
        raise RecordError("learner: missing (and no cmi.learner_id or cmi.core.student_id)")
    check_text(learner, "learner", MAX_ID)
    module = value.get("module")
    if not isinstance(module, str) or module not in resolver.modules:
        raise RecordError(f"module: unknown module {str(module)[:100]!r}")
    observed = parse_time(value.get("timestamp"), "timestamp", now)
    record_id = value.get("id")
    if record_id is None:
        canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)
        record_id = "scorm-" + hashlib.blake2b(canonical.encode(), digest_size=16).hexdigest()
    if not isinstance(record_id, str):
        raise RecordError("id: expected a string")
    check_text(record_id, "id", MAX_ID)
    name = _text(cmi, "learner_name", "cmi", MAX_ID) or _text(core, "student_name", "cmi.core", MAX_ID)
    common: dict[str, Any] = {"learner": learner, "source": "scorm", "method": "module", "module": module,
              "observed_at": observed, "record_id": record_id, "attempt": record_id}
    base = f"scorm:{record_id}"
    events: list[Event] = []
    if core is not None:
        status = _text(core, "lesson_status", "cmi.core")
        scaled, raw, low, high = _score(core, "cmi.core", 100.0)
        success, completion = _SUCCESS.get(status or ""), _COMPLETION.get(status or "")
    else:
        scaled, raw, low, high = _score(cmi, "cmi", None)
        success = _SUCCESS.get(_text(cmi, "success_status", "cmi") or "")
        completion = _COMPLETION.get(_text(cmi, "completion_status", "cmi") or "")
    events.append(Event(key=f"{base}:module", verb="reported", scaled=scaled, raw=raw, score_min=low,
                        score_max=high, success=success, completion=completion, **common))
    for n, objective in enumerate(_array(cmi.get("objectives"), "cmi.objectives")):
        path = f"cmi.objectives.{n}"
        if not isinstance(objective, dict):
            raise RecordError(f"{path}: expected an object")
        ident = _text(objective, "id", path, 4000) or ""
        code = resolver.competency(ident)
        if code is None:
            raise RecordError(f"{path}.id: unknown objective id {ident[:200]!r}")
        o_scaled, o_raw, o_low, o_high = _score(objective, path, 100.0)
        status = _text(objective, "success_status", path) or _text(objective, "status", path) or ""
        o_completion = _text(objective, "completion_status", path) or status
        events.append(Event(key=f"{base}:objective:{n}", competency=code, verb="reported",
                            level=resolver.outcome_level(module, code), scaled=o_scaled, raw=o_raw,
                            score_min=o_low, score_max=o_high, success=_SUCCESS.get(status),
                            completion=_COMPLETION.get(o_completion), **common))
    for n, interaction in enumerate(_array(cmi.get("interactions"), "cmi.interactions")):
        path = f"cmi.interactions.{n}"
        if not isinstance(interaction, dict):
            raise RecordError(f"{path}: expected an object")
        ident = _text(interaction, "id", path, 4000) or ""
        target = resolver.item(module, ident)
        if target is None:
            raise RecordError(f"{path}.id: unknown item {ident[:200]!r} in module {module}")
        result = _text(interaction, "result", path) or ""
        response = (_text(interaction, "learner_response", path)
                    or _text(interaction, "student_response", path))
        events.append(Event(key=f"{base}:interaction:{n}", competency=target.competency, item=target.item,
                            level=target.level, form=target.form, verb="answered", response=response,
                            correct=_RESULT.get(result), success=_RESULT.get(result), **common))
    return Record(events=tuple(events), person=(learner, name, None), origin=origin)
