"""The streaming reader: arrays and JSON lines give back exactly the records written.

Except records holding a NUL character, which come back as a reject (the ledger cannot store one).
"""

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
NUL = "contains a NUL character (\\u0000), which the ledger cannot store"


def has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    return isinstance(value, list) and any(has_nul(v) for v in value)


def expected(records: list[object]) -> tuple[list[str | None], list[object]]:
    """The errors and values the reader should give back."""
    return ([NUL if has_nul(r) else None for r in records], [None if has_nul(r) else r for r in records])


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
    assert ([r.error for r in got], [r.value for r in got]) == expected(records)
    assert [r.number for r in got] == list(range(1, len(records) + 1))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=8), values, max_size=4), max_size=20))
def test_lines_round_trip(records: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.jsonl"
        path.write_text("".join(json.dumps(r) + "\n\n" for r in records), "utf-8")
        got = list(read_json_records(path))
    assert ([r.error for r in got], [r.value for r in got]) == expected(list(records))
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


def test_lines_read_big_integers_exactly(tmp_path: Path) -> None:
    # orjson would round 2**70 to a float; such lines go to the standard library.
    path = tmp_path / "a.jsonl"
    path.write_text('{"n": 1180591620717411303424, "id": "1234567890123456789012"}\n{"n": 12}\n', "utf-8")
    got = [r.value for r in read_json_records(path)]
    assert got == [{"n": 2**70, "id": "1234567890123456789012"}, {"n": 12}]
    assert type(got[0]["n"]) is int


def test_deep_nesting_is_a_reject_not_a_crash(tmp_path: Path) -> None:
    lines = tmp_path / "a.jsonl"
    lines.write_text('{"ok": 1}\n' + "[" * 100_000 + "\n" + '{"ok": 2}\n', "utf-8")
    got = list(read_json_records(lines))
    assert [r.error for r in got] == [None, "malformed JSON: nested too deeply", None]
    assert [r.value for r in got] == [{"ok": 1}, None, {"ok": 2}]
    array = tmp_path / "a.json"
    array.write_text('[{"ok": true}, ' + "[" * 100_000, "utf-8")
    got = list(read_json_records(array))
    assert got[0].value == {"ok": True} and got[1].error == "malformed JSON: nested too deeply"
