"""Building the prerequisite graph and the module dependency graph.

The prerequisite graph has one node per competency and an edge ``a -> b`` when
``a`` is a prerequisite of ``b`` (the CASE ``precedes`` direction: origin = the
prerequisite).  Edge attributes: ``level`` (the level of ``a`` required) and
``origin`` (where the edge was written).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from competency.model import Framework, Module

__all__ = ["build_graph", "build_module_graph", "module_prerequisites"]


def build_graph(framework: Framework) -> nx.DiGraph:
    """The prerequisite DiGraph of ``framework``.

    Nodes carry ``domain`` and ``kind``; unknown prerequisite codes are left out
    (the reference checks report them).

    >>> graph = build_graph(toy_framework)
    >>> sorted(graph.edges)
    [('T1.1', 'T1.2'), ('T1.2', 'T1.3')]
    """
    graph = nx.DiGraph()
    graph.add_nodes_from(
        (c.code, {"domain": c.domain, "kind": c.kind.value}) for c in framework.competencies
    )
    graph.add_edges_from(
        (p.competency, c.code, {"level": p.level, "origin": p.origin})
        for c in framework.competencies
        for p in c.prerequisites
        if p.competency in framework
    )
    return graph


def module_prerequisites(framework: Framework, module: Module) -> dict[str, str]:
    """Competency -> level a learner needs before starting ``module``.

    The union of the prerequisites of every competency the module teaches,
    minus those the module itself teaches at a sufficient level.
    """
    scale = framework.scale
    # Levels the scale does not know are reported by the reference checks; skip them here.
    taught = {code: level for code, level in module.taught().items() if level in scale.ids}
    needs: dict[str, str] = {}
    for code in taught:
        if code not in framework:
            continue
        for prerequisite in framework.competency(code).prerequisites:
            if prerequisite.level not in scale.ids:
                continue
            if scale.at_least(taught.get(prerequisite.competency), prerequisite.level):
                continue
            current = needs.get(prerequisite.competency)
            if current is None or scale.rank(prerequisite.level) > scale.rank(current):
                needs[prerequisite.competency] = prerequisite.level
    return needs


def build_module_graph(framework: Framework, modules: Iterable[Module]) -> nx.DiGraph:
    """Module dependency DAG: ``m1 -> m2`` when m2 needs a competency m1 teaches.

    Edge attribute ``competencies`` lists the codes that create the dependency.
    """
    modules = list(modules)
    scale = framework.scale
    graph = nx.DiGraph()
    graph.add_nodes_from(m.id for m in modules)
    taught = {m.id: {c: lv for c, lv in m.taught().items() if lv in scale.ids} for m in modules}
    for later in modules:
        for code, level in module_prerequisites(framework, later).items():
            for earlier in modules:
                if earlier.id != later.id and scale.at_least(taught[earlier.id].get(code), level):
                    data = graph.get_edge_data(earlier.id, later.id)
                    if data is None:
                        graph.add_edge(earlier.id, later.id, competencies=[code])
                    elif code not in data["competencies"]:
                        data["competencies"].append(code)
    return graph
