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
from collections.abc import Callable, Mapping, Sequence

import nh3
from attrs import Factory, define, frozen
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from markupsafe import escape

from competency.diagnostics import Diagnostic
from competency.io.markdown_refs import (
    CITATION_RE,
    TEXT_RUN,
    keys_of,
    markdown_parser,
    parse_markdown,
    text_run,
)
from competency.model import Source
from scorm_export.errors import error

__all__ = ["RenderedLesson", "cite_text", "render_lesson", "slugify"]

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

    The tokens come from :func:`competency.io.parse_markdown`, shared with the
    validator (which parsed the same text already); the rewrites happen while
    rendering, so the shared tokens are never changed.

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
    lesson = _Lesson(lesson_id=lesson_id, lang=lang, file=file, lesson_ids=lesson_ids, assets=assets, source=source)
    html = _renderer().render(parse_markdown(text), markdown_parser().options, {_ENV_KEY: lesson})
    problems = lesson.problems
    if lesson.cited:
        items = "".join(
            f'<li id="ref-{lesson_id}-{key}">{_reference(lesson.cited[key], lang)}</li>' for key in sorted(lesson.cited)
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


@define
class _Lesson:
    """What rendering one lesson needs and finds: its context, heading anchors, citations, problems."""

    lesson_id: str
    lang: str
    file: str
    lesson_ids: frozenset[str]
    assets: Mapping[str, str]
    source: Callable[[str], Source | None]
    line: int = 0  # of the token being rendered; softbreaks move it on
    link_depth: int = 0  # inside a link's text a citation is plain text: links do not nest
    anchors: set[str] = Factory(set)
    cited: dict[str, Source] = Factory(dict)
    problems: list[Diagnostic] = Factory(list)

    def report(self, code: str, message: str, line: int | None = None) -> None:
        """Record a problem at ``line`` (default: the line being rendered)."""
        self.problems.append(error(code, message, file=self.file, line=self.line if line is None else line))

    def anchor(self, heading: str) -> str:
        """A page-unique id for a heading: ``<lesson>--<slug>``, numbered when repeated."""
        slug = slugify(heading)
        anchor, n = f"{self.lesson_id}--{slug}", 2
        while anchor in self.anchors:
            anchor, n = f"{self.lesson_id}--{slug}-{n}", n + 1
        self.anchors.add(anchor)
        return anchor

    def href(self, href: str) -> str:
        """A link target inside the page: another lesson becomes its anchor."""
        match = _LESSON_LINK.match(href)
        if match:
            target, link_lang, anchor = match.groups()
            if target not in self.lesson_ids or link_lang != self.lang:
                self.report("SCO102", f"link to {href!r}: no such lesson in this language")
            return f"#{target}--{anchor}" if anchor else f"#lesson-{target}"
        if href.endswith(".md") or ".md#" in href:
            self.report("SCO102", f"link to {href!r} is not a lesson of this module")
        return href

    def src(self, src: str, alt: str) -> str:
        """An image's path inside the package, or ``""`` (reported) when it may not load."""
        if re.match(r"^[a-z][a-z0-9+.-]*:", src) or src.startswith("//"):
            self.report("SCO105", f"remote image {src!r}: a package makes no outside request")
            return ""  # reported once, never requested
        resolved = posixpath.normpath(posixpath.join("lessons", src))
        if resolved not in self.assets:
            self.report("SCO104", f"image {src!r} is not a declared asset of this language")
            return ""
        if not alt.strip():
            self.report("SCO106", f"image {src!r} has no alt text")
        return self.assets[resolved]

    def text(self, content: str) -> str:
        """A run of text, escaped, each ``[@key]`` as ``(<a href="#ref-…">Author, Year</a>)``.

        Soft breaks come in as newlines and stay so (the parser's ``breaks`` is off).
        """
        start_line = self.line
        self.line += content.count("\n")  # soft breaks of the run (a soft break renders as a newline)
        if "[@" not in content:  # most runs: no citation to look for
            return escapeHtml(content)
        out, last = [], 0
        for match in CITATION_RE.finditer(content):
            out.append(escapeHtml(content[last : match.start()]))
            last = match.end()
            parts = []
            for key in keys_of(match):
                found = self.source(key)
                if found is None:
                    line = start_line + content.count("\n", 0, match.start())
                    self.report("SCO103", f"unknown citation key {key!r}", line)
                    continue
                self.cited.setdefault(key, found)
                label = escapeHtml(cite_text(found))
                parts.append(label if self.link_depth else f'<a href="#ref-{self.lesson_id}-{key}">{label}</a>')
            if parts:
                out.append("(" + "; ".join(parts) + ")")
        out.append(escapeHtml(content[last:]))
        return "".join(out)


class _LessonRenderer(RendererHTML):
    """markdown-it's HTML renderer with the lesson rewrites; its state lives in ``env``.

    Each rule that changes an attribute renders a copy of the token, because the
    tokens are shared with the validator (see :func:`competency.io.parse_markdown`).
    """

    def render(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        lesson: _Lesson = env[_ENV_KEY]
        out: list[str] = []
        for i, token in enumerate(tokens):
            if token.type == "inline":
                lesson.line = token.map[0] + 1 if token.map else 0
                out.append(self.renderInline(token.children or [], options, env))
            elif token.type in self.rules:
                out.append(self.rules[token.type](tokens, i, options, env))
            else:
                out.append(self.renderToken(tokens, i, options, env))
        return "".join(out)

    def renderInline(self, tokens: Sequence[Token], options: OptionsDict, env: EnvType) -> str:
        # Text and soft breaks render as one run, so a citation wrapped onto the next line stays whole.
        lesson: _Lesson = env[_ENV_KEY]
        out: list[str] = []
        position = 0
        while position < len(tokens):
            token = tokens[position]
            if token.type in TEXT_RUN:
                position, text = text_run(tokens, position)
                out.append(lesson.text(text))
                continue
            if token.type in self.rules:
                out.append(self.rules[token.type](tokens, position, options, env))
            else:
                out.append(self.renderToken(tokens, position, options, env))
            position += 1
        return "".join(out)

    def heading_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        anchor = env[_ENV_KEY].anchor(tokens[idx + 1].content)
        return f"<{token.tag}{self.renderAttrs(token.copy(attrs={**token.attrs, 'id': anchor}))}>"

    def link_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token, lesson = tokens[idx], env[_ENV_KEY]
        lesson.link_depth += 1
        patched = token.copy(attrs={**token.attrs, "href": lesson.href(str(token.attrGet("href") or ""))})
        return self.renderToken([patched], 0, options, env)

    def link_close(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        env[_ENV_KEY].link_depth -= 1
        return self.renderToken(tokens, idx, options, env)

    def image(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        src = env[_ENV_KEY].src(str(token.attrGet("src") or ""), token.content)
        alt = self.renderInlineAsText(token.children or [], options, env)
        return self.renderToken([token.copy(attrs={**token.attrs, "src": src, "alt": alt})], 0, options, env)

    def hardbreak(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        env[_ENV_KEY].line += 1
        return super().hardbreak(tokens, idx, options, env)


_ENV_KEY = "scorm_export.lesson"


@functools.cache
def _renderer() -> _LessonRenderer:
    # Stateless (the state is in env), so one serves every lesson and thread.
    return _LessonRenderer()
