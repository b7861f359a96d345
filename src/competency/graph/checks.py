"""Graph checks on the standard and the modules, yielding diagnostics.

* ``CMP401`` a prerequisite cycle, reported once per cycle with every edge's
  file and line;
* ``CMP402`` (warning) a prerequisite edge implied by a longer chain;
* ``CMP403`` a prerequisite required above the dependent's highest level;
* ``CMP404`` a cycle between modules, naming the competencies involved.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Sequence
from typing import Any

import networkx as nx

from competency.diagnostics import Diagnostic, Origin, Severity
from competency.graph.build import build_graph, build_module_graph
from competency.graph.indexed import from_graph, redundant_pairs, stable_order
from competency.model import Framework, Module

__all__ = ["check_graph", "check_module_graph", "find_cycles", "redundant_edges"]


def find_cycles(graph: nx.DiGraph) -> list[list[str]]:
    """One cycle per strongly connected component that has one, nodes in order.

    >>> g = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")])
    >>> find_cycles(g)
    [['a', 'b', 'c']]
    """
    cycles: list[list[str]] = []
    for component in nx.strongly_connected_components(graph):
        if len(component) == 1:
            (node,) = component
            if graph.has_edge(node, node):
                cycles.append([node])
            continue
        start = min(component)
        edges = nx.find_cycle(graph.subgraph(component), source=start)
        cycles.append([u for u, _ in edges])
    return sorted(cycles)


def redundant_edges(graph: nx.DiGraph) -> list[tuple[Any, Any]]:
    """Edges ``(u, v)`` of a DAG already implied by a longer path from u to v.

    These are exactly the edges the transitive reduction removes; the work is
    done by :func:`competency.graph.indexed.redundant_pairs` on the stable
    topological order.

    >>> redundant_edges(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")]))
    [('a', 'c')]
    """
    nodes, successors = from_graph(graph)
    return [(nodes[i], nodes[j]) for i, j in redundant_pairs(successors, stable_order(successors))]


def _origin(value: object) -> Origin | None:
    return value if isinstance(value, Origin) else None


def check_graph(framework: Framework, graph: nx.DiGraph | None = None) -> Iterator[Diagnostic]:
    """Cycles, redundant edges and impossible prerequisite levels.

    Without ``graph``, the prerequisite graph is taken from ``framework`` as
    index lists (:mod:`competency.graph.indexed`); a networkx graph is built
    only to name the cycles, if there are any.
    """
    rank = framework.scale.ranks.get
    for competency in framework.competencies:
        if not competency.prerequisites:
            continue
        described = [rank(level, -1) for level, _ in competency.levels]
        if not described or -1 in described:
            continue  # unknown levels are reported by the reference checks
        top = max(described)
        for prerequisite in competency.prerequisites:
            needed = rank(prerequisite.level)
            if needed is not None and needed > top:
                yield Diagnostic.at(
                    prerequisite.origin, "CMP403",
                    f"{competency.code} requires {prerequisite.competency} at {prerequisite.level}, above "
                    f"{competency.code}'s own highest level ({framework.scale.ids[top]})",
                )
    nodes: Sequence[Hashable]
    if graph is None:
        nodes, successors = _prerequisite_lists(framework)
    else:
        nodes, successors = from_graph(graph)
    try:
        order = stable_order(successors)
    except nx.NetworkXUnfeasible:
        yield from _cycles(framework, build_graph(framework) if graph is None else graph)
        return  # redundancy is only defined on a DAG
    for i, j in redundant_pairs(successors, order):
        u, v = str(nodes[i]), str(nodes[j])
        yield Diagnostic.at(
            _edge_origin(framework, u, v), "CMP402",
            f"prerequisite {u} of {v} is already implied by a longer chain; remove it "
            "(the transitive reduction keeps the graph readable)",
            severity=Severity.WARNING,
        )


def _prerequisite_lists(framework: Framework) -> tuple[list[str], list[list[int]]]:
    """:func:`~competency.graph.indexed.indexed` for the prerequisite graph, built in one pass.

    Dependents are visited in index order, so each successor list comes out
    ascending; only repeats need care (a prerequisite listed twice is adjacent,
    a repeated code is an error reported elsewhere and sorted out here).
    """
    competencies = framework.competencies
    index: dict[str, int] = {}
    for competency in competencies:
        index.setdefault(competency.code, len(index))
    successors: list[list[int]] = [[] for _ in index]
    find = index.get
    repeated_code = len(index) != len(competencies)
    for competency in competencies:
        j = index[competency.code]
        for prerequisite in competency.prerequisites:
            i = find(prerequisite.competency)
            if i is not None:
                later = successors[i]
                if not later or later[-1] != j:
                    later.append(j)
    if repeated_code:
        for i, later in enumerate(successors):
            successors[i] = sorted(set(later))
    return list(index), successors


def _edge_origin(framework: Framework, earlier: str, later: str) -> Origin | None:
    # Where the edge was first written: among the later competency's prerequisites.
    if later not in framework:
        return None
    for prerequisite in framework.competency(later).prerequisites:
        if prerequisite.competency == earlier:
            return prerequisite.origin
    return None


def _cycles(framework: Framework, graph: nx.DiGraph) -> Iterator[Diagnostic]:
    for cycle in find_cycles(graph):
        edges = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
        origins = [_origin(graph.succ[u][v].get("origin")) for u, v in edges]
        where = "; ".join(
            f"{u} -> {v} at {o}" if o else f"{u} -> {v}" for (u, v), o in zip(edges, origins, strict=True)
        )
        yield Diagnostic.at(
            origins[0], "CMP401", f"prerequisite cycle {' -> '.join([*cycle, cycle[0]])} ({where})",
            related=[o for o in origins if o is not None],
        )


def check_module_graph(framework: Framework, modules: Iterable[Module]) -> Iterator[Diagnostic]:
    """A module cycle is an error naming the modules and the competencies."""
    modules = list(modules)
    origins = {m.id: m.origin for m in modules}
    graph = build_module_graph(framework, modules)
    for cycle in find_cycles(graph):
        edges = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
        detail = "; ".join(
            f"{v} needs {', '.join(sorted(graph.edges[u, v]['competencies']))} taught by {u}" for u, v in edges
        )
        yield Diagnostic.at(
            origins[cycle[0]], "CMP404",
            f"module cycle {' -> '.join([*cycle, cycle[0]])}: {detail}",
            related=[o for o in (origins[m] for m in cycle) if o is not None],
        )
