"""Training modules: outcomes mapped to competencies, lessons, assets and items."""

from __future__ import annotations

import enum
from collections.abc import Iterable

from attrs import field, frozen
from attrs.validators import and_, ge, gt, instance_of, le, min_len

from competency.diagnostics import Origin
from competency.model._convert import as_tuple
from competency.model._validate import matches, optional_origin
from competency.model.framework import COMPETENCY_CODE_RE, SEMVER_RE, SLUG_RE
from competency.model.text import Text

__all__ = [
    "ITEM_ID_RE",
    "OPTION_ID_RE",
    "Assessment",
    "Asset",
    "Item",
    "ItemType",
    "Lesson",
    "Module",
    "Option",
    "Outcome",
    "Role",
]

#: Item ids become SCORM interaction ids; 1.2 allows only ``[A-Za-z0-9_-]``.
ITEM_ID_RE = r"^[a-z0-9][a-z0-9-]{0,63}$"
#: Option ids become SCORM 1.2 ``choice`` responses, which are single characters.
OPTION_ID_RE = r"^[a-z]$"
_ORIGIN = field(default=None, eq=False, repr=False, validator=optional_origin)


class Role(str, enum.Enum):
    """What a module does for a competency."""

    TEACHES = "teaches"
    ASSESSES = "assesses"


class ItemType(str, enum.Enum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_RESPONSE = "multiple_response"
    TRUE_FALSE = "true_false"
    NUMERIC = "numeric"
    SHORT_TEXT = "short_text"


def _as_roles(value: Iterable[str | Role]) -> tuple[Role, ...]:
    # A sorted tuple, not a frozenset: reprs and hashes of outcomes must not depend
    # on the interpreter's hash seed (build digests are computed from them).
    return tuple(sorted({Role(r) for r in value}, key=lambda role: role.value))


@frozen(kw_only=True)
class Outcome:
    """A learning outcome: the module teaches and/or assesses a competency at a level."""

    competency: str = field(validator=matches(COMPETENCY_CODE_RE))
    level: str = field(validator=matches(SLUG_RE))
    roles: tuple[Role, ...] = field(converter=_as_roles, validator=min_len(1))
    statement: Text | None = None
    origin: Origin | None = _ORIGIN

    @property
    def teaches(self) -> bool:
        return Role.TEACHES in self.roles

    @property
    def assesses(self) -> bool:
        return Role.ASSESSES in self.roles


@frozen(kw_only=True)
class Lesson:
    """A lesson: one Markdown file per language (``lessons/<id>.<lang>.md``)."""

    id: str = field(validator=matches(r"^[a-z0-9][a-z0-9-]*$"))
    title: Text
    files: tuple[tuple[str, str], ...] = field(default=(), converter=as_tuple)
    origin: Origin | None = _ORIGIN

    def file(self, lang: str) -> str | None:
        """The module-relative path of the lesson in ``lang``, if it exists."""
        for key, path in self.files:
            if key == lang:
                return path
        return None


@frozen(kw_only=True)
class Asset:
    """A file shipped with a module (a diagram), with its text alternative."""

    path: str = field(validator=min_len(1))
    alt: Text
    origin: Origin | None = _ORIGIN


@frozen(kw_only=True)
class Option:
    """A choice of a single-choice or multiple-response item."""

    id: str = field(validator=matches(OPTION_ID_RE))
    text: Text
    correct: bool = field(default=False, validator=instance_of(bool))
    feedback: Text | None = None
    origin: Origin | None = _ORIGIN


@frozen(kw_only=True)
class Item:
    """An assessment item measuring one competency at one level.

    Which answer fields are used depends on ``type``: ``options`` for the choice
    types, ``answer`` (bool) for true/false, ``answer`` (float) and
    ``tolerance`` for numeric, ``accepted`` (per language) for short text.
    """

    id: str = field(validator=matches(ITEM_ID_RE))
    type: ItemType = field(converter=ItemType)
    competency: str = field(validator=matches(COMPETENCY_CODE_RE))
    level: str = field(validator=matches(SLUG_RE))
    stem: Text
    rationale: Text
    lesson: str = ""
    options: tuple[Option, ...] = field(default=(), converter=as_tuple)
    answer: bool | float | None = None
    tolerance: float = field(default=0.0, validator=ge(0.0))
    unit: Text | None = None
    accepted: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), converter=as_tuple)
    case_sensitive: bool = False
    feedback_correct: Text | None = None
    feedback_incorrect: Text | None = None
    origin: Origin | None = _ORIGIN

    def __attrs_post_init__(self) -> None:
        if self.type in (ItemType.SINGLE_CHOICE, ItemType.MULTIPLE_RESPONSE):
            correct = [o for o in self.options if o.correct]
            if len(self.options) < 2:
                raise ValueError(f"item {self.id}: a choice item needs at least two options")
            if self.type is ItemType.SINGLE_CHOICE and len(correct) != 1:
                raise ValueError(f"item {self.id}: a single-choice item needs exactly one correct option")
            if self.type is ItemType.MULTIPLE_RESPONSE and not correct:
                raise ValueError(f"item {self.id}: a multiple-response item needs a correct option")
            ids = [o.id for o in self.options]
            if len(set(ids)) != len(ids):
                raise ValueError(f"item {self.id}: duplicate option ids {ids}")
        elif self.type is ItemType.TRUE_FALSE:
            if not isinstance(self.answer, bool):
                raise ValueError(f"item {self.id}: a true/false item needs a boolean answer")
        elif self.type is ItemType.NUMERIC:
            if isinstance(self.answer, bool) or not isinstance(self.answer, (int, float)):
                raise ValueError(f"item {self.id}: a numeric item needs a numeric answer")
        elif self.type is ItemType.SHORT_TEXT and not any(answers for _, answers in self.accepted):
            raise ValueError(f"item {self.id}: a short-text item needs accepted answers")

    @property
    def correct_options(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options if o.correct)

    def accepted_in(self, lang: str) -> tuple[str, ...]:
        for key, answers in self.accepted:
            if key == lang:
                return answers
        return ()


@frozen(kw_only=True)
class Assessment:
    """A form of items with the mastery score (0-1 scaled) and retry policy."""

    mastery_score: float = field(validator=and_(gt(0.0), le(1.0)))
    max_attempts: int = field(default=0, validator=ge(0))  # 0 = unlimited
    items: tuple[Item, ...] = field(default=(), converter=as_tuple)
    origin: Origin | None = _ORIGIN

    @property
    def competencies(self) -> tuple[str, ...]:
        return tuple(sorted({item.competency for item in self.items}))


@frozen(kw_only=True)
class Module:
    """A training module: what it teaches and assesses, its lessons and its forms."""

    id: str = field(validator=matches(SLUG_RE))
    version: str = field(validator=matches(SEMVER_RE))
    title: Text
    summary: Text
    duration: int = field(validator=and_(instance_of(int), gt(0)))  # minutes
    languages: tuple[str, ...] = field(converter=as_tuple, validator=min_len(1))
    outcomes: tuple[Outcome, ...] = field(default=(), converter=as_tuple)
    lessons: tuple[Lesson, ...] = field(default=(), converter=as_tuple)
    assets: tuple[Asset, ...] = field(default=(), converter=as_tuple)
    assessment: Assessment | None = None
    pretest: Assessment | None = None
    path: str = field(default="", eq=False)  # the module folder, for resolving files
    origin: Origin | None = _ORIGIN

    def taught(self) -> dict[str, str]:
        """Competency -> level for every competency the module teaches."""
        return {o.competency: o.level for o in self.outcomes if o.teaches}

    def assessed(self) -> dict[str, str]:
        """Competency -> level for every competency the module assesses."""
        return {o.competency: o.level for o in self.outcomes if o.assesses}

    @property
    def items(self) -> tuple[Item, ...]:
        """Every item of the module, post-test first then pre-test."""
        forms = [f for f in (self.assessment, self.pretest) if f is not None]
        return tuple(item for form in forms for item in form.items)
