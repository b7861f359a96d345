"""Hypothesis strategies: random standards (DAGs) and module catalogues."""

from __future__ import annotations

from hypothesis import strategies as st

from competency.model import (
    Catalogue,
    Competency,
    Domain,
    Framework,
    Level,
    Module,
    Outcome,
    Prerequisite,
    RoleProfile,
    Scale,
    Text,
)

LEVELS = ("foundational", "practitioner", "leader")
SCALE = Scale(
    levels=tuple(Level(id=lv, title=Text.of(en=lv, fr=lv), description=Text.of(en=lv, fr=lv)) for lv in LEVELS),
    proficient="practitioner",
)


def _text(value: str) -> Text:
    return Text.of(en=value, fr=value)


@st.composite
def frameworks(draw: st.DrawFn, max_size: int = 12) -> Framework:
    """A framework whose prerequisite edges all go from lower to higher index (a DAG)."""
    size = draw(st.integers(min_value=1, max_value=max_size))
    codes = [f"D1.{i + 1}" for i in range(size)]
    competencies = []
    for index, code in enumerate(codes):
        earlier = draw(st.sets(st.integers(0, index - 1), max_size=3)) if index else set()
        competencies.append(Competency(
            code=code, domain="D1", kind="skill", title=_text(code), statement=_text(code),
            levels={lv: _text(lv) for lv in LEVELS},
            prerequisites=[Prerequisite(competency=codes[j], level=draw(st.sampled_from(LEVELS[:2])),
                                        reason=_text("r")) for j in sorted(earlier)],
        ))
    return Framework(
        id="random", uri="urn:example:random", version="1.0.0", title=_text("random"), languages=("en", "fr"),
        scale=SCALE, domains=[Domain(code="D1", title=_text("d"), competencies=codes)],
        competencies=competencies,
        profiles=[RoleProfile(id="all", title=_text("all"), requirements={c: "foundational" for c in codes})],
    ).with_identifiers()


@st.composite
def catalogues(draw: st.DrawFn, max_modules: int = 12, max_competencies: int = 10) -> Catalogue:
    framework = draw(frameworks(max_size=max_competencies))
    codes = list(framework.codes)
    count = draw(st.integers(min_value=1, max_value=max_modules))
    modules = []
    for number in range(count):
        start = draw(st.integers(0, len(codes) - 1))
        end = draw(st.integers(start, min(len(codes) - 1, start + 3)))
        outcomes = [Outcome(competency=codes[i], level=draw(st.sampled_from(LEVELS[:2])), roles=["teaches", "assesses"])
                    for i in range(start, end + 1)]
        modules.append(Module(
            id=f"m{number:02d}", version="1.0.0", title=_text(f"m{number}"), summary=_text("s"),
            duration=draw(st.integers(5, 120)), languages=("en",), outcomes=outcomes,
        ))
    return Catalogue(framework=framework, modules=modules)
