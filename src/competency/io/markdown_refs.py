"""Finding the references inside lesson Markdown: images, links and citations.

Lessons cite the evidence base as ``[@key]`` or ``[@key1; @key2]``, link to
other lessons by their file name (``02-audit.en.md#scope``) and show declared
assets (``![alt](../assets/cycle.en.svg)``).  The validator checks these and the
exporters rewrite them, so both read the same tokens: :func:`parse_markdown`
parses a text once with the one parser configuration and keeps the tokens, so
``competency build`` parses each lesson once, not once to validate and again to
render. A citation is found in text tokens only, so one shown in a code span or
inside raw HTML is an example, not a reference, for both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache, lru_cache

from attrs import frozen
from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = [
    "CITATION_RE",
    "TEXT_RUN",
    "Reference",
    "citation_keys",
    "keys_of",
    "markdown_parser",
    "parse_markdown",
    "scan_references",
    "text_run",
]

#: ``[@key]`` or ``[@key1; @key2]``; keys as in the evidence base.
CITATION_RE = re.compile(r"\[@([a-z0-9][a-z0-9-]*)((?:\s*;\s*@[a-z0-9][a-z0-9-]*)*)\]")
_KEY_RE = re.compile(r"@([a-z0-9][a-z0-9-]*)")
#: The inline tokens that :func:`text_run` joins.
TEXT_RUN = frozenset({"text", "softbreak"})


#: Lessons parsed at once in the memo; our catalogue has 120, a token list is ~20x its text.
_PARSED_KEPT = 512


@cache
def markdown_parser() -> MarkdownIt:
    """CommonMark with tables and strikethrough; raw HTML is parsed as HTML.

    Raw HTML is recognised (not read as text) because the exporters keep it and
    then sanitise it; the validator and the exporters must see the same tokens.
    """
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@lru_cache(maxsize=_PARSED_KEPT)
def parse_markdown(text: str) -> Sequence[Token]:
    """The block tokens of ``text``, parsed once and shared: treat them as read-only.

    Validation and export ask for the same lesson text; the second call is a
    lookup. Renderers must not change a token (``markdown_it``'s own image rule
    does): copy it first.

    >>> parse_markdown("# Title") is parse_markdown("# Title")
    True
    """
    return tuple(markdown_parser().parse(text))


@frozen
class Reference:
    """One reference found in a lesson: ``kind`` is image, link or citation."""

    kind: str
    target: str
    line: int
    text: str = ""


def citation_keys(text: str) -> list[str]:
    """Every evidence-base key cited in ``text``, in order.

    >>> citation_keys("As shown [@efus-2007; @ontario-2017] and [@zhang-2011].")
    ['efus-2007', 'ontario-2017', 'zhang-2011']
    """
    keys: list[str] = []
    for match in CITATION_RE.finditer(text):
        keys.extend(keys_of(match))
    return keys


def keys_of(citation: re.Match[str]) -> list[str]:
    """The keys of one :data:`CITATION_RE` match, in order.

    >>> keys_of(CITATION_RE.search("see [@a-1; @b]"))
    ['a-1', 'b']
    """
    return _KEY_RE.findall(citation.group(0))


def _inline_text(token: Token) -> str:
    return "".join(child.content for child in token.children or () if child.type in ("text", "code_inline"))


def scan_references(markdown: str) -> Iterator[Reference]:
    """Yield the images, links and citations of a Markdown document with lines.

    Code spans and code blocks are skipped, so examples of the syntax in a
    lesson are not mistaken for references.

    >>> refs = list(scan_references("# T\\n\\nSee [x](02-b.en.md) [@k-1].\\n\\n![A](../assets/a.svg)\\n"))
    >>> [(r.kind, r.target, r.line) for r in refs]
    [('link', '02-b.en.md', 3), ('citation', 'k-1', 3), ('image', '../assets/a.svg', 5)]
    """
    for block in parse_markdown(markdown):
        if block.type != "inline" or block.map is None:
            continue
        line = block.map[0] + 1
        children = block.children or ()
        position = 0
        while position < len(children):
            child = children[position]
            if child.type in TEXT_RUN:
                position, text = text_run(children, position)
                for match in CITATION_RE.finditer(text):
                    at = line + text.count("\n", 0, match.start())
                    yield from (Reference("citation", key, at) for key in keys_of(match))
                line += text.count("\n")
                continue
            if child.type == "image":
                yield Reference("image", str(child.attrs.get("src", "")), line, _inline_text(child))
            elif child.type == "link_open":
                yield Reference("link", str(child.attrs.get("href", "")), line)
            elif child.type == "hardbreak":
                line += 1
            position += 1


def text_run(children: Sequence[Token], start: int) -> tuple[int, str]:
    """The text from ``children[start]`` on through soft line breaks, and where it ends.

    A citation may wrap onto the next line (``[@a;`` / ``@b]``): markdown-it
    splits it into text, softbreak, text, so it is whole only in the joined run,
    with ``"\\n"`` for each break.

    >>> children = parse_markdown("See [@a;\\n@b] here")[1].children
    >>> text_run(children, 0)
    (3, 'See [@a;\\n@b] here')
    """
    parts = []
    end = start
    while end < len(children) and children[end].type in TEXT_RUN:
        parts.append("\n" if children[end].type == "softbreak" else children[end].content)
        end += 1
    return end, "".join(parts)
