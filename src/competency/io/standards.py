"""Loading a framework from ``standards/`` (YAML files) or from one JSON bundle.

A standards folder holds ``framework.yaml``, ``domains/*.yaml``,
``profiles/*.yaml`` and ``sources/*.yaml`` (see ``docs/authoring.md``).  A bundle
is one JSON (or YAML) file with the keys ``framework``, ``domains``,
``profiles`` and ``sources``, each shaped like the corresponding files; it is
how machines exchange large frameworks.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from attrs import define, field

from competency.diagnostics import Diagnostic, Origin
from competency.io.schema_check import read_checked
from competency.io.yaml_source import JsonPath, SourceDocument, format_json_path
from competency.model import (
    Competency,
    Domain,
    Framework,
    Level,
    Prerequisite,
    RoleProfile,
    Scale,
    Source,
    Text,
    competency_uri,
    competency_uuid,
)

__all__ = ["StandardDocuments", "build_framework", "read_standard"]

T = TypeVar("T")
_YAML_SUFFIXES = (".yaml", ".yml")


@define
class StandardDocuments:
    """The parsed, schema-checked documents of one standard."""

    framework: SourceDocument | None = None
    domains: list[tuple[SourceDocument, JsonPath]] = field(factory=list)
    profiles: list[tuple[SourceDocument, JsonPath]] = field(factory=list)
    sources: list[tuple[SourceDocument, JsonPath]] = field(factory=list)
    framework_path: JsonPath = ()

    def all_documents(self) -> list[SourceDocument]:
        docs = [self.framework] if self.framework else []
        for group in (self.domains, self.profiles, self.sources):
            docs.extend(doc for doc, _ in group)
        return list({id(d): d for d in docs}.values())


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in _YAML_SUFFIXES and p.is_file())


def read_standard(location: Path) -> tuple[StandardDocuments, list[Diagnostic]]:
    """Read and schema-check every document of a standard (folder or bundle)."""
    docs = StandardDocuments()
    problems: list[Diagnostic] = []

    def read(path: Path, kind: str) -> SourceDocument | None:
        # Only schema-valid documents reach the builders, which rely on their shape.
        return read_checked(path, kind, problems)

    if location.is_file():
        return _read_bundle(location, docs, problems)
    if not location.is_dir():
        problems.append(Diagnostic.at(Origin(location.as_posix()), "CMP103",
                                      "standards folder or bundle file not found"))
        return docs, problems

    framework_file = next((location / f"framework{s}" for s in _YAML_SUFFIXES
                           if (location / f"framework{s}").is_file()), None)
    if framework_file is None:
        problems.append(Diagnostic.at(Origin((location / "framework.yaml").as_posix()), "CMP103",
                                      "missing framework.yaml in the standards folder"))
    else:
        docs.framework = read(framework_file, "framework")
    for folder, kind, target in (("domains", "domain", docs.domains),
                                 ("profiles", "profile", docs.profiles),
                                 ("sources", "sources", docs.sources)):
        for path in _yaml_files(location / folder):
            document = read(path, kind)
            if document is not None:
                target.append((document, ()))
    return docs, problems


def _read_bundle(
    path: Path, docs: StandardDocuments, problems: list[Diagnostic]
) -> tuple[StandardDocuments, list[Diagnostic]]:
    document = read_checked(path, "bundle", problems)
    if document is None:
        return docs, problems  # as for files: builders only see schema-valid data
    data = document.data
    docs.framework, docs.framework_path = document, ("framework",)
    docs.domains = [(document, ("domains", i)) for i in range(len(data.get("domains", ())))]
    docs.profiles = [(document, ("profiles", i)) for i in range(len(data.get("profiles", ())))]
    if "sources" in data:
        docs.sources = [(document, ("sources",))]
    return docs, problems


def _text(value: Any, languages: tuple[str, ...] = ()) -> Text:
    if isinstance(value, str):  # language-neutral text, e.g. a publication title
        return Text({lang: value for lang in languages or ("en",)})
    return Text(value)


def _scale_order(levels: dict[str, Any], level_ids: list[str]) -> list[str]:
    # Descriptors are kept in scale order, whatever order the file used.
    order = list(levels)
    if order == level_ids[: len(order)]:
        return order
    return sorted(order, key=lambda lv: (level_ids.index(lv) if lv in level_ids else len(level_ids), lv))


def _competency(
    entry: dict[str, Any], domain: str, document: SourceDocument, single: Origin | None, path: JsonPath,
    level_ids: list[str], framework_uri: str,
) -> Competency:
    # The hot loop of loading a large standard: a plain function, no closures.
    # ``single`` is the document's only origin (a bundle): then no paths are built.
    code = entry["code"]
    if single is None:
        locate = document.origin
        prerequisites = [
            Prerequisite.from_checked(r["competency"], r["level"], Text(r["reason"]),
                                      locate((*path, "prerequisites", i)))
            for i, r in enumerate(entry.get("prerequisites", ()))
        ]
        origin = locate(path)
    else:
        prerequisites = [
            Prerequisite.from_checked(r["competency"], r["level"], Text(r["reason"]), single)
            for r in entry.get("prerequisites", ())
        ]
        origin = single
    levels = entry["levels"]
    return Competency(
        code=code, domain=domain, kind=entry["kind"], title=Text(entry["title"]),
        statement=Text(entry["statement"]),
        levels=[(level, Text(levels[level])) for level in _scale_order(levels, level_ids)],
        prerequisites=prerequisites, sources=entry.get("sources", ()), tags=entry.get("tags", ()), origin=origin,
        # Derived here, once, rather than by rebuilding every competency afterwards.
        uuid=competency_uuid(framework_uri, code), uri=competency_uri(framework_uri, code),
    )


def _optional_text(value: Any) -> Text | None:
    return None if value is None else Text(value)


def _build(
    make: Callable[[], T], document: SourceDocument, path: JsonPath, problems: list[Diagnostic]
) -> T | None:
    """Run a model constructor, turning its validation errors into diagnostics."""
    try:
        return make()
    except (ValueError, TypeError) as exc:
        problems.append(_construction_error(document, path, exc))
        return None


def _construction_error(document: SourceDocument, path: JsonPath, exc: Exception) -> Diagnostic:
    return Diagnostic.at(document.origin(path), "CMP202", str(exc), path=format_json_path(path))


def build_framework(docs: StandardDocuments) -> tuple[Framework | None, list[Diagnostic]]:
    """Build the :class:`Framework` from schema-valid documents.

    Only structural construction happens here; references between parts are
    checked by :mod:`competency.io.references`.
    """
    problems: list[Diagnostic] = []
    if docs.framework is None:
        return None, problems
    fdoc, fpath = docs.framework, docs.framework_path
    fdata = fdoc.get(fpath)
    languages = tuple(fdata["languages"])
    level_ids = [level["id"] for level in fdata["scale"]["levels"]]

    sources: list[Source] = []
    for document, base in docs.sources:
        for index, entry in enumerate(document.get(base)):
            path = (*base, index)
            source = _build(lambda e=entry, p=path: Source(  # type: ignore[misc]
                key=e["key"], author=e["author"], title=_text(e["title"], languages), year=e["year"],
                kind=e.get("kind", "report"), publisher=e.get("publisher", ""), url=e.get("url", ""),
                note=_optional_text(e.get("note")), origin=document.origin(p),
            ), document, path, problems)
            if source is not None:
                sources.append(source)

    domains: list[Domain] = []
    competencies: list[Competency] = []
    framework_uri = fdata["uri"]
    for document, base in docs.domains:
        data = document.get(base)
        codes: list[str] = []
        domain_code, single = data["code"], document.only_origin()
        for index, entry in enumerate(data["competencies"]):
            path = (*base, "competencies", index)
            try:  # as _build does, inlined: this loop runs once per competency
                competency = _competency(entry, domain_code, document, single, path, level_ids, framework_uri)
            except (ValueError, TypeError) as exc:
                problems.append(_construction_error(document, path, exc))
                continue
            competencies.append(competency)
            codes.append(competency.code)
        domain = _build(lambda d=data, c=tuple(codes): Domain(  # type: ignore[misc]
            code=d["code"], title=Text(d["title"]), description=_optional_text(d.get("description")),
            competencies=c, origin=document.origin(base),
        ), document, base, problems)
        if domain is not None:
            domains.append(domain)

    profiles: list[RoleProfile] = []
    for document, base in docs.profiles:
        data = document.get(base)
        profile = _build(lambda d=data: RoleProfile(  # type: ignore[misc]
            id=d["id"], title=Text(d["title"]), description=_optional_text(d.get("description")),
            requirements=d["requirements"], origin=document.origin(base),
        ), document, base, problems)
        if profile is not None:
            profiles.append(profile)

    scale_data = fdata["scale"]
    scale = _build(lambda: Scale(
        levels=tuple(
            Level(id=lv["id"], title=Text(lv["title"]), description=Text(lv["description"]),
                  origin=fdoc.origin((*fpath, "scale", "levels", i)))
            for i, lv in enumerate(scale_data["levels"])
        ),
        proficient=scale_data["proficient"],
    ), fdoc, (*fpath, "scale"), problems)
    if scale is None:
        return None, problems
    framework = _build(lambda: Framework(
        id=fdata["id"], uri=fdata["uri"], version=fdata["version"], title=Text(fdata["title"]),
        description=_optional_text(fdata.get("description")), publisher=fdata.get("publisher", ""),
        languages=languages, required_languages=tuple(fdata.get("required_languages", ())),
        scale=scale, domains=domains, competencies=competencies, profiles=profiles, sources=sources,
        origin=fdoc.origin(fpath),
    ), fdoc, fpath, problems)
    return framework, problems
