"""The graph checks on integer-indexed adjacency lists.

A standard of 100,000 competencies has 300,000 prerequisite edges; building a
networkx graph of them takes longer than every check together.  The checks
run on plain lists instead: node ``i`` is the ``i``-th node in the graph's (or
the framework's) order and ``successors[i]`` its successors' indices, sorted,
without repeats.  The public functions in :mod:`competency.graph.order` and
:mod:`competency.graph.checks` take networkx graphs and convert them, so both
paths run the same code.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Sequence

import networkx as nx

__all__ = ["Successors", "from_graph", "indexed", "redundant_pairs", "stable_order"]

#: Node index -> indices of its successors, ascending, no repeats.
Successors = list[list[int]]

_BITSET_LIMIT = 1 << 30  # bits of reachability kept at once (128 MB) before falling back to search


def indexed(nodes: Iterable[Hashable], edges: Iterable[tuple[Hashable, Hashable]]) -> tuple[list[Hashable], Successors]:
    """Index ``nodes`` in order (repeats keep their first place) and the ``edges`` between them.

    Edges naming an unknown node are left out; repeated edges count once.

    >>> indexed(["a", "b", "c"], [("a", "c"), ("a", "b"), ("a", "c"), ("x", "a")])
    (['a', 'b', 'c'], [[1, 2], [], []])
    """
    index: dict[Hashable, int] = {}
    for node in nodes:
        index.setdefault(node, len(index))
    successors: Successors = [[] for _ in index]
    for u, v in edges:
        i, j = index.get(u), index.get(v)
        if i is not None and j is not None:
            successors[i].append(j)
    for i, later in enumerate(successors):
        if len(later) > 1:
            successors[i] = sorted(set(later))
    return list(index), successors


def from_graph(graph: nx.DiGraph) -> tuple[list[Hashable], Successors]:
    """:func:`indexed` over a networkx graph, in its node order."""
    succ = graph.succ
    return indexed(graph, ((u, v) for u in graph for v in succ[u]))


def stable_order(successors: Successors) -> list[int]:
    """The topological order that takes, among the ready nodes, the lowest index first.

    Linear when the indices are already in topological order (every edge goes
    to a higher index); Kahn's algorithm with a heap otherwise.

    Raises
    ------
    networkx.NetworkXUnfeasible
        If the graph has a cycle.

    >>> stable_order([[1], [2], []])
    [0, 1, 2]
    >>> stable_order([[], [0], [1]])
    [2, 1, 0]
    """
    count = len(successors)
    if all(not later or later[0] > i for i, later in enumerate(successors)):
        return list(range(count))
    waiting = [0] * count
    for later in successors:
        for j in later:
            waiting[j] += 1
    ready = [i for i in range(count) if not waiting[i]]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        i = heapq.heappop(ready)
        order.append(i)
        for j in successors[i]:
            waiting[j] -= 1
            if not waiting[j]:
                heapq.heappush(ready, j)
    if len(order) != count:
        raise nx.NetworkXUnfeasible("graph contains a cycle")
    return order


def redundant_pairs(successors: Successors, order: Sequence[int]) -> list[tuple[int, int]]:
    """Edges ``(i, j)`` implied by a longer path, given a topological ``order``.

    Each node's descendants are kept as a bit set over the next ``span``
    positions of the order, where ``span`` is the longest edge in it.  Visiting
    nodes from last to first, a node's direct successors are taken nearest
    first, and one already reached through an earlier successor is redundant:
    a few integer operations per edge.  When edges are so long that the bit
    sets would not fit in memory, a search bounded by the order is used.

    >>> redundant_pairs([[1, 2], [2], []], [0, 1, 2])
    [(0, 2)]
    """
    count = len(successors)
    position = list(range(count))
    if list(order) != position:
        for place, i in enumerate(order):
            position[i] = place
    # Successors by position, nearest first.
    later = [sorted(position[j] for j in successors[i]) for i in order]
    span = max((max(ahead) - place for place, ahead in enumerate(later) if ahead), default=0)
    found = _by_search(later) if span * count > _BITSET_LIMIT else _by_bit_sets(later, span)
    return sorted((order[a], order[b]) for a, b in found)


def _by_bit_sets(later: Successors, span: int) -> list[tuple[int, int]]:
    window = (1 << (span + 1)) - 1
    reach = [0] * len(later)  # bit k: the node at place p + k is a descendant of the node at place p
    found: list[tuple[int, int]] = []
    for place in range(len(later) - 1, -1, -1):
        reached = 0
        for ahead in later[place]:
            distance = ahead - place
            if reached >> distance & 1:
                found.append((place, ahead))
            reached |= (reach[ahead] | 1) << distance
        reach[place] = reached & window
    return found


def _by_search(later: Successors) -> list[tuple[int, int]]:
    # From each node, explore only places no later than its farthest successor.
    found: list[tuple[int, int]] = []
    for place, direct in enumerate(later):
        if len(direct) < 2:
            continue
        limit = direct[-1]
        stack = [w for v in direct for w in later[v] if w <= limit]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(w for w in later[node] if w <= limit and w not in seen)
        found.extend((place, v) for v in direct if v in seen)
    return found
