"""The graph checks' one-pass index agrees with the generic one, whatever the input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from competency.graph import build_graph
from competency.graph.checks import _prerequisite_lists, check_graph
from competency.graph.indexed import indexed
from competency.model import Competency, Domain, Framework, Prerequisite, Text
from tests.strategies import SCALE, frameworks

_TEXT = Text.of(en="t", fr="t")


@st.composite
def messy_frameworks(draw: st.DrawFn) -> Framework:
    """Repeated codes, repeated and unknown prerequisites, edges in any direction."""
    size = draw(st.integers(1, 9))
    codes = [f"D1.{draw(st.integers(1, size + 2))}" for _ in range(size)]
    known = [*codes, "D1.99"]
    competencies = [
        Competency(
            code=code, domain="D1", kind="skill", title=_TEXT, statement=_TEXT,
            levels={"foundational": _TEXT, "practitioner": _TEXT},
            prerequisites=[Prerequisite(competency=other, level="foundational", reason=_TEXT)
                           for other in draw(st.lists(st.sampled_from(known), max_size=4))],
        )
        for code in codes
    ]
    return Framework(
        id="messy", uri="urn:example:messy", version="1.0.0", title=_TEXT, languages=("en", "fr"), scale=SCALE,
        domains=[Domain(code="D1", title=_TEXT, competencies=list(dict.fromkeys(codes)))],
        competencies=competencies,
    )


@given(messy_frameworks())
def test_prerequisite_lists_match_the_generic_index(framework: Framework) -> None:
    expected = indexed(
        (c.code for c in framework.competencies),
        ((p.competency, c.code) for c in framework.competencies for p in c.prerequisites),
    )
    assert _prerequisite_lists(framework) == expected


@given(frameworks(max_size=10))
def test_check_graph_reports_the_same_with_or_without_a_built_graph(framework: Framework) -> None:
    def found(diagnostics: object) -> set[tuple[str, str]]:
        return {(d.code, d.message) for d in diagnostics}  # type: ignore[attr-defined]

    assert found(check_graph(framework)) == found(check_graph(framework, build_graph(framework)))
