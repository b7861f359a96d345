"""A topological order that keeps the authored order wherever it can.

Standards are written prerequisites-first, so the order of the competencies in
the files is usually topological already, and prerequisite edges are short in
it.  Keeping that order (rather than networkx's depth-first one, which scatters
neighbours) makes listings read like the standard and lets
:func:`~competency.graph.checks.redundant_edges` work on short bit windows.
"""

from __future__ import annotations

from collections.abc import Hashable

import networkx as nx

from competency.graph.indexed import from_graph, stable_order

__all__ = ["stable_topological_order"]


def stable_topological_order(graph: nx.DiGraph) -> list[Hashable]:
    """The topological order closest to the graph's node order.

    Among the nodes whose predecessors are all placed, the one added to the
    graph first comes next (Kahn's algorithm with a priority queue); when the
    node order is already topological it is returned as is, in linear time.

    Raises
    ------
    networkx.NetworkXUnfeasible
        If the graph has a cycle.

    Examples
    --------
    >>> g = nx.DiGraph()
    >>> g.add_nodes_from(["c", "a", "b"])
    >>> g.add_edges_from([("a", "c"), ("b", "a")])
    >>> stable_topological_order(g)
    ['b', 'a', 'c']
    >>> stable_topological_order(nx.DiGraph([("x", "y"), ("y", "x")]))
    Traceback (most recent call last):
    ...
    networkx.exception.NetworkXUnfeasible: graph contains a cycle
    """
    nodes, successors = from_graph(graph)
    return [nodes[i] for i in stable_order(successors)]
