"""The learning-path planner against brute force on random catalogues."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from competency.diagnostics import UnknownCompetencyError
from competency.graph import build_module_graph, find_cycles, module_prerequisites
from competency.model import Catalogue
from competency.planning import learning_path
from tests.strategies import SCALE, catalogues


def _feasible(catalogue: Catalogue, chosen: tuple[str, ...], have: dict[str, str], targets: dict[str, str]) -> bool:
    framework = catalogue.framework
    modules = {m.id: m for m in catalogue.modules}

    def met(code: str, level: str, providers: tuple[str, ...]) -> bool:
        return SCALE.at_least(have.get(code), level) or any(
            SCALE.at_least(modules[m].taught().get(code), level) for m in providers
        )

    if not all(met(c, lv, chosen) for c, lv in targets.items()):
        return False
    return all(
        met(c, lv, tuple(o for o in chosen if o != m))
        for m in chosen for c, lv in module_prerequisites(framework, modules[m]).items()
    )


def _brute_force(catalogue: Catalogue, have: dict[str, str], targets: dict[str, str]) -> int | None:
    ids = [m.id for m in catalogue.modules]
    cost = {m.id: m.duration for m in catalogue.modules}
    best: int | None = None
    for size in range(len(ids) + 1):
        for subset in itertools.combinations(ids, size):
            if _feasible(catalogue, subset, have, targets):
                total = sum(cost[m] for m in subset)
                best = total if best is None else min(best, total)
    return best


def _instance(catalogue: Catalogue, data: st.DataObject) -> tuple[dict[str, str], dict[str, str]]:
    codes = list(catalogue.framework.codes)
    have = data.draw(st.dictionaries(st.sampled_from(codes), st.sampled_from(SCALE.ids[:2]), max_size=3))
    targets = data.draw(st.dictionaries(st.sampled_from(codes), st.sampled_from(SCALE.ids[:2]), min_size=1, max_size=4))
    return have, targets


@settings(max_examples=150, deadline=None)
@given(catalogues(max_modules=12), st.data())
def test_exact_plan_matches_brute_force(catalogue: Catalogue, data: st.DataObject) -> None:
    assume(not find_cycles(build_module_graph(catalogue.framework, catalogue.modules)))
    have, targets = _instance(catalogue, data)
    plan = learning_path(catalogue, have, targets)
    reachable = {c: lv for c, lv in targets.items() if (c, lv) not in plan.unreachable}
    optimum = _brute_force(catalogue, have, reachable)
    assert optimum is not None  # what the planner calls reachable is reachable
    assert plan.exact
    assert plan.total_minutes == optimum
    assert plan.lower_bound <= optimum + 1e-9
    assert _feasible(catalogue, plan.modules, have, reachable)
    # No unreachable target is actually reachable.
    for code, level in plan.unreachable:
        assert _brute_force(catalogue, have, {code: level}) is None


@settings(max_examples=150, deadline=None)
@given(catalogues(max_modules=12), st.data())
def test_plan_order_puts_every_prerequisite_first(catalogue: Catalogue, data: st.DataObject) -> None:
    assume(not find_cycles(build_module_graph(catalogue.framework, catalogue.modules)))
    have, targets = _instance(catalogue, data)
    plan = learning_path(catalogue, have, targets)
    modules = {m.id: m for m in catalogue.modules}
    for index, module_id in enumerate(plan.modules):
        before = plan.modules[:index]
        for code, level in module_prerequisites(catalogue.framework, modules[module_id]).items():
            assert SCALE.at_least(have.get(code), level) or any(
                SCALE.at_least(modules[m].taught().get(code), level) for m in before
            ), f"{module_id} needs {code}:{level} before it"


@settings(max_examples=100, deadline=None)
@given(catalogues(max_modules=10), st.data())
def test_heuristic_is_feasible_and_bounded(catalogue: Catalogue, data: st.DataObject) -> None:
    assume(not find_cycles(build_module_graph(catalogue.framework, catalogue.modules)))
    have, targets = _instance(catalogue, data)
    heuristic = learning_path(catalogue, have, targets, exact_limit=0)
    exact = learning_path(catalogue, have, targets)
    assert not heuristic.exact or not heuristic.modules  # exact only when nothing is needed
    assert heuristic.unreachable == exact.unreachable
    reachable = {c: lv for c, lv in targets.items() if (c, lv) not in heuristic.unreachable}
    assert _feasible(catalogue, heuristic.modules, have, reachable)
    assert heuristic.lower_bound <= exact.total_minutes + 1e-9 <= heuristic.total_minutes + 1e-9


@settings(max_examples=100, deadline=None)
@given(catalogues(max_modules=10), st.data())
def test_greedy_meets_the_set_cover_bound_without_prerequisites(catalogue: Catalogue, data: st.DataObject) -> None:
    # With no prerequisite edges the problem is weighted set cover: greedy <= H(k) * optimum.
    from attrs import evolve

    framework = evolve(catalogue.framework, competencies=[
        evolve(c, prerequisites=()) for c in catalogue.framework.competencies])
    catalogue = evolve(catalogue, framework=framework)
    have, targets = _instance(catalogue, data)
    heuristic = learning_path(catalogue, have, targets, exact_limit=0)
    exact = learning_path(catalogue, have, targets)
    k = max((len(m.taught()) for m in catalogue.modules), default=1)
    harmonic = sum(1 / i for i in range(1, k + 1))
    assert heuristic.total_minutes <= math.ceil(harmonic * exact.total_minutes + 1e-9)


def test_unknown_competency_and_level_are_refused() -> None:
    from conftest import TOY

    from competency.validation import load_catalogue

    catalogue = load_catalogue(TOY / "standards", TOY / "modules")
    with pytest.raises(UnknownCompetencyError):
        learning_path(catalogue, {}, {"Z9.9": "foundational"})
    with pytest.raises(ValueError, match="unknown level"):
        learning_path(catalogue, {}, {"T1.1": "guru"})
