"""Stream records out of JSON arrays and JSON lines, in constant memory.

A file whose first non-blank character is ``[`` is a JSON array (as an LRS
exports statements); anything else is JSON lines, one record a line. Each
record comes out with its 1-based record number and the line it starts on, or
with the reason it could not be read, so one bad record never hides the rest.

A record holding a NUL character (``\\u0000``, anywhere) is rejected: PostgreSQL
cannot store one in text, and CSV files cannot carry one either.

JSON lines are parsed with orjson when it reads the line exactly as the
standard library would, which is whenever the line has no run of 19 digits
(orjson reads integers beyond 64 bits as floats); any other line, and any line
orjson rejects, goes to the standard library, which says where it breaks.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
from attrs import frozen

__all__ = ["MAX_RECORD", "Raw", "read_json_records"]

#: Largest record accepted, in characters; anything longer is rejected unread.
MAX_RECORD = 1 << 20
_CHUNK = 1 << 16
_WS = " \t\r\n"
_NUMBER = "0123456789.eE+-"
_BOM = b"\xef\xbb\xbf"
# Digits to "0", the rest to " ": a run of 19 "0"s then marks a number orjson might round.
_DIGITS = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x20 for byte in range(256))
_LONG_RUN = b"0" * 19
_NUL_ESCAPE = "\\u0000"  # the only way JSON text can hold a NUL character
_NUL_ESCAPE_BYTES = _NUL_ESCAPE.encode()
_NUL_ERROR = "contains a NUL character (\\u0000), which the ledger cannot store"


@frozen
class Raw:
    """One record as read: ``value`` or ``error``, never both."""

    number: int
    line: int
    value: Any = None
    error: str | None = None


def read_json_records(path: Path) -> Iterator[Raw]:
    """Yield every record of a JSON array or JSON-lines file."""
    with path.open("rb") as handle:
        head = handle.read(4096).lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if head.startswith(b"["):
        yield from _array(path)
    else:
        yield from _lines(path)


def _lines(path: Path) -> Iterator[Raw]:
    number = line_no = 0
    with path.open("rb") as handle:
        readline = handle.readline
        while True:
            line = readline(MAX_RECORD + 1)
            if not line:
                return
            line_no += 1
            if len(line) > MAX_RECORD and not line.endswith(b"\n"):
                while True:  # skip the rest of the over-long line without keeping it
                    rest = readline(_CHUNK)
                    if not rest or rest.endswith(b"\n"):
                        break
                number += 1
                yield Raw(number, line_no, error=f"record longer than {MAX_RECORD} bytes")
                continue
            stripped = line.strip()
            if line_no == 1 and stripped.startswith(_BOM):
                stripped = stripped[3:]
            if not stripped:
                continue
            number += 1
            if _LONG_RUN in stripped.translate(_DIGITS):
                raw = _standard(number, line_no, stripped)
            else:
                try:
                    raw = Raw(number, line_no, value=orjson.loads(stripped))
                except orjson.JSONDecodeError:
                    raw = _standard(number, line_no, stripped)
            if _NUL_ESCAPE_BYTES in stripped and raw.error is None and _has_nul(raw.value):
                raw = Raw(number, line_no, error=_NUL_ERROR)
            yield raw


def _has_nul(value: Any) -> bool:
    """Whether any string of ``value`` (a key too) holds a NUL character."""
    stack = [value]  # not recursive: a record may nest as deep as the parser allowed
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _standard(number: int, line_no: int, data: bytes) -> Raw:
    """One line read by the standard library, or why it cannot be read."""
    try:
        return Raw(number, line_no, value=json.loads(data.decode("utf-8")))
    except UnicodeDecodeError as exc:
        return Raw(number, line_no, error=f"not UTF-8 text ({exc.reason} at byte {exc.start})")
    except json.JSONDecodeError as exc:
        return Raw(number, line_no, error=f"malformed JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return Raw(number, line_no, error="malformed JSON: nested too deeply")


def _array(path: Path) -> Iterator[Raw]:
    decoder = json.JSONDecoder()
    with path.open("r", encoding="utf-8-sig", errors="replace") as handle:
        buf = ""
        pos = 0
        line = 1
        eof = False
        number = 0
        expect_value = True  # after '[' or ',' a value; after a value ',' or ']'
        opened = False

        def more() -> bool:
            nonlocal buf, pos, eof
            if eof:
                return False
            chunk = handle.read(_CHUNK)
            if not chunk:
                eof = True
                return False
            buf = buf[pos:] + chunk
            pos = 0
            return True

        while True:
            while True:  # skip blanks, counting lines
                while pos < len(buf) and buf[pos] in _WS:
                    if buf[pos] == "\n":
                        line += 1
                    pos += 1
                if pos < len(buf) or not more():
                    break
            if pos >= len(buf):
                yield Raw(number + 1, line, error="the JSON array is not closed (truncated file?)")
                return
            char = buf[pos]
            if not opened:
                opened, pos = True, pos + 1  # the '[' that chose this reader
                continue
            if char == "]" and (expect_value is False or number == 0):
                return
            if not expect_value:
                if char != ",":
                    problem = f"malformed JSON: expected ',' or ']' but found {char!r}"
                    yield Raw(number + 1, line, error=problem)
                    return
                pos += 1
                expect_value = True
                continue
            try:
                value, end = decoder.raw_decode(buf, pos)
            except RecursionError:
                yield Raw(number + 1, line, error="malformed JSON: nested too deeply")
                return  # as below: no safe way back into the array
            except json.JSONDecodeError as exc:
                if len(buf) - pos <= MAX_RECORD and more():
                    continue
                number += 1
                problem = (f"record longer than {MAX_RECORD} characters" if len(buf) - pos > MAX_RECORD
                           else f"malformed JSON: {exc.msg}")
                yield Raw(number, line, error=problem)
                return  # an array cannot be re-synchronised safely after this
            number += 1
            if (isinstance(value, (int, float)) and not isinstance(value, bool) and not eof
                    and (end >= len(buf) - 1 or buf[end] in _NUMBER)):
                # a number the chunk boundary may have cut ("100" of "100.5"): read on, parse it whole
                number -= 1
                more()
                continue
            if buf.find(_NUL_ESCAPE, pos, end) != -1 and _has_nul(value):
                yield Raw(number, line, error=_NUL_ERROR)
            else:
                yield Raw(number, line, value=value)
            line += buf.count("\n", pos, end)
            pos = end
            expect_value = False
