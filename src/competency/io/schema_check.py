"""Checking authored documents against the JSON Schemas shipped in the package."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

from competency.diagnostics import Diagnostic
from competency.io.yaml_source import SourceDocument, format_json_path, read_document

__all__ = ["SCHEMA_KINDS", "check_schema", "read_checked", "schema_text"]

#: File kinds and the schema each is checked against.
SCHEMA_KINDS = ("framework", "domain", "profile", "sources", "module", "items")
_SCHEMA_PREFIX = "urn:cmncp-competency:schema:"


def schema_text(kind: str) -> str:
    """The JSON text of the schema for ``kind`` (or ``common``)."""
    text: str = resources.files("competency.schemas").joinpath(f"{kind}.schema.json").read_text("utf-8")
    return text


@cache
def _validator(kind: str) -> Draft202012Validator:
    resources_ = [
        (f"{_SCHEMA_PREFIX}{name}", Resource.from_contents(json.loads(schema_text(name))))
        for name in (*SCHEMA_KINDS, "common")
    ]
    registry: Registry[Any] = Registry().with_resources(resources_)
    return Draft202012Validator(json.loads(schema_text(kind)), registry=registry)


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
    validator = _validator(kind)
    errors = list(validator.iter_errors(document.data))
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
    schema_problems = list(check_schema(document, kind))
    problems.extend(schema_problems)
    return None if schema_problems else document
