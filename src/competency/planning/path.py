"""Learning paths: the cheapest ordered set of modules that reaches a target.

A *demand* is a competency at a minimum level.  The targets are demands; every
module chosen adds the demands of its own prerequisites (see
:func:`~competency.graph.module_prerequisites`).  A set of modules is feasible
when every demand is met by what the learner already has or by a chosen module
that teaches the competency at that level; the module dependency DAG then gives
a valid study order.  The cost is the total duration in minutes.

This is set cover with precedence, NP-hard in general.  :func:`learning_path`
solves it exactly by branch and bound when the catalogue is small (the
default limit is 24 candidate modules) and otherwise with a greedy heuristic
followed by reverse deletion.  Both report ``lower_bound``, a dual-feasible
bound on the optimum computed from the demands every solution must meet (the
targets and their unmet ancestors): ``total_minutes / lower_bound`` bounds how
far a heuristic plan can be from the optimum.  On instances without extra
prerequisites the greedy plan is within ``H(k)`` of optimal (k = the most
demands one module meets), the classic set-cover guarantee.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx
from attrs import field, frozen

from competency.diagnostics import CycleError
from competency.graph import build_module_graph, find_cycles, module_prerequisites
from competency.model import Catalogue, Module, Scale

__all__ = ["LearningPath", "learning_path"]

Demand = tuple[str, str]  # (competency code, minimum level)
_EXACT_LIMIT = 24
_NODE_LIMIT = 200_000


@frozen(kw_only=True)
class LearningPath:
    """An ordered plan of modules and what each one is for."""

    modules: tuple[str, ...]
    total_minutes: int
    reasons: tuple[tuple[str, tuple[Demand, ...]], ...] = field(factory=tuple)
    unreachable: tuple[Demand, ...] = ()
    already_met: tuple[Demand, ...] = ()
    lower_bound: float = 0.0
    exact: bool = True

    def to_dict(self) -> dict[str, object]:
        return {
            "modules": [
                {"id": module_id, "meets": [{"competency": c, "level": lv} for c, lv in meets]}
                for module_id, meets in self.reasons
            ],
            "total_minutes": self.total_minutes,
            "unreachable": [{"competency": c, "level": lv} for c, lv in self.unreachable],
            "already_met": [{"competency": c, "level": lv} for c, lv in self.already_met],
            "lower_bound": round(self.lower_bound, 3),
            "exact": self.exact,
        }


class _Problem:
    """Pre-computed covers and needs of the candidate modules."""

    def __init__(self, catalogue: Catalogue, have: Mapping[str, str]) -> None:
        framework = catalogue.framework
        self.scale: Scale = framework.scale
        self.have = have
        self.modules: dict[str, Module] = {m.id: m for m in catalogue.modules}
        self.gives = {m.id: m.taught() for m in catalogue.modules}
        self.needs = {m.id: module_prerequisites(framework, m) for m in catalogue.modules}
        self.cost = {m.id: m.duration for m in catalogue.modules}
        self.order = {m.id: i for i, m in enumerate(sorted(catalogue.modules, key=lambda m: m.id))}

        # Which modules teach each competency: demands are looked up by competency,
        # and a competency is taught by few modules even in a large catalogue.
        self.teachers: dict[str, list[str]] = {}
        for module_id, gives in self.gives.items():
            for code in gives:
                self.teachers.setdefault(code, []).append(module_id)
        self._coverers: dict[Demand, frozenset[str]] = {}

    def met_by_have(self, demand: Demand) -> bool:
        return self.scale.at_least(self.have.get(demand[0]), demand[1])

    def covers(self, module_id: str, demand: Demand) -> bool:
        return self.scale.at_least(self.gives[module_id].get(demand[0]), demand[1])

    def coverers(self, demand: Demand) -> frozenset[str]:
        """The modules that meet ``demand`` (memoised)."""
        found = self._coverers.get(demand)
        if found is None:
            found = frozenset(m for m in self.teachers.get(demand[0], ()) if self.covers(m, demand))
            self._coverers[demand] = found
        return found

    def unmet(self, chosen: frozenset[str], targets: Sequence[Demand], usable: set[str]) -> set[Demand]:
        demands = set(targets)
        for module_id in chosen:
            demands.update(self.needs[module_id].items())
        counted = chosen & usable
        return {d for d in demands if not self.met_by_have(d) and self.coverers(d).isdisjoint(counted)}


def _usable_modules(problem: _Problem) -> set[str]:
    """Modules whose every prerequisite can be met (fixed point)."""
    usable = set(problem.modules)
    changed = True
    while changed:
        changed = False
        for module_id in sorted(usable):
            for demand in problem.needs[module_id].items():
                if problem.met_by_have(demand):
                    continue
                if not any(problem.covers(m, demand) for m in usable if m != module_id):
                    usable.discard(module_id)
                    changed = True
                    break
    return usable


def _mandatory_demands(catalogue: Catalogue, problem: _Problem, targets: Sequence[Demand]) -> set[Demand]:
    """Demands every solution meets: unmet targets and their unmet ancestors."""
    framework = catalogue.framework
    scale = problem.scale
    needed: dict[str, str] = {}
    stack = list(targets)
    while stack:
        code, level = stack.pop()
        if problem.met_by_have((code, level)):
            continue
        current = needed.get(code)
        if current is not None and scale.rank(current) >= scale.rank(level):
            continue
        needed[code] = level
        stack.extend((p.competency, p.level) for p in framework.competency(code).prerequisites)
    return set(needed.items())


def _lower_bound(problem: _Problem, demands: set[Demand], usable: set[str]) -> float:
    bound = 0.0
    for demand in demands:
        prices = [
            problem.cost[m] / sum(1 for d in demands if problem.covers(m, d))
            for m in usable if problem.covers(m, demand)
        ]
        if prices:
            bound += min(prices)
    return bound


def _greedy(problem: _Problem, targets: Sequence[Demand], usable: set[str]) -> frozenset[str]:
    chosen: frozenset[str] = frozenset()
    while unmet := problem.unmet(chosen, targets, usable):
        meets: dict[str, int] = {}  # candidate module -> how many unmet demands it meets
        for demand in unmet:
            for module_id in problem.coverers(demand):
                if module_id in usable and module_id not in chosen:
                    meets[module_id] = meets.get(module_id, 0) + 1
        best = min(meets, key=lambda m: (problem.cost[m] / meets[m], problem.order[m]))
        chosen = chosen | {best}
    # Reverse deletion: drop the most expensive modules that turned out redundant.
    for module_id in sorted(chosen, key=lambda m: (-problem.cost[m], problem.order[m])):
        if not problem.unmet(chosen - {module_id}, targets, usable):
            chosen = chosen - {module_id}
    return chosen


def _branch_and_bound(
    problem: _Problem, targets: Sequence[Demand], usable: set[str], incumbent: frozenset[str]
) -> tuple[frozenset[str], bool]:
    best, best_cost = incumbent, sum(problem.cost[m] for m in incumbent)
    seen: set[frozenset[str]] = set()
    nodes = 0

    def cheapest(demand: Demand) -> int:
        return min(problem.cost[m] for m in usable if problem.covers(m, demand))

    def search(chosen: frozenset[str], cost: int) -> None:
        nonlocal best, best_cost, nodes
        nodes += 1
        if nodes > _NODE_LIMIT or chosen in seen:
            return
        seen.add(chosen)
        unmet = problem.unmet(chosen, targets, usable)
        if not unmet:
            if (cost, sorted(problem.order[m] for m in chosen)) < (
                best_cost, sorted(problem.order[m] for m in best)
            ):
                best, best_cost = chosen, cost
            return
        if cost + max(cheapest(d) for d in unmet) > best_cost:
            return
        # Branch on the demand with the fewest ways to meet it.
        demand = min(unmet, key=lambda d: (sum(1 for m in usable if problem.covers(m, d)), d))
        for module_id in sorted((m for m in usable if m not in chosen and problem.covers(m, demand)),
                                key=lambda m: (problem.cost[m], problem.order[m])):
            search(chosen | {module_id}, cost + problem.cost[module_id])

    search(frozenset(), 0)
    return best, nodes <= _NODE_LIMIT


def learning_path(
    catalogue: Catalogue,
    have: Mapping[str, str],
    targets: Mapping[str, str],
    *,
    exact_limit: int = _EXACT_LIMIT,
) -> LearningPath:
    """Plan the modules that take a learner from ``have`` to ``targets``.

    Parameters
    ----------
    catalogue : Catalogue
        The framework and its modules.
    have : mapping
        Competency code -> level the learner already holds.
    targets : mapping
        Competency code -> level to reach (e.g. a role profile's requirements).
    exact_limit : int
        Solve exactly when at most this many modules can contribute.

    Returns
    -------
    LearningPath
        Modules in a valid study order with the demands each meets, the total
        minutes, targets no module can reach, and the lower bound.

    Raises
    ------
    CycleError
        If the module dependency graph has a cycle (validation reports it).

    Examples
    --------
    >>> plan = learning_path(toy_catalogue, {}, {"T1.3": "foundational"})
    >>> plan.modules, plan.total_minutes
    (('t01-basics', 't02-practice'), 50)
    >>> learning_path(toy_catalogue, {"T1.1": "leader", "T1.2": "practitioner"},
    ...               {"T1.3": "foundational"}).modules
    ('t02-practice',)
    """
    framework = catalogue.framework
    for code in (*have, *targets):
        framework.competency(code)  # raises UnknownCompetencyError
    for level in (*have.values(), *targets.values()):
        framework.scale.rank(level)  # raises ValueError naming the known levels
    problem = _Problem(catalogue, have)
    module_graph = build_module_graph(framework, catalogue.modules)
    cycles = find_cycles(module_graph)
    if cycles:
        raise CycleError(cycles[0], what="module")

    demands = sorted(targets.items())
    already = tuple(d for d in demands if problem.met_by_have(d))
    usable = _usable_modules(problem)
    unreachable = tuple(
        d for d in demands if not problem.met_by_have(d)
        and not any(problem.covers(m, d) for m in usable)
    )
    wanted = [d for d in demands if d not in unreachable and d not in already]

    mandatory = _mandatory_demands(catalogue, problem, wanted)
    bound = _lower_bound(problem, mandatory, usable)
    chosen = _greedy(problem, wanted, usable)
    # Only modules that meet some demand can be in an optimal plan.
    reachable_demands = mandatory | {d for m in usable for d in problem.needs[m].items()}
    candidates = {m for m in usable if any(problem.covers(m, d) for d in reachable_demands)}
    if len(candidates) <= exact_limit:
        chosen, exact = _branch_and_bound(problem, wanted, usable, chosen)
    else:
        exact = False

    ordered = list(nx.lexicographical_topological_sort(
        module_graph.subgraph(chosen), key=lambda m: f"{problem.order[m]:09d}"
    ))
    all_demands = set(wanted) | {d for m in chosen for d in problem.needs[m].items()}
    reasons: list[tuple[str, tuple[Demand, ...]]] = []
    met: set[Demand] = set()
    for module_id in ordered:
        covered = {d for d in all_demands
                   if d not in met and not problem.met_by_have(d) and problem.covers(module_id, d)}
        met.update(covered)
        highest: dict[str, str] = {}  # one line per competency: the highest level met
        for code, level in covered:
            if code not in highest or problem.scale.rank(level) > problem.scale.rank(highest[code]):
                highest[code] = level
        reasons.append((module_id, tuple(sorted(highest.items()))))
    return LearningPath(
        modules=tuple(ordered),
        total_minutes=sum(problem.cost[m] for m in ordered),
        reasons=tuple(reasons),
        unreachable=unreachable,
        already_met=already,
        lower_bound=bound,
        exact=exact,
    )
