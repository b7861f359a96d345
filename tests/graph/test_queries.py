"""Graph functions on random DAGs, checked against their definitions."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from competency.graph import (
    build_graph,
    find_cycles,
    layers,
    ready_next,
    redundant_edges,
    required_before,
    to_dot,
)
from competency.model import Framework
from tests.strategies import SCALE, frameworks


@given(frameworks())
def test_required_before_is_every_ancestor(framework: Framework) -> None:
    graph = build_graph(framework)
    for code in framework.codes:
        expected = {a for a in framework.codes if a != code and nx.has_path(graph, a, code)}
        assert set(required_before(graph, code)) == expected


@given(frameworks(), st.data())
def test_ready_next_is_the_outer_fringe(framework: Framework, data: st.DataObject) -> None:
    graph = build_graph(framework)
    have = data.draw(st.dictionaries(st.sampled_from(framework.codes), st.sampled_from(SCALE.ids), max_size=6))
    ready = set(ready_next(graph, have, scale=SCALE))
    for code in framework.codes:
        prerequisites = framework.competency(code).prerequisites
        met = all(SCALE.at_least(have.get(p.competency), p.level) for p in prerequisites)
        assert (code in ready) == (code not in have and met)


@given(frameworks())
def test_layers_respect_every_edge_and_cover_every_node(framework: Framework) -> None:
    graph = build_graph(framework)
    position = {code: i for i, layer in enumerate(layers(graph)) for code in layer}
    assert set(position) == set(framework.codes)
    assert all(position[u] < position[v] for u, v in graph.edges)


@settings(max_examples=60)
@given(frameworks())
def test_redundant_edges_are_those_the_transitive_reduction_drops(framework: Framework) -> None:
    graph = build_graph(framework)
    reduction = nx.transitive_reduction(graph)
    assert set(redundant_edges(graph)) == set(graph.edges) - set(reduction.edges)


def test_find_cycles_reports_each_component_once() -> None:
    graph = nx.DiGraph([("a", "b"), ("b", "a"), ("c", "d"), ("d", "e"), ("e", "c"), ("e", "f"), ("g", "g")])
    assert find_cycles(graph) == [["a", "b"], ["c", "d", "e"], ["g"]]


@given(frameworks(max_size=6))
def test_dot_output_names_every_node_and_reduced_edge(framework: Framework) -> None:
    graph = build_graph(framework)
    dot = to_dot(graph, framework)
    assert all(f'"{code}" [label=' in dot for code in framework.codes)
    assert all(f'"{u}" -> "{v}"' in dot for u, v in nx.transitive_reduction(graph).edges)
    assert dot.count(" -> ") == nx.transitive_reduction(graph).number_of_edges()
