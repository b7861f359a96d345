"""Stable identifiers shared by the exporters and the evidence ledger.

SCORM packages report objectives and interactions with these ids, xAPI
statements use them as activity ids, and the ledger maps them back to modules,
items and competencies. Changing them orphans learner records in every LMS that
imported a package, so they derive only from ids that authors keep stable.
"""

from __future__ import annotations

import re

from competency.model.framework import Competency

__all__ = [
    "MODULE_IRI_PREFIX",
    "item_iri",
    "module_iri",
    "objective_id",
    "parse_item_iri",
    "parse_module_iri",
]

MODULE_IRI_PREFIX = "urn:cmncp:module:"
_ITEM_RE = re.compile(r"^urn:cmncp:module:([a-z][a-z0-9-]*):item:([a-z0-9][a-z0-9-]*)$")
_MODULE_RE = re.compile(r"^urn:cmncp:module:([a-z][a-z0-9-]*)$")


def module_iri(module_id: str) -> str:
    """The activity IRI of a module (xAPI object id, SCORM 2004 ids).

    >>> module_iri("m04-diagnosing-local-safety")
    'urn:cmncp:module:m04-diagnosing-local-safety'
    """
    return f"{MODULE_IRI_PREFIX}{module_id}"


def item_iri(module_id: str, item_id: str) -> str:
    """The activity IRI of an assessment item (2004 interaction id, xAPI object id).

    >>> item_iri("m01-foundations", "d11-approaches")
    'urn:cmncp:module:m01-foundations:item:d11-approaches'
    """
    return f"{MODULE_IRI_PREFIX}{module_id}:item:{item_id}"


def parse_item_iri(iri: str) -> tuple[str, str] | None:
    """``(module_id, item_id)`` for an item IRI, else ``None``.

    >>> parse_item_iri("urn:cmncp:module:m01-foundations:item:d11-approaches")
    ('m01-foundations', 'd11-approaches')
    """
    match = _ITEM_RE.match(iri)
    return (match.group(1), match.group(2)) if match else None


def parse_module_iri(iri: str) -> str | None:
    """The module id of a module IRI, else ``None``."""
    match = _MODULE_RE.match(iri)
    return match.group(1) if match else None


def objective_id(competency: Competency, scorm_version: str) -> str:
    """The SCORM objective id of a competency.

    SCORM 2004 objective ids are URIs, so the competency URI is used as is.
    SCORM 1.2 objective ids are CMIIdentifiers (``[A-Za-z0-9_-]``, no dots or
    colons), so the competency UUID stands in for it there.
    """
    if competency.uuid is None or not competency.uri:
        raise ValueError(f"competency {competency.code} has no derived identifiers; "
                         "use Framework.with_identifiers()")
    if scorm_version == "1.2":
        return str(competency.uuid)
    return competency.uri
