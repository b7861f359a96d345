"""Coverage of the standard by the modules."""

from competency.coverage.matrix import Cell, CoverageReport, OrderViolation, coverage

__all__ = ["Cell", "CoverageReport", "OrderViolation", "coverage"]
