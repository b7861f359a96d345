"""Rendering command results: readable text for people, JSON for machines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import click

from competency.diagnostics import Diagnostic

__all__ = ["emit_json", "print_diagnostics", "table"]


def emit_json(payload: Any) -> None:
    """Print ``payload`` as indented, key-sorted JSON (stable for diffs)."""
    click.echo(json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False))


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        colour = "red" if diagnostic.is_error else "yellow"
        click.secho(diagnostic.format(), fg=colour, err=True)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain aligned text table.

    >>> print(table(["a", "bb"], [[1, "x"], [22, "yy"]]))
    a   bb
    --  --
    1   x
    22  yy
    """
    cells = [[str(h) for h in headers], *([str(c) for c in row] for row in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths).rstrip())
    return "\n".join(lines)
