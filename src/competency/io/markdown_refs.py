"""Finding the references inside lesson Markdown: images, links and citations.

Lessons cite the evidence base as ``[@key]`` or ``[@key1; @key2]``, link to
other lessons by their file name (``02-audit.en.md#scope``) and show declared
assets (``![alt](../assets/cycle.en.svg)``).  The validator checks these and the
exporters rewrite them, so both use this one scanner.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from attrs import frozen
from markdown_it import MarkdownIt
from markdown_it.token import Token

__all__ = ["CITATION_RE", "Reference", "citation_keys", "markdown_parser", "scan_references"]

#: ``[@key]`` or ``[@key1; @key2]``; keys as in the evidence base.
CITATION_RE = re.compile(r"\[@([a-z0-9][a-z0-9-]*)((?:\s*;\s*@[a-z0-9][a-z0-9-]*)*)\]")
_KEY_RE = re.compile(r"@([a-z0-9][a-z0-9-]*)")


@cache
def markdown_parser() -> MarkdownIt:
    """CommonMark with tables and strikethrough, raw HTML disabled."""
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


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
        keys.extend(_KEY_RE.findall(match.group(0)))
    return keys


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
    for block in markdown_parser().parse(markdown):
        if block.type != "inline" or block.map is None:
            continue
        line = block.map[0] + 1
        for child in block.children or ():
            if child.type == "image":
                yield Reference("image", str(child.attrs.get("src", "")), line, _inline_text(child))
            elif child.type == "link_open":
                yield Reference("link", str(child.attrs.get("href", "")), line)
            elif child.type == "text":
                # A newline inside the inline block moves the line on; softbreaks are tokens.
                for key in citation_keys(child.content):
                    yield Reference("citation", key, line)
            elif child.type in ("softbreak", "hardbreak"):
                line += 1
