"""Graph functions on random DAGs, checked against their definitions."""

from __future__ import annotations

import random
from unittest.mock import patch

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from competency.graph import (
    build_graph,
    find_cycles,
    indexed,
    layers,
    ready_next,
    redundant_edges,
    required_before,
    stable_topological_order,
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


def _shuffled_dag(seed: int, size: int) -> nx.DiGraph:
    """A random DAG whose nodes were added in an order that is not topological."""
    rng = random.Random(seed)
    ranks = list(range(size))
    rng.shuffle(ranks)
    graph = nx.DiGraph()
    graph.add_nodes_from(rng.sample(range(size), size))
    graph.add_edges_from((u, v) for u in range(size) for v in range(size)
                         if ranks[u] < ranks[v] and rng.random() < 0.25)
    return graph


@settings(max_examples=80)
@given(st.integers(0, 10_000), st.integers(1, 14))
def test_redundant_edges_in_any_node_order_and_by_either_method(seed: int, size: int) -> None:
    graph = _shuffled_dag(seed, size)
    expected = set(graph.edges) - set(nx.transitive_reduction(graph).edges)
    assert set(redundant_edges(graph)) == expected
    # Edges too long for the bit windows: the bounded search gives the same answer.
    with patch.object(indexed, "_BITSET_LIMIT", 0):
        assert set(redundant_edges(graph)) == expected


@settings(max_examples=80)
@given(st.integers(0, 10_000), st.integers(1, 14))
def test_stable_order_is_topological_and_keeps_the_node_order_where_it_can(seed: int, size: int) -> None:
    graph = _shuffled_dag(seed, size)
    order = stable_topological_order(graph)
    position = {node: i for i, node in enumerate(order)}
    assert sorted(order) == sorted(graph)
    assert all(position[u] < position[v] for u, v in graph.edges)
    # Lexicographically smallest by node order among topological orders, as Kahn's rule picks.
    added = {node: i for i, node in enumerate(graph)}
    assert order == list(nx.lexicographical_topological_sort(graph, key=added.__getitem__))


def test_stable_order_reports_a_cycle() -> None:
    with pytest.raises(nx.NetworkXUnfeasible):
        stable_topological_order(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]))


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
