"""A topological order that keeps the authored order wherever it can.

Standards are written prerequisites-first, so the order of the competencies in
the files is usually topological already, and prerequisite edges are short in
it.  Keeping that order (rather than networkx's depth-first one, which scatters
neighbours) makes listings read like the standard and lets
:func:`~competency.graph.checks.redundant_edges` work on short bit windows.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable

import networkx as nx

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
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    succ = graph.succ
    if all(index[u] < index[v] for u in nodes for v in succ[u]):
        return nodes
    waiting = {node: len(graph.pred[node]) for node in nodes}
    ready = [i for i, node in enumerate(nodes) if not waiting[node]]
    heapq.heapify(ready)
    order: list[Hashable] = []
    while ready:
        node = nodes[heapq.heappop(ready)]
        order.append(node)
        for later in succ[node]:
            waiting[later] -= 1
            if not waiting[later]:
                heapq.heappush(ready, index[later])
    if len(order) != len(nodes):
        raise nx.NetworkXUnfeasible("graph contains a cycle")
    return order
