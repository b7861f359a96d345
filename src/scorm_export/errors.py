"""Export errors: diagnostics with stable ``SCO`` codes, raised once per package.

Codes (listed in ``docs/scorm.md``):

- ``SCO1xx`` input that cannot be packaged (unsafe file names, missing lesson
  files, unknown citation keys, broken lesson links);
- ``SCO2xx`` content-packaging (CAM) rules broken by a manifest or a zip;
- ``SCO3xx`` XSD validation errors;
- ``SCO4xx`` the zip itself (unreadable, no manifest at the root).
"""

from __future__ import annotations

from collections.abc import Iterable

from competency.diagnostics import CompetencyError, Diagnostic, Severity

__all__ = ["ExportError", "error", "warning"]


class ExportError(CompetencyError, ValueError):
    """A package could not be written; ``diagnostics`` says every reason."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        lines = [d.format() for d in self.diagnostics]
        super().__init__("\n".join(lines) or "export failed")


def error(code: str, message: str, *, file: str = "", line: int = 0, path: str = "", hint: str = "") -> Diagnostic:
    """An error diagnostic (a shorthand used by every stage)."""
    return Diagnostic(code=code, severity=Severity.ERROR, message=message, file=file, line=line, path=path, hint=hint)


def warning(code: str, message: str, *, file: str = "", line: int = 0, path: str = "", hint: str = "") -> Diagnostic:
    """A warning diagnostic: reported, never fails a build."""
    return Diagnostic(code=code, severity=Severity.WARNING, message=message, file=file, line=line, path=path, hint=hint)
