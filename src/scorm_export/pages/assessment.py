"""The assessment part of a SCO page: item texts for the template and item data for ``quiz.js``.

Stems, rationales and feedback are plain text: a citation ``[@key]`` becomes
``(Author, Year)``; there are no links in the assessment, so a learner is never
sent away from the question they are answering.

What a learner may see, and when, is decided in ``quiz.js``: nothing before
an attempt is submitted; then, per item, the verdict, the feedback of the
option(s) the learner chose and the rationale; on a retry all of it is hidden
again. The data block carries every option's feedback (as it already carries
the correct answers); the page shows only the chosen options' feedback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from attrs import frozen

from competency.io.markdown_refs import CITATION_RE, keys_of
from competency.model import Item, ItemType, Source, Text
from scorm_export.pages.markdown import cite_text

__all__ = ["ItemView", "OptionView", "item_data", "item_view", "option_feedback", "plain_text"]

_CHOICE_TYPES = (ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_RESPONSE, ItemType.TRUE_FALSE)


def plain_text(text: str, source: Callable[[str], Source | None]) -> str:
    """``text`` with each citation as ``(Author, Year)``; unknown keys are left out.

    >>> from competency.model import Source, Text
    >>> efus = Source(key="efus-2007", author="EFUS", title=Text.of(en="Guide"), year=2007)
    >>> plain_text("Audits come first [@efus-2007; @nobody].", {"efus-2007": efus}.get)
    'Audits come first (EFUS, 2007).'
    """

    def replace(match: re.Match[str]) -> str:
        found = [source(key) for key in keys_of(match)]
        return "(" + "; ".join(cite_text(s) for s in found if s is not None) + ")"

    return CITATION_RE.sub(replace, text)


def _text(value: Text | None, lang: str, source: Callable[[str], Source | None]) -> str | None:
    return plain_text(value.best(lang), source) if value is not None else None


def option_feedback(item: Item, lang: str, source: Callable[[str], Source | None]) -> dict[str, str]:
    """Option id -> the feedback a learner who chose it sees, in ``lang``.

    Choice items carry feedback per option. A true/false item's two options are
    ``true`` and ``false``: choosing the right one earns the item's feedback for
    a correct answer, the other one its feedback for an incorrect answer. Other
    item types have no options, hence ``{}``; so has an option without feedback.
    """
    if item.type is ItemType.TRUE_FALSE:
        right, wrong = str(bool(item.answer)).lower(), str(not item.answer).lower()
        texts = {right: _text(item.feedback_correct, lang, source), wrong: _text(item.feedback_incorrect, lang, source)}
    elif item.type in _CHOICE_TYPES:
        texts = {option.id: _text(option.feedback, lang, source) for option in item.options}
    else:
        texts = {}
    return {option: text for option, text in texts.items() if text}


@frozen
class OptionView:
    """An option as the page lists it."""

    id: str
    text: str


@frozen
class ItemView:
    """What the page writes for an item (hashable, so a page's body can be reused; see ``render``)."""

    id: str
    type: str
    stem: str
    options: tuple[OptionView, ...]
    unit: str
    rationale: str
    feedback_correct: str
    feedback_incorrect: str
    has_choices: bool


def item_view(item: Item, lang: str, source: Callable[[str], Source | None], strings: dict[str, str]) -> ItemView:
    """What the template writes for ``item``: stem, options, unit, the verdicts and the rationale.

    The verdict of a choice-like item is the item's own feedback when it has one
    and the generic "Correct."/"Not quite." otherwise; a true/false item's
    feedback is the feedback of its options (see :func:`option_feedback`), so its
    verdict stays generic and the same text is never shown twice.
    """
    own = item.type is not ItemType.TRUE_FALSE
    correct = _text(item.feedback_correct, lang, source) if own else None
    incorrect = _text(item.feedback_incorrect, lang, source) if own else None
    return ItemView(
        id=item.id,
        type=item.type.value,
        stem=plain_text(item.stem.best(lang), source),
        options=tuple(OptionView(id=o.id, text=o.text.best(lang)) for o in item.options),
        unit=item.unit.best(lang) if item.unit else "",
        rationale=plain_text(item.rationale.best(lang), source),
        feedback_correct=correct or strings["correct"],
        feedback_incorrect=incorrect or strings["incorrect"],
        has_choices=item.type in _CHOICE_TYPES,
    )


def item_data(
    item: Item, interaction_id: str, objective: str, lang: str, source: Callable[[str], Source | None]
) -> dict[str, Any]:
    """``item`` in the page's data block: scoring, reporting and the per-option feedback."""
    data: dict[str, Any] = {
        "id": item.id,
        "iid": interaction_id,
        "type": item.type.value,
        "objective": objective,
    }
    if item.type in (ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_RESPONSE):
        data["correct"] = list(item.correct_options)
    elif item.type is ItemType.TRUE_FALSE:
        data["correct"] = bool(item.answer)
    elif item.type is ItemType.NUMERIC:
        data["correct"] = float(item.answer)  # type: ignore[arg-type]
        data["tolerance"] = item.tolerance
    else:
        data["correct"] = list(item.accepted_in(lang))
        data["caseSensitive"] = item.case_sensitive
    if item.type in _CHOICE_TYPES:
        data["feedback"] = option_feedback(item, lang, source)
    return data
