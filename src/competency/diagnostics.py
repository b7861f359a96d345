"""Diagnostics: errors and warnings as data, and the exception hierarchy.

Every check in the toolkit yields :class:`Diagnostic` records instead of raising
on the first problem, so an author can fix every mistake in one pass.  Loading
functions collect them and raise one :class:`LoadError` at the end.  The codes are
stable and documented in ``docs/errors.md``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence

from attrs import field, frozen

__all__ = [
    "CompetencyError",
    "CycleError",
    "Diagnostic",
    "LoadError",
    "Origin",
    "Severity",
    "UnknownCompetencyError",
    "sort_diagnostics",
]


class Severity(str, enum.Enum):
    """How bad a diagnostic is: errors fail validation, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@frozen
class Origin:
    """Where a value came from: a file and a 1-based line and column."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


def _origins(value: Iterable[Origin]) -> tuple[Origin, ...]:
    return tuple(value)


@frozen(kw_only=True)
class Diagnostic:
    """One problem found in the authored data.

    ``code`` is stable (``CMP301``); ``path`` is the JSON path inside the file
    (``$.competencies[2].prerequisites[0]``); ``related`` holds other places
    that take part in the problem (each edge of a cycle, the first definition
    of a duplicate).
    """

    code: str
    severity: Severity
    message: str
    file: str = ""
    line: int = 0
    column: int = 0
    path: str = ""
    hint: str = ""
    related: tuple[Origin, ...] = field(default=(), converter=_origins)

    @classmethod
    def at(
        cls,
        origin: Origin | None,
        code: str,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        path: str = "",
        hint: str = "",
        related: Iterable[Origin] = (),
    ) -> Diagnostic:
        """Make a diagnostic located at ``origin`` (which may be unknown)."""
        return cls(
            code=code,
            severity=severity,
            message=message,
            file=origin.file if origin else "",
            line=origin.line if origin else 0,
            column=origin.column if origin else 0,
            path=path,
            hint=hint,
            related=tuple(related),
        )

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        """The one-line text form: ``file:line:col: error CMP301: message``."""
        where = str(Origin(self.file, self.line, self.column)) if self.file else "<input>"
        text = f"{where}: {self.severity.value} {self.code}: "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready mapping with fixed keys (see ``docs/cli.md``)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
            "related": [
                {"file": r.file, "line": r.line, "column": r.column} for r in self.related
            ],
        }


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by file, line, column, then code, dropping exact duplicates."""
    unique = set(diagnostics)
    return sorted(unique, key=lambda d: (d.file, d.line, d.column, d.code, d.message))


class CompetencyError(Exception):
    """Root of every error the toolkit raises on purpose."""


class LoadError(CompetencyError, ValueError):
    """Authored data could not be loaded; carries every diagnostic found."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = sort_diagnostics(diagnostics)
        errors = [d for d in self.diagnostics if d.is_error]
        first = errors[0].format() if errors else "no errors"
        super().__init__(f"{len(errors)} error(s); first: {first}")


class UnknownCompetencyError(CompetencyError, KeyError):
    """A competency code is not defined in the framework."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)

    def __str__(self) -> str:
        return f"unknown competency {self.code!r}"


class CycleError(CompetencyError, ValueError):
    """A cycle where a DAG is required; ``cycle`` lists the nodes in order."""

    def __init__(self, cycle: Sequence[str], what: str = "prerequisite") -> None:
        self.cycle = tuple(cycle)
        super().__init__(f"{what} cycle: {' -> '.join([*self.cycle, self.cycle[0]])}")
