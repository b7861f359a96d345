"""Checks of the references between files, and of translations.

These run after the schema checks, on the built model: duplicate codes and
ids, references to unknown competencies, levels, lessons and sources, items
that measure a competency their module does not assess, and texts missing a
language.  Graph checks (cycles, redundant edges) live in
:mod:`competency.graph.checks`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from competency.diagnostics import Diagnostic, Origin, Severity
from competency.io.markdown_refs import citation_keys
from competency.io.schema_check import texts_complete_fast
from competency.io.yaml_source import JsonPath, SourceDocument, format_json_path
from competency.model import Framework, Module

__all__ = [
    "check_citations",
    "check_framework_references",
    "check_module_references",
    "check_texts",
    "check_translations",
    "localized_texts",
    "text_citations",
]

_LANG_KEY = re.compile(r"^[a-z]{2,3}$")


def _duplicates(
    entries: Iterable[tuple[str, Origin | None]], code: str, what: str
) -> Iterator[Diagnostic]:
    first: dict[str, Origin | None] = {}
    for key, origin in entries:
        if key in first:
            earlier = first[key]
            where = f" (first defined at {earlier})" if earlier else ""
            yield Diagnostic.at(origin, code, f"duplicate {what} {key!r}{where}",
                                related=[earlier] if earlier else [])
        else:
            first[key] = origin


def check_framework_references(framework: Framework) -> Iterator[Diagnostic]:
    """Duplicates and unknown references inside the standard."""
    scale = framework.scale
    scale_ids = set(scale.ids)
    known = set(framework.codes)  # a set answers in C: this loop runs once per prerequisite
    yield from _duplicates(((d.code, d.origin) for d in framework.domains), "CMP311", "domain code")
    yield from _duplicates(((c.code, c.origin) for c in framework.competencies), "CMP311", "competency code")
    yield from _duplicates(((p.id, p.origin) for p in framework.profiles), "CMP312", "role profile id")
    yield from _duplicates(((s.key, s.origin) for s in framework.sources), "CMP312", "source key")
    source_keys = {s.key for s in framework.sources}
    for competency in framework.competencies:
        for level, _ in competency.levels:
            if level not in scale_ids:
                yield Diagnostic.at(competency.origin, "CMP306",
                                    f"competency {competency.code} describes unknown level {level!r}; "
                                    f"the scale has {', '.join(scale.ids)}")
        for prerequisite in competency.prerequisites:
            if prerequisite.competency not in known:
                yield Diagnostic.at(prerequisite.origin, "CMP301",
                                    f"prerequisite {prerequisite.competency!r} of {competency.code} "
                                    "is not a competency of the framework")
            if prerequisite.level not in scale_ids:
                yield Diagnostic.at(prerequisite.origin, "CMP306",
                                    f"prerequisite level {prerequisite.level!r} is not a level of the scale "
                                    f"({', '.join(scale.ids)})")
        for key in competency.sources:
            if key not in source_keys:
                yield Diagnostic.at(competency.origin, "CMP305",
                                    f"competency {competency.code} cites unknown source {key!r}")
    for profile in framework.profiles:
        for code, level in profile.requirements:
            if code not in known:
                yield Diagnostic.at(profile.origin, "CMP307",
                                    f"profile {profile.id!r} requires unknown competency {code!r}")
            elif level not in scale.ids:
                yield Diagnostic.at(profile.origin, "CMP306",
                                    f"profile {profile.id!r} requires unknown level {level!r} for {code}")


def check_module_references(framework: Framework, modules: Iterable[Module]) -> Iterator[Diagnostic]:
    """Duplicates and unknown references in modules, against the framework."""
    modules = list(modules)
    scale_ids = framework.scale.ids
    yield from _duplicates(((m.id, m.origin) for m in modules), "CMP312", "module id")
    for module in modules:
        for lang in module.languages:
            if lang not in framework.languages:
                yield Diagnostic.at(module.origin, "CMP314",
                                    f"module language {lang!r} is not a language of the framework "
                                    f"({', '.join(framework.languages)})")
        yield from _duplicates(((o.competency, o.origin) for o in module.outcomes), "CMP313",
                               "outcome for competency")
        yield from _duplicates(((lesson.id, lesson.origin) for lesson in module.lessons), "CMP313", "lesson id")
        yield from _duplicates(((i.id, i.origin) for i in module.items), "CMP313", "item id")
        for outcome in module.outcomes:
            if outcome.competency not in framework:
                yield Diagnostic.at(outcome.origin, "CMP302",
                                    f"outcome names unknown competency {outcome.competency!r}")
            if outcome.level not in scale_ids:
                yield Diagnostic.at(outcome.origin, "CMP306", f"outcome level {outcome.level!r} is not a "
                                    f"level of the scale ({', '.join(scale_ids)})")
        assessed = module.assessed()
        lessons = {lesson.id for lesson in module.lessons}
        for item in module.items:
            if item.competency not in framework:
                yield Diagnostic.at(item.origin, "CMP303",
                                    f"item {item.id!r} measures unknown competency {item.competency!r}")
            elif item.competency not in assessed:
                yield Diagnostic.at(item.origin, "CMP304",
                                    f"item {item.id!r} measures {item.competency}, which module "
                                    f"{module.id!r} does not list as assessed")
            if item.level not in scale_ids:
                yield Diagnostic.at(item.origin, "CMP306", f"item {item.id!r} has unknown level {item.level!r}")
            if item.lesson and item.lesson not in lessons:
                yield Diagnostic.at(item.origin, "CMP308",
                                    f"item {item.id!r} cites unknown lesson {item.lesson!r}")


def check_citations(
    framework: Framework, citations: Iterable[tuple[str, Origin]]
) -> Iterator[Diagnostic]:
    """Every ``[@key]`` must name an entry of the evidence base."""
    keys = {s.key for s in framework.sources}
    for key, origin in citations:
        if key not in keys:
            yield Diagnostic.at(origin, "CMP305", f"citation [@{key}] names no entry of the evidence base")


_LANGUAGE_KEYS: set[str] = set()  # keys already matched against _LANG_KEY


def _is_text(value: dict[Any, Any]) -> bool:
    for key, text in value.items():
        if key not in _LANGUAGE_KEYS:
            if not (isinstance(key, str) and _LANG_KEY.match(key)):
                return False
            _LANGUAGE_KEYS.add(key)
        if not isinstance(text, (str, list)):
            return False
    return bool(value)


def localized_texts(data: Any) -> list[tuple[JsonPath, dict[str, Any]]]:
    """Every localized text (a mapping of language codes) in ``data``, with its path.

    An explicit stack rather than recursive generators: a bundle of 100,000
    competencies has millions of values, and each generator level re-yields.

    >>> localized_texts({"title": {"en": "A", "fr": "B"}, "items": [{"stem": {"en": "C"}}]})
    [(('title',), {'en': 'A', 'fr': 'B'}), (('items', 0, 'stem'), {'en': 'C'})]
    """
    found: list[tuple[JsonPath, dict[str, Any]]] = []
    stack: list[tuple[JsonPath, Any]] = [((), data)]
    push, pop = stack.append, stack.pop
    while stack:
        path, value = pop()
        if isinstance(value, dict):
            if _is_text(value):
                found.append((path, value))
                continue
            children: Any = value.items()
        elif isinstance(value, list):
            children = enumerate(value)
        else:
            continue
        # Pushed in reverse so that texts come out in document order.
        for key, child in reversed(list(children)):
            if isinstance(child, (dict, list)):
                push(((*path, key), child))
    return found


def check_texts(
    document: SourceDocument, languages: tuple[str, ...], required: tuple[str, ...]
) -> tuple[list[Diagnostic], list[tuple[str, Origin]]]:
    """Missing translations (``CMP601``) and the citations of every text, in one walk.

    A missing language is a warning, or an error when the framework requires it.
    """
    problems: list[Diagnostic] = []
    citations: list[tuple[str, Origin]] = []
    if document.kind:
        if document.texts_checked_for == languages:  # tried when the document was read
            complete = document.texts_complete
        else:
            complete = texts_complete_fast(document.data, document.kind, languages)
        if complete:
            return problems, citations  # nothing to find: skip the walk (a large bundle has millions of values)
    for path, text in localized_texts(document.data):
        for lang in languages:
            if lang not in text:
                severity = Severity.ERROR if lang in required else Severity.WARNING
                problems.append(Diagnostic.at(document.origin(path), "CMP601", f"missing {lang} text",
                                              severity=severity, path=format_json_path(path)))
        for value in text.values():
            if isinstance(value, str) and "[@" in value:  # every citation starts so
                citations.extend((key, document.origin(path)) for key in citation_keys(value))
    return problems, citations


def check_translations(
    document: SourceDocument, languages: tuple[str, ...], required: tuple[str, ...]
) -> Iterator[Diagnostic]:
    """Every localized text of ``document`` should exist in every language (see :func:`check_texts`)."""
    yield from check_texts(document, languages, required)[0]


def text_citations(document: SourceDocument) -> Iterator[tuple[str, Origin]]:
    """Citations ``[@key]`` inside the localized texts of a document."""
    yield from check_texts(document, (), ())[1]
