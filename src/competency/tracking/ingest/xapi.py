"""xAPI 1.0.3 statements as ledger events.

The object id says what a statement is about (a module, an item or a
competency, see :mod:`.resolve`); competency URIs in
``context.contextActivities.other`` add one event per competency named. The
statement ``id`` is the idempotency key, so re-ingesting an LRS export adds
nothing; a ``voided`` statement becomes a void of the statement it targets.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import datetime
from typing import Any

from attrs import evolve

from competency.tracking.events import Event, Record, Void
from competency.tracking.ingest.common import (
    MAX_ID,
    RecordError,
    check_text,
    get,
    opt_bool,
    opt_dict,
    opt_float,
    opt_str,
    parse_time,
)
from competency.tracking.ingest.resolve import Resolver

__all__ = ["VERBS", "is_statement", "parse_statement"]

_ADL = "http://adlnet.gov/expapi/verbs/"
_W3ID = "https://w3id.org/xapi/adl/verbs/"
#: Verb IRI -> the short name stored; cmi5 defines the first nine.
VERBS = {
    _ADL + "launched": "launched",
    _ADL + "initialized": "initialized",
    _ADL + "completed": "completed",
    _ADL + "passed": "passed",
    _ADL + "failed": "failed",
    _ADL + "terminated": "terminated",
    _W3ID + "abandoned": "abandoned",
    _W3ID + "waived": "waived",
    _W3ID + "satisfied": "satisfied",
    _ADL + "answered": "answered",
    _ADL + "scored": "scored",
    _ADL + "attempted": "attempted",
    _ADL + "mastered": "mastered",
    _ADL + "voided": "voided",
}
_IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def is_statement(value: Any) -> bool:
    return isinstance(value, dict) and "verb" in value and "actor" in value


def _learner(actor: Any) -> tuple[str, str | None, str | None]:
    if not isinstance(actor, dict):
        raise RecordError("actor: expected an object")
    if actor.get("objectType") == "Group":
        raise RecordError("actor: a Group is not a learner")
    found = ("mbox" in actor) + ("mbox_sha1sum" in actor) + ("openid" in actor) + ("account" in actor)
    if found != 1:
        raise RecordError(f"actor: needs exactly one of {', '.join(_IFIS)}; found {found}")
    name = opt_str(actor, "name", "actor")
    email = None
    if "account" in actor:
        account = get(actor, "account", dict, "actor", required=True)
        learner = get(account, "name", str, "actor.account", required=True)
    elif "mbox" in actor:
        mbox = get(actor, "mbox", str, "actor", required=True)
        if not mbox.startswith("mailto:"):
            raise RecordError("actor.mbox: expected a mailto: IRI")
        email = mbox[len("mailto:"):]
        # The ledger keys learners by a pseudonym; the address is kept apart.
        learner = "sha1:" + hashlib.sha1(mbox.encode()).hexdigest()
    elif "mbox_sha1sum" in actor:
        learner = "sha1:" + get(actor, "mbox_sha1sum", str, "actor", required=True).lower()
    else:
        learner = get(actor, "openid", str, "actor", required=True)
    if len(learner) > MAX_ID:
        check_text(learner, "actor", MAX_ID)
    return learner, name, email


def _score(result: dict[str, Any]) -> tuple[float | None, float | None, float | None, float | None]:
    score = opt_dict(result, "score", "result")
    if score is None:
        return None, None, None, None
    scaled = opt_float(score, "scaled", "result.score")
    raw = opt_float(score, "raw", "result.score")
    low = opt_float(score, "min", "result.score")
    high = opt_float(score, "max", "result.score")
    if scaled is not None and not -1.0 <= scaled <= 1.0:
        raise RecordError(f"result.score.scaled: {scaled} is outside -1..1")
    if low is not None and high is not None and not low < high:
        raise RecordError("result.score: min must be less than max")
    if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
        raise RecordError(f"result.score.raw: {raw} is outside min..max")
    if scaled is None and raw is not None and low is not None and high is not None:
        scaled = (raw - low) / (high - low)
    return scaled, raw, low, high


def _activities(context: dict[str, Any], kind: str) -> list[str]:
    found = opt_dict(context, "contextActivities", "context")
    if not found or kind not in found:
        return []
    value = found[kind]
    value = [value] if isinstance(value, dict) else value
    if not isinstance(value, list):
        raise RecordError(f"context.contextActivities.{kind}: expected an array")
    return [a["id"] for a in value if isinstance(a, dict) and isinstance(a.get("id"), str)]


def parse_statement(value: Any, resolver: Resolver, now: datetime, *,
                    origin: str = "") -> Record:
    """The events (or void) of one statement; raises :class:`RecordError`."""
    if not isinstance(value, dict):
        raise RecordError("expected a statement object")
    statement_id = value.get("id")
    if statement_id is None:
        # An LRS always assigns ids; a hand-made statement gets one from its content.
        canonical = json.dumps(value, sort_keys=True, separators=(",", ":"))
        statement_id = str(uuid.uuid5(uuid.NAMESPACE_URL, "xapi:" + canonical))
    elif not isinstance(statement_id, str):
        raise RecordError("id: expected a UUID string")
    elif not _UUID.match(statement_id):
        raise RecordError(f"id: {statement_id[:60]!r} is not a UUID")
    learner, name, email = _learner(value.get("actor"))
    verb_data = value.get("verb")
    if not isinstance(verb_data, dict) or not isinstance(verb_data.get("id"), str):
        raise RecordError("verb.id: missing")
    verb = VERBS.get(verb_data["id"])
    if verb is None:
        raise RecordError(f"verb.id: unknown verb {verb_data['id'][:200]!r}")
    stamp_text = value.get("timestamp", value.get("stored"))
    if stamp_text is None:
        raise RecordError("timestamp: missing (and no stored time)")
    observed = parse_time(stamp_text, "timestamp", now)
    obj = value.get("object")
    if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
        raise RecordError("object.id: missing")
    base_key = f"xapi:{statement_id}"
    if verb == "voided":
        if obj.get("objectType") != "StatementRef":
            raise RecordError("object: a voiding statement must target a StatementRef")
        return Record(voids=(Void(key=base_key, target=obj["id"], voided_at=observed),),
                      person=(learner, name, email), origin=origin)
    if obj.get("objectType", "Activity") != "Activity":
        raise RecordError(f"object.objectType: {obj.get('objectType')!r} is not an Activity")
    target = resolver.activity(obj["id"])
    if target is None:
        raise RecordError(f"object.id: unknown activity id {obj['id'][:200]!r}")
    result = opt_dict(value, "result", "statement") or {}
    scaled, raw, low, high = _score(result)
    success = opt_bool(result, "success", "result")
    completion = opt_bool(result, "completion", "result")
    response = opt_str(result, "response", "result")
    context = opt_dict(value, "context", "statement")
    registration = None
    module = target.module
    named: list[str] = []
    if context:
        registration = opt_str(context, "registration", "context")
        if registration is not None:
            check_text(registration, "context.registration", MAX_ID)
        if module is None:
            for iri in _activities(context, "parent") + _activities(context, "grouping"):
                found = resolver.activity(iri)
                if found is not None and found.module and not found.item:
                    module = found.module
                    break
        named = [code for iri in _activities(context, "other") if (code := resolver.competency(iri))]
    level = target.level
    if level is None and target.competency:
        level = resolver.outcome_level(module, target.competency)
    first = Event(key=base_key, learner=learner, source="xapi", observed_at=observed, record_id=statement_id,
                  module=module, method="module" if module else None, verb=verb, scaled=scaled, raw=raw,
                  score_min=low, score_max=high, success=success, completion=completion, response=response,
                  attempt=registration, competency=target.competency, level=level, item=target.item,
                  form=target.form, correct=success if target.item else None)
    if not named:
        return Record(events=(first,), person=(learner, name, email), origin=origin)
    # A statement on a module naming competencies is evidence for each of them (not the module).
    events = [first] if target.competency else []
    for code in dict.fromkeys(named):
        if code != target.competency:
            events.append(evolve(first, key=f"{base_key}#{code}", competency=code, item=None, form=None,
                                 correct=None, level=resolver.outcome_level(module, code)))
    return Record(events=tuple(events), person=(learner, name, email), origin=origin)
