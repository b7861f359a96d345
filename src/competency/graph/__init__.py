"""The prerequisite graph and its algorithms (networkx, plain functions)."""

from competency.graph.build import build_graph, build_module_graph, module_prerequisites
from competency.graph.checks import check_graph, check_module_graph, find_cycles, redundant_edges
from competency.graph.order import stable_topological_order
from competency.graph.queries import layers, ready_next, reduced, required_before, to_dot

__all__ = [
    "build_graph",
    "build_module_graph",
    "check_graph",
    "check_module_graph",
    "find_cycles",
    "layers",
    "module_prerequisites",
    "ready_next",
    "reduced",
    "redundant_edges",
    "required_before",
    "stable_topological_order",
    "to_dot",
]
