"""Lesson rendering over the tokens shared with the validator."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from competency.io.markdown_refs import parse_markdown, scan_references
from scorm_export.pages import render_lesson
from scorm_export.pages.markdown import RenderedLesson
from tests.scorm_export.catalogue import framework

ASSETS = {"assets/cycle.en.svg": "assets/cycle.en.svg"}


def render(text: str) -> RenderedLesson:
    return render_lesson(
        text,
        lesson_id="01",
        lang="en",
        file="lessons/01.en.md",
        lesson_ids=frozenset({"01", "02"}),
        assets=ASSETS,
        source=framework().source,
    )


def snapshot(text: str) -> list[tuple[object, ...]]:
    """Every field a renderer could change, of every token and child."""
    return [
        (t.type, dict(t.attrs), t.content, [(c.type, dict(c.attrs), c.content) for c in t.children or ()])
        for t in parse_markdown(text)
    ]


def test_rendering_leaves_the_shared_tokens_as_the_validator_sees_them() -> None:
    text = (
        "# Audit\n\n## Audit\n\nSee [the next lesson](02.en.md#scope) [@efus-2007].\n\n"
        "![A cycle](../assets/cycle.en.svg)\n\n![remote](https://example.org/x.png)\n"
    )
    before = snapshot(text)
    first, second = render(text), render(text)
    assert snapshot(text) == before
    assert first == second
    assert '<h2 id="01--audit-2">Audit</h2>' in first.html
    assert 'href="#02--scope"' in first.html
    assert '<img src="assets/cycle.en.svg" alt="A cycle">' in first.html
    assert '<img src="" alt="remote">' in first.html
    assert [d.code for d in first.diagnostics] == ["SCO105"]


def test_citation_syntax_in_code_stays_text_and_a_cited_link_is_not_nested() -> None:
    result = render("Write `[@efus-2007]` to cite. [Read [@unodc-2010]](https://example.org/).\n")
    assert "<code>[@efus-2007]</code>" in result.html
    # Inside a link's text the citation is plain text (links do not nest) but still listed.
    assert '<a href="https://example.org/" rel="noopener noreferrer">Read (UNODC, 2010)</a>' in result.html
    assert re.findall(r'id="ref-01-([a-z0-9-]+)"', result.html) == ["unodc-2010"]
    assert result.diagnostics == ()


def test_a_problem_on_the_second_line_of_a_paragraph_names_that_line() -> None:
    text = "# T\n\nFirst line,\nsecond line ![x](http://example.org/x.png) [@nobody].\n"
    assert sorted((d.code, d.line) for d in render(text).diagnostics) == [("SCO103", 4), ("SCO105", 4)]
    # The validator counts lines the same way.
    assert sorted((r.kind, r.line) for r in scan_references(text)) == [("citation", 4), ("image", 4)]


def test_a_citation_wrapped_onto_the_next_line_is_one_citation() -> None:
    text = "Programmes work [@efus-2007;\n@nobody] when\ntested [@gone-1999].\n"
    result = render(text)
    assert "Programmes work (" in result.html and "@efus-2007" not in result.html
    assert re.findall(r'id="ref-01-([a-z0-9-]+)"', result.html) == ["efus-2007"]
    # Each unknown key is reported on the line where its citation starts.
    assert sorted((d.code, d.line, d.message) for d in result.diagnostics) == [
        ("SCO103", 1, "unknown citation key 'nobody'"),
        ("SCO103", 3, "unknown citation key 'gone-1999'"),
    ]
    assert [(r.target, r.line) for r in scan_references(text)] == [("efus-2007", 1), ("nobody", 1), ("gone-1999", 3)]


_KEYS = st.sampled_from(["efus-2007", "unodc-2010", "nobody", "gone-1999"])
_CITATION = st.builds(
    lambda keys, separator: "[" + separator.join(f"@{k}" for k in keys) + "]",
    st.lists(_KEYS, min_size=1, max_size=3),
    st.sampled_from(["; ", ";", ";\n", " ;\n  "]),  # authors wrap long citations onto the next line
)
_FRAGMENT = st.one_of(
    st.sampled_from(["Word", "two words", "\n", "\n\n", "- ", "> ", "| a | b |\n|---|---|\n| ", "*", "`"]),
    _CITATION,
    _CITATION.map(lambda c: f"`{c}`"),
    _CITATION.map(lambda c: f"[see {c}](02.en.md)"),
    _CITATION.map(lambda c: f"<span>{c}</span>"),
    _CITATION.map(lambda c: f"**{c}**"),
)


@given(st.lists(_FRAGMENT, max_size=12).map(" ".join))
def test_the_exporter_renders_exactly_the_citations_the_validator_checked(text: str) -> None:
    checked = {r.target for r in scan_references(text) if r.kind == "citation"}
    result = render(text)
    listed = set(re.findall(r'id="ref-01-([a-z0-9-]+)"', result.html))
    unknown = {re.findall(r"'([a-z0-9-]+)'", d.message)[0] for d in result.diagnostics if d.code == "SCO103"}
    assert listed | unknown == checked
    assert listed <= {"efus-2007", "unodc-2010"} and unknown <= {"nobody", "gone-1999"}
