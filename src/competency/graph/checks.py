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
from competency.graph.order import stable_topological_order
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


_BITSET_LIMIT = 1 << 30  # bits of reachability kept at once (128 MB) before falling back to search


def redundant_edges(graph: nx.DiGraph, *, order: Sequence[Any] | None = None) -> list[tuple[str, str]]:
    """Edges ``(u, v)`` of a DAG already implied by a longer path from u to v.

    These are exactly the edges the transitive reduction removes.  ``order``
    is a topological order of ``graph`` (default: the stable one).

    Each node's descendants are kept as a bit set over the next ``span``
    positions of the order, where ``span`` is the longest edge in it; visiting
    nodes from last to first, ``u``'s direct successors are taken nearest
    first, and one already reached through an earlier successor is redundant.
    That is a few integer operations per edge.  When edges are so long that the
    bit sets would not fit in memory, a search bounded by the order is used.

    >>> redundant_edges(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")]))
    [('a', 'c')]
    """
    nodes: Sequence[Any] = stable_topological_order(graph) if order is None else order
    position = {node: i for i, node in enumerate(nodes)}
    successors = graph.succ
    # Not graph.edges: that view would tie the graph into a reference cycle,
    # and a graph built only for these checks should die by reference counting.
    span = max((position[v] - position[u] for u in graph for v in successors[u]), default=0)
    if span * len(nodes) > _BITSET_LIMIT:
        return _redundant_by_search(graph, position)
    window = (1 << (span + 1)) - 1
    reach = [0] * len(nodes)  # bit k: the node at position i + k is a descendant of node i
    found: list[tuple[str, str]] = []
    for i in range(len(nodes) - 1, -1, -1):
        direct = successors[nodes[i]]
        if not direct:
            continue
        reached = 0
        for j in sorted(position[v] for v in direct):
            distance = j - i
            if reached >> distance & 1:
                found.append((nodes[i], nodes[j]))
            reached |= (reach[j] | 1) << distance
        reach[i] = reached & window
    return sorted(found)


def _redundant_by_search(graph: nx.DiGraph, position: dict[Hashable, int]) -> list[tuple[str, str]]:
    # From u, explore only nodes placed no later than u's farthest successor.
    found: list[tuple[str, str]] = []
    successors = graph.succ
    for u in graph:
        direct = successors[u]
        if len(direct) < 2:
            continue
        limit = max(position[v] for v in direct)
        stack = [w for v in direct for w in successors[v] if position[w] <= limit]
        seen: set[Hashable] = set()
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(w for w in successors[node] if position[w] <= limit and w not in seen)
        found.extend((u, v) for v in direct if v in seen)
    return sorted(found)


def _origin(value: object) -> Origin | None:
    return value if isinstance(value, Origin) else None


def check_graph(framework: Framework, graph: nx.DiGraph | None = None) -> Iterator[Diagnostic]:
    """Cycles, redundant edges and impossible prerequisite levels."""
    graph = build_graph(framework) if graph is None else graph
    ranks = framework.scale.ranks
    for competency in framework.competencies:
        described = [ranks.get(level) for level, _ in competency.levels]
        if not described or None in described:
            continue  # unknown levels are reported by the reference checks
        top = max(rank for rank in described if rank is not None)
        highest = framework.scale.ids[top]
        for prerequisite in competency.prerequisites:
            needed = ranks.get(prerequisite.level)
            if needed is not None and needed > top:
                yield Diagnostic.at(
                    prerequisite.origin, "CMP403",
                    f"{competency.code} requires {prerequisite.competency} at {prerequisite.level}, above "
                    f"{competency.code}'s own highest level ({highest})",
                )
    try:
        order = stable_topological_order(graph)
    except nx.NetworkXUnfeasible:
        cycles = find_cycles(graph)
    else:
        cycles = []
    for cycle in cycles:
        edges = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
        origins = [_origin(graph.succ[u][v].get("origin")) for u, v in edges]
        where = "; ".join(
            f"{u} -> {v} at {o}" if o else f"{u} -> {v}" for (u, v), o in zip(edges, origins, strict=True)
        )
        yield Diagnostic.at(
            origins[0], "CMP401", f"prerequisite cycle {' -> '.join([*cycle, cycle[0]])} ({where})",
            related=[o for o in origins if o is not None],
        )
    if cycles:
        return  # redundancy is only defined on a DAG
    for u, v in redundant_edges(graph, order=order):
        yield Diagnostic.at(
            _origin(graph.succ[u][v].get("origin")), "CMP402",
            f"prerequisite {u} of {v} is already implied by a longer chain; remove it "
            "(the transitive reduction keeps the graph readable)",
            severity=Severity.WARNING,
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
