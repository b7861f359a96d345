"""The standard: a framework of domains, competencies, levels and role profiles.

These classes hold validated data and nothing else: they never read files,
build graphs or serialise themselves (see :mod:`competency.io`).
"""

from __future__ import annotations

import enum
import hashlib
import uuid
from collections.abc import Mapping
from types import MappingProxyType

from attrs import evolve, field, frozen
from attrs.validators import (
    deep_iterable,
    ge,
    instance_of,
    min_len,
)

from competency.diagnostics import Origin, UnknownCompetencyError
from competency.model._convert import as_pairs, as_sorted_pairs, as_tuple
from competency.model._validate import matches, optional_origin
from competency.model.text import LANGUAGE_RE, Text

__all__ = [
    "COMPETENCY_CODE_RE",
    "DOMAIN_CODE_RE",
    "SEMVER_RE",
    "SLUG_RE",
    "Competency",
    "Domain",
    "Framework",
    "Kind",
    "Level",
    "Prerequisite",
    "RoleProfile",
    "Scale",
    "Source",
    "competency_uri",
    "competency_uuid",
]

SLUG_RE = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
SEMVER_RE = r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$"
DOMAIN_CODE_RE = r"^[A-Z][A-Z0-9]*$"
COMPETENCY_CODE_RE = r"^[A-Z][A-Z0-9]*\.[0-9]+$"
_ORIGIN = field(default=None, eq=False, repr=False, validator=optional_origin)


class Kind(str, enum.Enum):
    """Knowledge is assessed by questions; skill by a product or a simulation."""

    KNOWLEDGE = "knowledge"
    SKILL = "skill"


_URL_NAMESPACE_SHA1 = hashlib.sha1(uuid.NAMESPACE_URL.bytes, usedforsecurity=False)


def competency_uuid(framework_uri: str, code: str) -> uuid.UUID:
    """The stable UUID of a competency: uuid5 over the framework URI and code.

    >>> str(competency_uuid("urn:example:fw", "D1.1"))
    '280aba0c-766a-5b06-8ec1-491b70dc4a6d'
    """
    # uuid.uuid5 spelled out, with the namespace hashed once: a large standard
    # derives 100,000 of these, and the library function costs twice as much.
    digest = _URL_NAMESPACE_SHA1.copy()
    digest.update(f"{framework_uri}#{code}".encode())
    return uuid.UUID(bytes=digest.digest()[:16], version=5)


def competency_uri(framework_uri: str, code: str) -> str:
    """The URI of a competency inside a framework.

    URL frameworks get a path segment, URN frameworks a colon segment:

    >>> competency_uri("https://example.org/std", "D1.1")
    'https://example.org/std/D1.1'
    >>> competency_uri("urn:example:std", "D1.1")
    'urn:example:std:D1.1'
    """
    separator = ":" if framework_uri.startswith("urn:") else "/"
    return f"{framework_uri.rstrip('/:')}{separator}{code}"


@frozen(kw_only=True)
class Source:
    """An entry of the evidence base, cited by ``key`` from anywhere."""

    key: str = field(validator=matches(r"^[a-z0-9][a-z0-9-]*$"))
    author: str = field(validator=min_len(1))
    title: Text
    year: int = field(validator=[instance_of(int), ge(1800)])
    kind: str = "report"
    publisher: str = ""
    url: str = ""
    note: Text | None = None
    origin: Origin | None = _ORIGIN


@frozen(kw_only=True)
class Level:
    """One step of the proficiency scale."""

    id: str = field(validator=matches(SLUG_RE))
    title: Text
    description: Text
    origin: Origin | None = _ORIGIN


def _unique_levels(_: object, __: object, levels: tuple[Level, ...]) -> None:
    ids = [level.id for level in levels]
    if len(set(ids)) != len(ids):
        raise ValueError(f"duplicate level ids in scale: {ids}")


@frozen(kw_only=True)
class Scale:
    """Ordered proficiency levels, lowest first, and the one that counts as proficient."""

    levels: tuple[Level, ...] = field(converter=as_tuple, validator=[min_len(1), _unique_levels])
    proficient: str
    # Derived once: planners and checks ask for ranks millions of times on large standards.
    _ids: tuple[str, ...] = field(init=False, eq=False, repr=False, hash=False)
    _ranks: dict[str, int] = field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        ids = tuple(level.id for level in self.levels)
        object.__setattr__(self, "_ids", ids)
        object.__setattr__(self, "_ranks", {level: rank for rank, level in enumerate(ids)})
        if self.proficient not in ids:
            raise ValueError(f"proficient level {self.proficient!r} is not a level of the scale")

    @property
    def ids(self) -> tuple[str, ...]:
        return self._ids

    @property
    def ranks(self) -> Mapping[str, int]:
        """Level id -> rank (0 for the lowest), read-only."""
        return MappingProxyType(self._ranks)

    def rank(self, level: str) -> int:
        """0 for the lowest level; raises ``ValueError`` for an unknown level."""
        try:
            return self._ranks[level]
        except (KeyError, TypeError):
            raise ValueError(f"unknown level {level!r}; expected one of {self.ids}") from None

    def at_least(self, have: str | None, need: str) -> bool:
        """Whether level ``have`` reaches level ``need`` (``None`` reaches nothing)."""
        return have is not None and self.rank(have) >= self.rank(need)

    def highest(self, levels: list[str] | tuple[str, ...]) -> str:
        return max(levels, key=self.rank)


@frozen(kw_only=True)
class Prerequisite:
    """Competency ``competency`` must be held at ``level`` before the dependent."""

    competency: str = field(validator=matches(COMPETENCY_CODE_RE))
    level: str = field(validator=matches(SLUG_RE))
    reason: Text
    origin: Origin | None = _ORIGIN

    @classmethod
    def from_checked(cls, competency: str, level: str, reason: Text, origin: Origin | None) -> Prerequisite:
        """Build from values a JSON Schema has already checked with the same patterns.

        The loaders' path: their input passed ``competencyCode`` and ``slug`` of
        ``common.schema.json`` (a test keeps those equal to the patterns here),
        so the field validators would only check it again, and for a large
        standard that is a tenth of loading it.  (``jsonschema`` lets a trailing
        newline through a ``$``; such a value names no competency or level, so
        the reference checks report it, CMP301 or CMP306.)
        """
        made = object.__new__(cls)
        set_field = object.__setattr__  # what attrs' own __init__ does on a frozen class
        set_field(made, "competency", competency)
        set_field(made, "level", level)
        set_field(made, "reason", reason)
        set_field(made, "origin", origin)
        return made


@frozen(kw_only=True)
class Competency:
    """A unit of the standard: what a person knows or can do, at each level."""

    code: str = field(validator=matches(COMPETENCY_CODE_RE))
    domain: str = field(validator=matches(DOMAIN_CODE_RE))
    kind: Kind = field(converter=Kind)
    title: Text
    statement: Text
    levels: tuple[tuple[str, Text], ...] = field(converter=as_pairs, validator=min_len(1))
    prerequisites: tuple[Prerequisite, ...] = field(default=(), converter=as_tuple)
    sources: tuple[str, ...] = field(default=(), converter=as_tuple)
    tags: tuple[str, ...] = field(default=(), converter=as_tuple)
    uuid: uuid.UUID | None = None
    uri: str = ""
    origin: Origin | None = _ORIGIN

    def __attrs_post_init__(self) -> None:
        if not self.code.startswith(self.domain + "."):
            raise ValueError(f"competency {self.code} does not belong to domain {self.domain}")

    def descriptor(self, level: str) -> Text | None:
        for level_id, text in self.levels:
            if level_id == level:
                return text
        return None

    @property
    def level_ids(self) -> tuple[str, ...]:
        return tuple(level_id for level_id, _ in self.levels)


@frozen(kw_only=True)
class Domain:
    """A group of competencies (``D2`` Diagnosis and safety audit)."""

    code: str = field(validator=matches(DOMAIN_CODE_RE))
    title: Text
    description: Text | None = None
    competencies: tuple[str, ...] = field(default=(), converter=as_tuple)
    origin: Origin | None = _ORIGIN


@frozen(kw_only=True)
class RoleProfile:
    """A role (coordinator, municipal leader...) as competency -> required level."""

    id: str = field(validator=matches(SLUG_RE))
    title: Text
    description: Text | None = None
    # Kept sorted by code so equal profiles compare equal whatever the file order.
    requirements: tuple[tuple[str, str], ...] = field(
        converter=as_sorted_pairs
    )
    origin: Origin | None = _ORIGIN

    def as_dict(self) -> dict[str, str]:
        return dict(self.requirements)


@frozen(kw_only=True)
class Framework:
    """A versioned, bilingual competency standard."""

    id: str = field(validator=matches(SLUG_RE))
    uri: str = field(validator=matches(r"^[a-z][a-z0-9+.-]*:\S+$"))
    version: str = field(validator=matches(SEMVER_RE))
    title: Text
    description: Text | None = None
    publisher: str = ""
    languages: tuple[str, ...] = field(
        converter=as_tuple, validator=[min_len(1), deep_iterable(matches(LANGUAGE_RE))]
    )
    required_languages: tuple[str, ...] = field(default=(), converter=as_tuple)
    scale: Scale
    domains: tuple[Domain, ...] = field(default=(), converter=as_tuple)
    competencies: tuple[Competency, ...] = field(default=(), converter=as_tuple)
    profiles: tuple[RoleProfile, ...] = field(default=(), converter=as_tuple)
    sources: tuple[Source, ...] = field(default=(), converter=as_tuple)
    origin: Origin | None = _ORIGIN
    _by_code: dict[str, Competency] = field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        # A private index so lookups stay O(1) on 100,000-competency frameworks.
        object.__setattr__(self, "_by_code", {c.code: c for c in self.competencies})
        unknown = set(self.required_languages) - set(self.languages)
        if unknown:
            raise ValueError(f"required languages not among languages: {sorted(unknown)}")

    def competency(self, code: str) -> Competency:
        """The competency with ``code``; raises :class:`UnknownCompetencyError`."""
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownCompetencyError(code) from None

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def profile(self, profile_id: str) -> RoleProfile:
        for profile in self.profiles:
            if profile.id == profile_id:
                return profile
        known = ", ".join(p.id for p in self.profiles) or "none"
        raise KeyError(f"unknown role profile {profile_id!r} (known: {known})")

    def source(self, key: str) -> Source | None:
        for source in self.sources:
            if source.key == key:
                return source
        return None

    def with_identifiers(self) -> Framework:
        """A copy whose competencies carry their derived UUID and URI."""
        changed = False
        competencies = []
        for competency in self.competencies:
            uri = competency_uri(self.uri, competency.code)
            uuid_ = competency_uuid(self.uri, competency.code)
            if competency.uri != uri or competency.uuid != uuid_:
                competency = evolve(competency, uuid=uuid_, uri=uri)
                changed = True
            competencies.append(competency)
        return evolve(self, competencies=competencies) if changed else self
