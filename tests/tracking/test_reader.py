"""The streaming reader: arrays and JSON lines give back exactly the records written."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from competency.tracking.ingest import reader
from competency.tracking.ingest.reader import read_json_records

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children,
                                                                       max_size=4),
    max_leaves=12,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(values, max_size=30), st.sampled_from([None, 0, 2]), st.integers(16, 64))
def test_array_round_trip(records: list[object], indent: int | None, chunk: int) -> None:
    original = reader._CHUNK
    reader._CHUNK = chunk  # small chunks put record and number boundaries everywhere
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "a.json"
            path.write_text(json.dumps(records, indent=indent), "utf-8")
            got = list(read_json_records(path))
    finally:
        reader._CHUNK = original
    assert [r.error for r in got] == [None] * len(records)
    assert [r.value for r in got] == records
    assert [r.number for r in got] == list(range(1, len(records) + 1))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=8), values, max_size=4), max_size=20))
def test_lines_round_trip(records: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.jsonl"
        path.write_text("".join(json.dumps(r) + "\n\n" for r in records), "utf-8")
        got = list(read_json_records(path))
    assert [r.value for r in got] == records
    assert [r.line for r in got] == [2 * i + 1 for i in range(len(records))]


def test_array_lines_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[\n  {"a": 1},\n  {"b":\n    2},\n  {"c": 3}\n]\n', "utf-8")
    assert [(r.number, r.line) for r in read_json_records(path)] == [(1, 2), (2, 3), (3, 5)]


def test_garbage_between_array_records(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('[{"a": 1} {"b": 2}]', "utf-8")
    got = list(read_json_records(path))
    assert got[0].value == {"a": 1} and got[1].error is not None and "expected ','" in got[1].error
