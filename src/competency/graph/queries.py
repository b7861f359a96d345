"""Questions asked of the prerequisite graph.

All functions take the graph first, never mutate it and return sorted tuples,
so results are stable across runs.  They assume a DAG (the checks in
:mod:`competency.graph.checks` reject cycles before these run).
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from competency.model import Framework, Scale

__all__ = ["layers", "ready_next", "reduced", "required_before", "to_dot"]


def required_before(graph: nx.DiGraph, code: str) -> tuple[str, ...]:
    """Every competency that must come before ``code`` (all its ancestors).

    >>> required_before(toy_graph, "T1.3")
    ('T1.1', 'T1.2')
    """
    if code not in graph:
        raise KeyError(f"unknown competency {code!r}")
    return tuple(sorted(nx.ancestors(graph, code)))


def ready_next(
    graph: nx.DiGraph, have: Mapping[str, str], *, scale: Scale | None = None
) -> tuple[str, ...]:
    """The outer fringe: competencies not yet held whose prerequisites are met.

    ``have`` maps codes to the level held.  With a ``scale``, each prerequisite
    must be held at the level its edge requires; without one, any level counts.

    >>> ready_next(toy_graph, {})
    ('T1.1',)
    >>> ready_next(toy_graph, {"T1.1": "foundational"})
    ('T1.2',)
    """
    def met(prerequisite: str, level: str | None) -> bool:
        held = have.get(prerequisite)
        if held is None:
            return False
        return scale is None or level is None or scale.at_least(held, level)

    return tuple(sorted(
        node for node in graph
        if node not in have
        and all(met(p, data.get("level")) for p, _, data in graph.in_edges(node, data=True))
    ))


def layers(graph: nx.DiGraph) -> tuple[tuple[str, ...], ...]:
    """Topological generations: each layer depends only on earlier layers.

    >>> layers(toy_graph)
    (('T1.1',), ('T1.2',), ('T1.3',))
    """
    return tuple(tuple(sorted(generation)) for generation in nx.topological_generations(graph))


def reduced(graph: nx.DiGraph) -> nx.DiGraph:
    """The transitive reduction, for display; node and edge data are kept."""
    reduction = nx.transitive_reduction(graph)
    reduction.add_nodes_from(graph.nodes(data=True))
    reduction.add_edges_from((u, v, graph.edges[u, v]) for u, v in reduction.edges)
    return reduction


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_dot(graph: nx.DiGraph, framework: Framework, *, lang: str = "en", reduce: bool = True) -> str:
    """Graphviz DOT text of the prerequisite graph, one cluster per domain.

    >>> print(to_dot(toy_graph, toy_framework).splitlines()[0])
    digraph prerequisites {
    """
    shown = reduced(graph) if reduce else graph
    lines = ["digraph prerequisites {", "  rankdir=LR;", '  node [shape=box, style=rounded, fontname="Helvetica"];']
    for domain in framework.domains:
        lines.append(f"  subgraph {_quote('cluster_' + domain.code)} {{")
        lines.append(f"    label={_quote(domain.code + ' ' + domain.title.best(lang))};")
        for code in domain.competencies:
            if code in shown:
                title = framework.competency(code).title.best(lang)
                lines.append(f"    {_quote(code)} [label={_quote(code + chr(10) + title)}];")
        lines.append("  }")
    for u, v, data in sorted(shown.edges(data=True)):
        lines.append(f"  {_quote(u)} -> {_quote(v)} [label={_quote(str(data.get('level', '')))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
