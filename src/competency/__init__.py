"""Competency engine for community-safety knowledge-and-skills standards.

The public API is re-exported from the subpackages; importing this package stays
light (no YAML, SQL or lxml is imported until a loader or exporter is used).
"""

from competency.diagnostics import (
    CompetencyError,
    CycleError,
    Diagnostic,
    LoadError,
    Origin,
    Severity,
    UnknownCompetencyError,
)

__version__ = "0.1.0"

__all__ = [
    "CompetencyError",
    "CycleError",
    "Diagnostic",
    "LoadError",
    "Origin",
    "Severity",
    "UnknownCompetencyError",
    "__version__",
]
