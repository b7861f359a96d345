"""Checking authored documents against the JSON Schemas shipped in the package.

Two validators share the work.  ``jsonschema_rs`` (compiled) answers "is this
document valid?" first; almost every document is, and for a machine-made
bundle of 100,000 competencies it answers in a fraction of a second where the
reference implementation takes a minute.  Only when it says no (or cannot read
a value, such as a YAML date) does ``jsonschema`` run, and it alone decides
what the errors are and how they read, so both the messages and the verdict
on invalid input come from the reference implementation.  A property test
checks that the two agree on mutated documents.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema_rs
from attrs import evolve
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

from competency.diagnostics import Diagnostic
from competency.io.yaml_source import SourceDocument, format_json_path, read_document

__all__ = ["SCHEMA_KINDS", "check_schema", "is_valid_fast", "read_checked", "schema_text", "texts_complete_fast"]

#: File kinds and the schema each is checked against.
SCHEMA_KINDS = ("framework", "domain", "profile", "sources", "module", "items", "bundle")
_SCHEMA_PREFIX = "urn:cmncp-competency:schema:"


def schema_text(kind: str) -> str:
    """The JSON text of the schema for ``kind`` (or ``common``)."""
    text: str = resources.files("competency.schemas").joinpath(f"{kind}.schema.json").read_text("utf-8")
    return text


def _schemas() -> list[tuple[str, Any]]:
    return [(f"{_SCHEMA_PREFIX}{name}", json.loads(schema_text(name))) for name in (*SCHEMA_KINDS, "common")]


@cache
def _validator(kind: str) -> Draft202012Validator:
    resources_ = [(uri, Resource.from_contents(schema)) for uri, schema in _schemas()]
    registry: Registry[Any] = Registry().with_resources(resources_)
    return Draft202012Validator(json.loads(schema_text(kind)), registry=registry)


@cache
def _fast_validator(kind: str) -> Any:
    registry = jsonschema_rs.Registry(_schemas())
    return jsonschema_rs.validator_for(json.loads(schema_text(kind)), registry=registry)


@cache
def _texts_validator(kind: str, languages: tuple[str, ...]) -> Any:
    # The same schemas, except that every localized text must have every
    # language and no string of a text may contain a citation mark "[@".
    schemas = dict(_schemas())
    common = schemas[f"{_SCHEMA_PREFIX}common"]
    text = common["$defs"]["text"]
    text["required"] = list(languages)
    text["additionalProperties"] = {**text["additionalProperties"], "not": {"pattern": r"\[@"}}
    registry = jsonschema_rs.Registry(list(schemas.items()))
    return jsonschema_rs.validator_for(schemas[f"{_SCHEMA_PREFIX}{kind}"], registry=registry)


def texts_complete_fast(data: Any, kind: str, languages: tuple[str, ...]) -> bool:
    """Whether every localized text of a schema-valid ``kind`` document has every
    language and cites nothing, by the compiled validator.

    ``True`` lets the caller skip walking the document for missing translations
    and citations; ``False`` (or a value it cannot read) means walk it.
    """
    try:
        return bool(_texts_validator(kind, tuple(languages)).is_valid(data))
    except ValueError:
        return False


def is_valid_fast(data: Any, kind: str) -> bool:
    """Whether the compiled validator accepts ``data`` (``False`` when it cannot read it)."""
    try:
        return bool(_fast_validator(kind).is_valid(data))
    except ValueError:  # a value JSON has no type for (a YAML date, a set): let jsonschema judge
        return False


def _message(error: ValidationError) -> str:
    # Conditional and alternative schemas produce vague top-level messages;
    # the most relevant sub-error usually says what is actually wrong.
    if error.context:
        deepest = best_match(error.context)
        if deepest is not None and deepest.message != error.message:
            return f"{error.message} ({deepest.message})"
    return str(error.message)


def check_schema(document: SourceDocument, kind: str) -> Iterator[Diagnostic]:
    """Yield one ``CMP201`` diagnostic per schema violation in ``document``.

    The most relevant error (jsonschema's ``best_match``) comes first; every
    error is reported, each located at the value it concerns.
    """
    if is_valid_fast(document.data, kind):
        return
    errors = list(_validator(kind).iter_errors(document.data))
    if not errors:
        return
    first = best_match(errors)
    ordered = [first, *(e for e in errors if e is not first)] if first is not None else errors
    for error in ordered:
        path = tuple(error.absolute_path)
        yield Diagnostic.at(
            document.origin(path), "CMP201", _message(error), path=format_json_path(path)
        )


def read_checked(path: Path, kind: str, problems: list[Diagnostic]) -> SourceDocument | None:
    """Read ``path`` and check it against the ``kind`` schema.

    Every problem is appended to ``problems``; the document is returned only
    when it parsed and matched its schema, so builders can trust its shape.
    """
    document, found = read_document(path)
    problems.extend(found)
    if document is None:
        return None
    languages = _declared_languages(document.data) if kind == "bundle" else ()
    if languages and texts_complete_fast(document.data, kind, languages):
        # The strict schema implies the schema: one pass over a large bundle
        # answers both questions (see check_texts).
        return evolve(document, kind=kind, texts_checked_for=languages, texts_complete=True)
    schema_problems = list(check_schema(document, kind))
    problems.extend(schema_problems)
    if schema_problems:
        return None
    if languages:
        return evolve(document, kind=kind, texts_checked_for=languages, texts_complete=False)
    return evolve(document, kind=kind)


def _declared_languages(data: Any) -> tuple[str, ...]:
    """The languages a bundle's framework declares, if it declares them as strings."""
    framework = data.get("framework") if isinstance(data, dict) else None
    languages = framework.get("languages") if isinstance(framework, dict) else None
    if isinstance(languages, list) and languages and all(isinstance(lang, str) for lang in languages):
        return tuple(languages)
    return ()
