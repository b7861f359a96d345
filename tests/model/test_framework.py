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
