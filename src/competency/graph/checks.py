"""Graph checks on the standard and the modules, yielding diagnostics.

* ``CMP401`` a prerequisite cycle, reported once per cycle with every edge's
  file and line;
* ``CMP402`` (warning) a prerequisite edge implied by a longer chain;
* ``CMP403`` a prerequisite required above the dependent's highest level;
* ``CMP404`` a cycle between modules, naming the competencies involved.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import networkx as nx

from competency.diagnostics import Diagnostic, Origin, Severity
from competency.graph.build import build_graph, build_module_graph
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


def redundant_edges(graph: nx.DiGraph) -> list[tuple[str, str]]:
    """Edges ``(u, v)`` of a DAG already implied by a longer path from u to v.

    These are exactly the edges the transitive reduction removes.  The search
    from ``u`` only visits nodes that come before ``v`` in topological order, so
    it stays local in standards whose prerequisites are local.

    >>> redundant_edges(nx.DiGraph([("a", "b"), ("b", "c"), ("a", "c")]))
    [('a', 'c')]
    """
    order = {node: index for index, node in enumerate(nx.topological_sort(graph))}
    found: list[tuple[str, str]] = []
    successors = graph.succ
    for u in graph:
        direct = successors[u]
        if len(direct) < 2:
            continue
        limit = max(order[v] for v in direct)
        # Nodes reachable from u in two or more steps, explored in order bounds.
        stack = [w for v in direct for w in successors[v] if order[w] <= limit]
        seen: set[str] = set()
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(w for w in successors[node] if order[w] <= limit and w not in seen)
        found.extend((u, v) for v in direct if v in seen)
    return sorted(found)


def _origin(value: object) -> Origin | None:
    return value if isinstance(value, Origin) else None


def check_graph(framework: Framework, graph: nx.DiGraph | None = None) -> Iterator[Diagnostic]:
    """Cycles, redundant edges and impossible prerequisite levels."""
    graph = build_graph(framework) if graph is None else graph
    scale = framework.scale
    for competency in framework.competencies:
        if not competency.level_ids or any(level not in scale.ids for level in competency.level_ids):
            continue
        highest = scale.highest(competency.level_ids)
        for prerequisite in competency.prerequisites:
            if prerequisite.level in scale.ids and scale.rank(prerequisite.level) > scale.rank(highest):
                yield Diagnostic.at(
                    prerequisite.origin, "CMP403",
                    f"{competency.code} requires {prerequisite.competency} at {prerequisite.level}, above "
                    f"{competency.code}'s own highest level ({highest})",
                )
    cycles = find_cycles(graph)
    for cycle in cycles:
        edges = list(zip(cycle, [*cycle[1:], cycle[0]], strict=True))
        origins = [_origin(graph.edges[u, v].get("origin")) for u, v in edges]
        where = "; ".join(
            f"{u} -> {v} at {o}" if o else f"{u} -> {v}" for (u, v), o in zip(edges, origins, strict=True)
        )
        yield Diagnostic.at(
            origins[0], "CMP401", f"prerequisite cycle {' -> '.join([*cycle, cycle[0]])} ({where})",
            related=[o for o in origins if o is not None],
        )
    if cycles:
        return  # redundancy is only defined on a DAG
    for u, v in redundant_edges(graph):
        yield Diagnostic.at(
            _origin(graph.edges[u, v].get("origin")), "CMP402",
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
