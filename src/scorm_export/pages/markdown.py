"""Lessons from Markdown to sanitised HTML fragments.

The whole module becomes one page (``index.html``), because a SCO must call
Initialize once: navigating between HTML files would restart the runtime. So
each lesson is a section, and rewriting links is about anchors:

- ``NN-other.en.md#scoping`` becomes ``#NN-other--scoping`` (heading ids carry
  their lesson id, so they stay unique in the page);
- ``../assets/x.en.svg`` becomes the asset's package path;
- ``[@key]`` and ``[@key1; @key2]`` become links to a reference list rendered
  at the end of the lesson.

Raw HTML is allowed by the Markdown parser and then cleaned by nh3, which also
drops scripts, styles and event handlers; remote images are errors because a
package makes no outside request.
"""

from __future__ import annotations

import functools
import posixpath
import re
import unicodedata
from collections.abc import Callable, Mapping

import nh3
from attrs import frozen
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import escape

from competency.diagnostics import Diagnostic
from competency.model import Source
from scorm_export.errors import error

__all__ = ["CITATION", "RenderedLesson", "cite_text", "render_lesson", "slugify"]

#: ``[@key]`` or ``[@key1; @key2]``, in lessons and in item texts.
CITATION = re.compile(r"\[(@[a-z0-9][a-z0-9-]*(?:\s*;\s*@[a-z0-9][a-z0-9-]*)*)\]")
_LESSON_LINK = re.compile(r"^([a-z0-9][a-z0-9-]*)\.([a-z]{2,3})\.md(?:#([A-Za-z0-9_-]+))?$")
_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
}
_ATTRIBUTES = {
    "*": {"id", "lang", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
}


@frozen
class RenderedLesson:
    """A lesson's HTML, its title (first heading) and what went wrong."""

    html: str
    diagnostics: tuple[Diagnostic, ...]


def slugify(text: str) -> str:
    """A heading's anchor: lowercase ASCII words joined by ``-``.

    >>> slugify("Scoping the audit (step 1)")
    'scoping-the-audit-step-1'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "section"


def cite_text(source: Source) -> str:
    """The short in-text form of a citation: ``Author, Year``."""
    return f"{source.author}, {source.year}"


@functools.cache
def _parser() -> MarkdownIt:
    # One parser for every lesson: building one costs more than rendering a short lesson.
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def render_lesson(
    text: str,
    *,
    lesson_id: str,
    lang: str,
    file: str,
    lesson_ids: frozenset[str],
    assets: Mapping[str, str],
    source: Callable[[str], Source | None],
    references: str = "References",
    table_label: str = "Table {n}",
) -> RenderedLesson:
    """Render one lesson's Markdown to a sanitised HTML fragment.

    Parameters
    ----------
    text
        The Markdown source.
    lesson_id, lang
        The lesson and its language; headings get ids ``<lesson_id>--<slug>``.
    file
        The lesson's path, for diagnostics.
    lesson_ids
        The lessons of the module (link targets).
    assets
        Module-relative asset path (``assets/x.svg``) -> path inside the page's folder.
    source
        Looks a citation key up (``Framework.source``).
    references
        The heading of the reference list, in ``lang``.
    table_label
        The accessible name of each table's scroll region (``{n}`` is its number).
    """
    problems: list[Diagnostic] = []
    cited: dict[str, Source] = {}

    def replace(match: re.Match[str]) -> str:
        parts = []
        for key in (k.strip().lstrip("@") for k in match.group(1).split(";")):
            found = source(key)
            if found is None:
                line = text.count("\n", 0, match.start()) + 1  # counted only for a report
                problems.append(error("SCO103", f"unknown citation key {key!r}", file=file, line=line))
                continue
            cited.setdefault(key, found)
            parts.append(f"[{cite_text(found)}](#ref-{lesson_id}-{key})")
        return "(" + "; ".join(parts) + ")" if parts else ""

    md = _parser()
    tokens = md.parse(CITATION.sub(replace, text))
    used: set[str] = set()
    for position, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[position + 1]
            slug = slugify(inline.content)
            anchor, n = f"{lesson_id}--{slug}", 2
            while anchor in used:
                anchor, n = f"{lesson_id}--{slug}-{n}", n + 1
            used.add(anchor)
            token.attrSet("id", anchor)
        for child in token.children or ():
            line = (token.map[0] + 1) if token.map else 0
            _rewrite(
                child,
                lang=lang,
                file=file,
                line=line,
                lesson_ids=lesson_ids,
                assets=assets,
                problems=problems,
            )
    html = md.renderer.render(tokens, md.options, {})

    if cited:
        items = "".join(
            f'<li id="ref-{lesson_id}-{key}">{_reference(cited[key], lang)}</li>' for key in sorted(cited)
        )
        html += f'<h2 id="{lesson_id}--references">{escape(references)}</h2><ol class="references">{items}</ol>'
    local = set(assets.values())

    def keep(tag: str, attribute: str, value: str) -> str | None:
        # Raw HTML images pass the Markdown stage untouched: only the module's assets may load.
        if tag == "img" and attribute == "src" and value and value not in local:
            problems.append(
                error(
                    "SCO105",
                    f"image {value!r} in raw HTML is not a declared asset; a package makes no outside request",
                    file=file,
                )
            )
            return None
        return value

    clean = nh3.clean(
        html,
        attribute_filter=keep,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return RenderedLesson(html=_scrollable_tables(clean, table_label), diagnostics=tuple(problems))


def _scrollable_tables(html: str, label: str) -> str:
    """Wrap each table in a focusable, named region so a wide table scrolls by keyboard too.

    Added after sanitising, because nh3 (rightly) strips ``tabindex`` and ``role``
    from authored HTML.
    """
    count = 0

    def wrap(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        name = escape(label.format(n=count))
        return f'<div class="table-scroll" role="region" tabindex="0" aria-label="{name}">{match.group(0)}</div>'

    return re.sub(r"<table>.*?</table>", wrap, html, flags=re.S)


def _reference(source: Source, lang: str) -> str:
    title = escape(source.title.best(lang))
    text = f"{escape(source.author)} ({source.year}). <cite>{title}</cite>."
    if source.publisher:
        text += f" {escape(source.publisher)}."
    if source.url:
        text += f' <a href="{escape(source.url)}">{escape(source.url)}</a>'
    return text


def _rewrite(
    token: Token,
    *,
    lang: str,
    file: str,
    line: int,
    lesson_ids: frozenset[str],
    assets: Mapping[str, str],
    problems: list[Diagnostic],
) -> None:
    if token.type == "link_open":
        href = str(token.attrGet("href") or "")
        match = _LESSON_LINK.match(href)
        if match:
            target, link_lang, anchor = match.groups()
            if target not in lesson_ids or link_lang != lang:
                problems.append(
                    error("SCO102", f"link to {href!r}: no such lesson in this language", file=file, line=line)
                )
            token.attrSet("href", f"#{target}--{anchor}" if anchor else f"#lesson-{target}")
        elif href.endswith(".md") or ".md#" in href:
            problems.append(error("SCO102", f"link to {href!r} is not a lesson of this module", file=file, line=line))
    elif token.type == "image":
        src = str(token.attrGet("src") or "")
        if re.match(r"^[a-z][a-z0-9+.-]*:", src) or src.startswith("//"):
            problems.append(
                error(
                    "SCO105",
                    f"remote image {src!r}: a package makes no outside request",
                    file=file,
                    line=line,
                )
            )
            token.attrSet("src", "")  # reported once, never requested
            return
        resolved = posixpath.normpath(posixpath.join("lessons", src))
        if resolved not in assets:
            problems.append(
                error("SCO104", f"image {src!r} is not a declared asset of this language", file=file, line=line)
            )
            token.attrSet("src", "")
            return
        token.attrSet("src", assets[resolved])
        if not token.content.strip():
            problems.append(error("SCO106", f"image {src!r} has no alt text", file=file, line=line))
