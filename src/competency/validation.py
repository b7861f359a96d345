"""Validating a whole catalogue: the standard, the modules and everything between.

:func:`validate` runs every check and returns the result as data;
:func:`load_catalogue` is the strict form that raises one
:class:`~competency.diagnostics.LoadError` when any error was found.

>>> result = validate(toy_standards_dir, toy_modules_dir)
>>> result.ok, result.counts["competencies"], result.counts["modules"]
(True, 3, 2)
"""

from __future__ import annotations

from pathlib import Path

from attrs import field, frozen

from competency.diagnostics import Diagnostic, LoadError, Origin, sort_diagnostics
from competency.graph.checks import check_graph, check_module_graph
from competency.io import (
    build_framework,
    build_module,
    check_citations,
    check_framework_references,
    check_module_references,
    check_texts,
    read_modules,
    read_standard,
)
from competency.io.bulk import paused_gc
from competency.model import Catalogue, Module
from competency.model._convert import as_tuple

__all__ = ["ValidationResult", "load_catalogue", "validate"]


@frozen(kw_only=True)
class ValidationResult:
    """What :func:`validate` found: the catalogue (when buildable) and diagnostics."""

    catalogue: Catalogue | None
    diagnostics: tuple[Diagnostic, ...] = field(converter=as_tuple)

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.is_error)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if not d.is_error)

    @property
    def ok(self) -> bool:
        return self.catalogue is not None and not self.errors

    @property
    def counts(self) -> dict[str, int]:
        if self.catalogue is None:
            return {"domains": 0, "competencies": 0, "modules": 0, "items": 0, "languages": 0}
        framework = self.catalogue.framework
        return {
            "domains": len(framework.domains),
            "competencies": len(framework.competencies),
            "modules": len(self.catalogue.modules),
            "items": sum(len(m.items) for m in self.catalogue.modules),
            "languages": len(framework.languages),
        }


def validate(standards: Path | str, modules: Path | str | None = None) -> ValidationResult:
    """Load and check a standard (folder or bundle) and, optionally, modules.

    Parameters
    ----------
    standards : path
        The ``standards/`` folder, or one JSON/YAML bundle file.
    modules : path, optional
        The ``modules/`` folder; ``None`` checks the standard alone.

    Returns
    -------
    ValidationResult
        Every diagnostic, sorted by file, line and column, and the catalogue
        when the files could be built into one (even with semantic errors).
    """
    with paused_gc():  # parsed data and the model are trees: nothing for the collector to find
        return _validate(Path(standards), None if modules is None else Path(modules))


def _validate(standards: Path, modules: Path | None) -> ValidationResult:
    diagnostics: list[Diagnostic] = []
    docs, found = read_standard(standards)
    diagnostics.extend(found)
    framework, found = build_framework(docs)
    diagnostics.extend(found)
    if framework is None:
        return ValidationResult(catalogue=None, diagnostics=sort_diagnostics(diagnostics))

    languages, required = framework.languages, framework.required_languages
    citations: list[tuple[str, Origin]] = []
    for document in docs.all_documents():
        found, cited = check_texts(document, languages, required)
        diagnostics.extend(found)
        citations.extend(cited)
    diagnostics.extend(check_framework_references(framework))
    diagnostics.extend(check_graph(framework))

    built: list[Module] = []
    if modules is not None:
        module_docs, found = read_modules(modules)
        diagnostics.extend(found)
        for docs_of_module in module_docs:
            module, found = build_module(docs_of_module, required_languages=required)
            diagnostics.extend(found)
            expected = tuple(dict.fromkeys((*docs_of_module.module.data["languages"], *required)))
            for document in docs_of_module.all_documents():
                found, cited = check_texts(document, expected, required)
                diagnostics.extend(found)
                citations.extend(cited)
            citations.extend(docs_of_module.citations)
            if module is not None:
                built.append(module)
        diagnostics.extend(check_module_references(framework, built))
        diagnostics.extend(check_module_graph(framework, built))
    diagnostics.extend(check_citations(framework, citations))
    catalogue = Catalogue(framework=framework, modules=built)
    return ValidationResult(catalogue=catalogue, diagnostics=sort_diagnostics(diagnostics))


def load_catalogue(standards: Path | str, modules: Path | str | None = None) -> Catalogue:
    """Validate and return the catalogue; raise :class:`LoadError` on any error.

    Warnings do not stop loading; they are available from :func:`validate`.
    """
    result = validate(standards, modules)
    if result.catalogue is None or result.errors:
        raise LoadError(result.diagnostics)
    return result.catalogue
