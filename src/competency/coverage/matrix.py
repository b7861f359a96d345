"""Coverage of the standard by the modules.

The matrix says, for each competency and module, at which level the module
teaches and assesses it.  The gap lists are what a curriculum designer fixes:
competencies nobody teaches, taught but never assessed, assessed but never
taught, modules aligned to nothing, and prerequisites that the default module
order (the order of the module ids) teaches after their dependent.
"""

from __future__ import annotations

from attrs import field, frozen

from competency.model import Catalogue

__all__ = ["Cell", "CoverageReport", "OrderViolation", "coverage"]


@frozen
class Cell:
    """What one module does for one competency."""

    teaches: str | None = None
    assesses: str | None = None


@frozen(kw_only=True)
class OrderViolation:
    """``prerequisite`` is first taught in ``late_module``, after ``early_module``
    teaches ``dependent``."""

    prerequisite: str
    dependent: str
    early_module: str
    late_module: str


@frozen(kw_only=True)
class CoverageReport:
    """The competency x module matrix and its gaps."""

    competencies: tuple[str, ...]
    modules: tuple[str, ...]
    matrix: dict[tuple[str, str], Cell] = field(eq=False)
    untaught: tuple[str, ...]
    unassessed: tuple[str, ...]
    assessed_untaught: tuple[str, ...]
    unaligned_modules: tuple[str, ...]
    order_violations: tuple[OrderViolation, ...]

    @property
    def has_gaps(self) -> bool:
        return bool(self.untaught or self.unassessed or self.assessed_untaught
                    or self.unaligned_modules or self.order_violations)

    def cell(self, code: str, module_id: str) -> Cell:
        return self.matrix.get((code, module_id), Cell())

    def to_dict(self) -> dict[str, object]:
        return {
            "competencies": list(self.competencies),
            "modules": list(self.modules),
            "matrix": {
                code: {m: {"teaches": c.teaches, "assesses": c.assesses}
                       for m in self.modules if (c := self.cell(code, m)) != Cell()}
                for code in self.competencies
            },
            "gaps": {
                "untaught": list(self.untaught),
                "taught_unassessed": list(self.unassessed),
                "assessed_untaught": list(self.assessed_untaught),
                "unaligned_modules": list(self.unaligned_modules),
                "order_violations": [
                    {"prerequisite": v.prerequisite, "dependent": v.dependent,
                     "dependent_taught_in": v.early_module, "prerequisite_taught_in": v.late_module}
                    for v in self.order_violations
                ],
            },
            "has_gaps": self.has_gaps,
        }


def coverage(catalogue: Catalogue) -> CoverageReport:
    """Compute the coverage matrix and gap lists of ``catalogue``.

    >>> report = coverage(toy_catalogue)
    >>> report.cell("T1.3", "t02-practice")
    Cell(teaches='practitioner', assesses='practitioner')
    >>> report.has_gaps
    False
    """
    framework = catalogue.framework
    scale = framework.scale
    modules = sorted(catalogue.modules, key=lambda m: m.id)
    position = {m.id: i for i, m in enumerate(modules)}
    matrix: dict[tuple[str, str], Cell] = {}
    for module in modules:
        for outcome in module.outcomes:
            key = (outcome.competency, module.id)
            cell = matrix.get(key, Cell())
            matrix[key] = Cell(
                teaches=outcome.level if outcome.teaches else cell.teaches,
                assesses=outcome.level if outcome.assesses else cell.assesses,
            )
    codes = tuple(c.code for c in framework.competencies)
    taught = {code for (code, _), cell in matrix.items() if cell.teaches}
    assessed = {code for (code, _), cell in matrix.items() if cell.assesses}

    # Per competency, the modules that teach it, in module order: a competency is
    # taught by few modules, so lookups stay short on large standards.
    teachers: dict[str, list[tuple[str, str]]] = {}
    for (code, module_id), cell in sorted(matrix.items(), key=lambda entry: position[entry[0][1]]):
        if cell.teaches is not None:
            teachers.setdefault(code, []).append((module_id, cell.teaches))

    def first_teaching(code: str, level: str | None = None) -> str | None:
        for module_id, held in teachers.get(code, ()):
            if level is None or scale.at_least(held, level):
                return module_id
        return None

    violations: list[OrderViolation] = []
    for competency in framework.competencies:
        early = first_teaching(competency.code)
        if early is None:
            continue
        for prerequisite in competency.prerequisites:
            late = first_teaching(prerequisite.competency, prerequisite.level)
            if late is not None and position[late] > position[early]:
                violations.append(OrderViolation(prerequisite=prerequisite.competency,
                                                 dependent=competency.code,
                                                 early_module=early, late_module=late))
    return CoverageReport(
        competencies=codes,
        modules=tuple(m.id for m in modules),
        matrix=matrix,
        untaught=tuple(c for c in codes if c not in taught),
        unassessed=tuple(c for c in codes if c in taught and c not in assessed),
        assessed_untaught=tuple(c for c in codes if c in assessed and c not in taught),
        unaligned_modules=tuple(m.id for m in modules if not any(o.competency in framework
                                                                 for o in m.outcomes)),
        order_violations=tuple(violations),
    )
