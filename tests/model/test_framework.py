"""Identifiers and field checks of the standard's model."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from competency.diagnostics import Origin
from competency.model import Prerequisite, Text, competency_uuid


@given(st.text(min_size=1, max_size=40), st.from_regex(r"[A-Z][A-Z0-9]*\.[0-9]+", fullmatch=True))
def test_competency_uuid_is_uuid5_of_uri_and_code(uri: str, code: str) -> None:
    expected = uuid.uuid5(uuid.NAMESPACE_URL, f"{uri}#{code}")
    assert competency_uuid(uri, code) == expected
    assert competency_uuid(uri, code).version == 5


def test_prerequisite_fields_are_checked() -> None:
    reason = Text({"en": "r"})
    Prerequisite(competency="D1.1", level="practitioner", reason=reason, origin=Origin("f.yaml", 3, 1))
    with pytest.raises(ValueError, match=r"competency must match .*got 'd1\.1'"):
        Prerequisite(competency="d1.1", level="practitioner", reason=reason)
    with pytest.raises(TypeError, match="level must be a string"):
        Prerequisite(competency="D1.1", level=3, reason=reason)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="origin must be an Origin or None"):
        Prerequisite(competency="D1.1", level="x", reason=reason, origin="f.yaml:3")  # type: ignore[arg-type]


def test_from_checked_relies_on_the_schema_patterns_being_the_model_patterns() -> None:
    # Prerequisite.from_checked skips the field validators because the loaders'
    # input passed these two schema patterns: they must stay the same.
    import json

    from competency.io.schema_check import schema_text
    from competency.model.framework import COMPETENCY_CODE_RE, SLUG_RE

    common = json.loads(schema_text("common"))["$defs"]
    assert common["competencyCode"]["pattern"] == COMPETENCY_CODE_RE
    assert common["slug"]["pattern"] == SLUG_RE


def test_from_checked_builds_what_the_constructor_builds() -> None:
    reason, origin = Text({"en": "r", "fr": "r"}), Origin("f.yaml", 4, 7)
    made = Prerequisite.from_checked("D1.1", "practitioner", reason, origin)
    assert made == Prerequisite(competency="D1.1", level="practitioner", reason=reason, origin=origin)
    assert made.origin is origin
    assert hash(made) == hash(Prerequisite(competency="D1.1", level="practitioner", reason=reason))
