"""The compiled schema validator agrees with the reference implementation.

``jsonschema_rs`` only answers "valid?" so that ``jsonschema`` can be skipped on
valid documents; these tests mutate real documents at random and check that
both validators give the same verdict, and that the translation gate agrees
with the walk it replaces.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from conftest import TOY
from hypothesis import given, settings
from hypothesis import strategies as st

from competency.io import framework_to_bundle, localized_texts, read_document
from competency.io.schema_check import _validator, is_valid_fast, texts_complete_fast
from competency.validation import load_catalogue

DOCUMENTS: list[tuple[str, Any]] = [
    ("framework", "standards/framework.yaml"),
    ("domain", "standards/domains/t1.yaml"),
    ("profile", "standards/profiles/coordinator.yaml"),
    ("sources", "standards/sources/core.yaml"),
    ("module", "modules/t01-basics/module.yaml"),
    ("items", "modules/t01-basics/assessment.yaml"),
    ("module", "modules/t02-practice/module.yaml"),
    ("items", "modules/t02-practice/assessment.yaml"),
]


def _load(relative: str) -> Any:
    document, problems = read_document(TOY / relative)
    assert document is not None and not problems
    return document.data


def _documents() -> list[tuple[str, Any]]:
    found = [(kind, _load(relative)) for kind, relative in DOCUMENTS]
    found.append(("bundle", framework_to_bundle(load_catalogue(TOY / "standards").framework)))
    return found


ORIGINALS = _documents()

# Values near what the schemas accept: codes, slugs, language codes, versions, edge numbers.
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3000), st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "D1.1", "d1.1", "T1.2", "T", "en", "fr", "EN", "e", "foundational", "Leader",
                     "1.0.0", "1.0", "urn:x:y", "https://example.org/a", "a b", "toy-2020", "skill",
                     "knowledge", "single", "numeric", "D1.1\n", "x" * 70]),
    st.text(max_size=8),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["en", "fr", "id", "code", "x"]), inner, max_size=3)),
    max_leaves=6)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_paths(child, (*path, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_paths(child, (*path, index)))
    return found


def _parent(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path[:-1]:
        document = document[part]
    return document


def _originals(only: str | None) -> list[tuple[str, Any]]:
    return [(kind, document) for kind, document in ORIGINALS if only is None or kind == only]


@st.composite
def mutated(draw: st.DrawFn, only: str | None = None) -> tuple[str, Any]:
    kind, original = draw(st.sampled_from(_originals(only)))
    document = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(document)))
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if not path:
            document = draw(VALUES)
            continue
        parent = _parent(document, path)
        if action == "replace":
            parent[path[-1]] = draw(VALUES)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "en", "fr", "levels", "code", "sources"]))] = draw(VALUES)
        else:
            parent.append(draw(VALUES))
    return kind, document


@settings(max_examples=400, deadline=None)
@given(mutated())
def test_compiled_and_reference_validators_agree(case: tuple[str, Any]) -> None:
    kind, document = case
    reference = not any(True for _ in _validator(kind).iter_errors(document))
    assert is_valid_fast(document, kind) == reference


def test_every_original_document_is_valid() -> None:
    for kind, document in ORIGINALS:
        assert is_valid_fast(document, kind), kind


def test_values_json_has_no_type_for_fall_back_to_the_reference() -> None:
    import datetime

    assert not is_valid_fast({"id": datetime.date(2020, 1, 1)}, "framework")


@st.composite
def retranslated(draw: st.DrawFn, only: str | None = None) -> tuple[str, Any]:
    """A schema-valid document with languages dropped or citations added in some texts."""
    kind, original = draw(st.sampled_from(_originals(only)))
    document = copy.deepcopy(original)
    texts = localized_texts(document)
    for _ in range(draw(st.integers(0, 2)) if texts else 0):
        _, text = draw(st.sampled_from(texts))
        lang = draw(st.sampled_from(sorted(text)))
        if draw(st.booleans()) and len(text) > 1:
            del text[lang]
        else:
            text[lang] += " [@toy-2020]"
    return kind, document


@settings(max_examples=200, deadline=None)
@given(retranslated())
def test_translation_gate_agrees_with_the_walk(case: tuple[str, Any]) -> None:
    kind, document = case
    languages = ("en", "fr")
    walk_finds_nothing = all(
        all(lang in text for lang in languages)
        and not any(isinstance(value, str) and "[@" in value for value in text.values())
        for _, text in localized_texts(document)
    )
    assert texts_complete_fast(document, kind, languages) == walk_finds_nothing


def test_bundle_missing_a_translation_is_reported(tmp_path: Path) -> None:
    import json

    from competency.validation import validate

    bundle = framework_to_bundle(load_catalogue(TOY / "standards").framework)
    del bundle["domains"][0]["competencies"][0]["statement"]["fr"]
    bundle["domains"][0]["competencies"][1]["statement"]["en"] += " [@nobody-1999]"
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle), "utf-8")
    found = {(d.code, d.path) for d in validate(path).diagnostics}
    assert ("CMP601", "$.domains[0].competencies[0].statement") in found
    assert any(code == "CMP305" for code, _ in found)


@settings(max_examples=150, deadline=None)
# Drawn from the bundle alone (not filtered): filtering most examples away fails hypothesis's
# health check when the machine is busy.
@given(st.one_of(mutated(only="bundle"), retranslated(only="bundle")))
def test_reading_a_bundle_in_one_pass_keeps_both_verdicts(tmp_path_factory: Any, case: tuple[str, Any]) -> None:
    # read_checked tries the strict text schema first on a bundle; its verdicts on
    # the schema and on the texts must be those of the two separate checks.
    import json

    from competency.diagnostics import Diagnostic
    from competency.io.references import check_texts
    from competency.io.schema_check import read_checked

    _, document = case
    path = tmp_path_factory.mktemp("bundle") / "bundle.json"
    path.write_text(json.dumps(document), "utf-8")
    problems: list[Diagnostic] = []
    read = read_checked(path, "bundle", problems)
    schema_valid = not any(True for _ in _validator("bundle").iter_errors(document))
    assert (read is not None) == schema_valid
    assert [p.code for p in problems] == (["CMP201"] * len(problems))
    if read is not None:
        languages = ("en", "fr")
        found, cited = check_texts(read, languages, ())
        walked = check_texts(read.__class__(read.file, read.data, read.marks, kind="bundle"), languages, ())
        assert (found, cited) == walked
        if read.texts_checked_for == languages:
            assert read.texts_complete == (not found and not cited)


def test_a_trailing_newline_the_schema_lets_through_is_still_an_error(tmp_path: Path) -> None:
    # jsonschema reads "$" as Python does (a trailing newline may follow), so a
    # code "T1.1\n" passes the schema's pattern; the loaders' Prerequisite.from_checked
    # then keeps it, and the reference checks refuse it as unknown.
    import json

    from competency.validation import validate

    bundle = framework_to_bundle(load_catalogue(TOY / "standards").framework)
    competency = next(c for d in bundle["domains"] for c in d["competencies"] if c.get("prerequisites"))
    competency["prerequisites"][0]["competency"] += "\n"
    competency["prerequisites"][0]["level"] += "\n"
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle), "utf-8")
    codes = sorted(d.code for d in validate(path).errors)
    assert codes == ["CMP301", "CMP306"]
