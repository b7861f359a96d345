"""Package validation: the content-packaging (CAM) rules, and XSD validation when schemas are given.

XSD validation does not check that references resolve, that files exist or
that ``schemaversion`` has a known value, so :func:`check_manifest` implements
those rules itself (after the ADL validator's list; no ADL code is used).
The exporter runs the same checks on every package before writing it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

from lxml import etree

from competency.diagnostics import Diagnostic
from scorm_export.errors import error, warning
from scorm_export.manifest.namespaces import (
    ADLCP_12,
    ADLCP_2004,
    CP_12,
    CP_2004,
    IMSSS,
    NSMAP,
    SCHEMAVERSION,
)
from scorm_export.xsd import xsd_errors

__all__ = ["check_manifest", "check_names", "detect_version", "validate_files", "validate_zip", "xsd_errors"]

MANIFEST = "imsmanifest.xml"
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_SAFE_PATH = re.compile(r"^[A-Za-z0-9_.\-/]+$")
_JUNK = re.compile(r"(^|/)(__MACOSX|\.DS_Store|Thumbs\.db)(/|$)")
_PREFIXES = {None, "adlcp", "adlseq", "adlnav", "imsss", "xsi", "xml"}


def check_names(names: Iterable[str], *, where: str = "") -> Iterator[Diagnostic]:
    """Entry-name hygiene: relative, forward slashes, ASCII without spaces, no OS junk."""
    for name in sorted(names):
        if name.endswith("/"):
            continue
        if "\\" in name or name.startswith("/") or ".." in name.split("/") or re.match(r"^[A-Za-z]:", name):
            yield error("SCO211", f"unsafe path {name!r}: no '..', absolute paths or backslashes", file=where)
        elif not _SAFE_PATH.match(name):
            yield error(
                "SCO211",
                f"file name {name!r} must be ASCII letters, digits, '_', '-', '.' and '/'",
                file=where,
                hint="LMSs percent-encode other characters differently",
            )
        if _JUNK.search(name):
            yield error("SCO220", f"operating-system junk entry {name!r}", file=where)


def detect_version(root: etree._Element) -> str | None:
    """``"1.2"`` or ``"2004"`` from the default namespace and ``schemaversion``; ``None`` if neither."""
    ns = etree.QName(root).namespace
    version = root.findtext(f"{{{ns}}}metadata/{{{ns}}}schemaversion")
    if ns == CP_12 and version == SCHEMAVERSION["1.2"]:
        return "1.2"
    if ns == CP_2004 and version == SCHEMAVERSION["2004"]:
        return "2004"
    return None


def _line(element: etree._Element) -> int:
    return int(cast(Any, element.sourceline) or 0)


def check_manifest(manifest: bytes, names: Iterable[str], *, where: str = MANIFEST) -> list[Diagnostic]:
    """Every CAM rule over a manifest and the package's file names; an empty list means valid."""
    names = set(names)
    found: list[Diagnostic] = []
    if manifest.startswith(b"\xef\xbb\xbf"):
        found.append(error("SCO218", "the manifest starts with a byte-order mark", file=where))
    if re.search(rb"&#\d+;|&#x[0-9a-fA-F]+;", manifest):
        found.append(
            error("SCO218", "numeric character references (Moodle corrupts them); write raw UTF-8", file=where)
        )
    try:
        root = etree.fromstring(manifest, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        return [*found, error("SCO202", f"not well-formed XML: {exc.msg}", file=where, line=exc.lineno or 0)]
    version = detect_version(root)
    if version is None:
        ns = etree.QName(root).namespace
        text = root.findtext(f"{{{ns}}}metadata/{{{ns}}}schemaversion")
        return [
            *found,
            error(
                "SCO203",
                f"unknown SCORM version: namespace {ns!r}, schemaversion {text!r}",
                file=where,
                hint="expected exactly '1.2' or '2004 4th Edition'",
            ),
        ]
    cp = CP_12 if version == "1.2" else CP_2004
    found.extend(_check_prefixes(root, version, where))
    found.extend(_check_ids(root, cp, where))
    found.extend(_check_structure(root, cp, version, names, where))
    if version == "2004":
        found.extend(_check_sequencing(root, where))
    return found


def _check_prefixes(root: etree._Element, version: str, where: str) -> Iterator[Diagnostic]:
    expected = NSMAP[version]
    for element in root.iter(etree.Element):
        for prefix, uri in element.nsmap.items():
            if prefix not in _PREFIXES or (prefix in expected and expected[prefix] != uri):
                yield error(
                    "SCO219",
                    f"namespace prefix {prefix!r} for {uri}; Moodle matches prefixes literally",
                    file=where,
                    line=_line(element),
                )
        if element.get("{http://www.w3.org/XML/1998/namespace}base") is not None:
            yield error("SCO215", "xml:base is not honoured consistently by LMSs", file=where, line=_line(element))


def _check_ids(root: etree._Element, cp: str, where: str) -> Iterator[Diagnostic]:
    seen: dict[str, int] = {}
    for tag in ("manifest", "organization", "item", "resource"):
        for element in [root] if tag == "manifest" else root.iter(f"{{{cp}}}{tag}"):
            ident = element.get("identifier")
            if ident is None or not _NCNAME.match(ident):
                yield error(
                    "SCO204",
                    f"<{tag}> identifier {ident!r} is not an NCName",
                    file=where,
                    line=_line(element),
                )
            elif ident in seen:
                yield error(
                    "SCO204",
                    f"identifier {ident!r} is used twice (first on line {seen[ident]})",
                    file=where,
                    line=_line(element),
                )
            else:
                seen[ident] = _line(element)


def _check_structure(root: etree._Element, cp: str, version: str, names: set[str], where: str) -> Iterator[Diagnostic]:
    def q(tag: str) -> str:
        return f"{{{cp}}}{tag}"

    orgs = root.find(q("organizations"))
    resources_el = root.find(q("resources"))
    if orgs is None or resources_el is None or root.find(q("metadata")) is None:
        yield error("SCO206", "the manifest needs metadata, organizations and resources", file=where)
        return
    meta = root.find(q("metadata"))
    if (meta is not None and root.index(meta) > root.index(orgs)) or root.index(orgs) > root.index(resources_el):
        yield error("SCO206", "manifest children must be metadata, organizations, resources in that order", file=where)
    title = root.findtext(f"{q('organizations')}/{q('organization')}/{q('title')}") or ""
    if len(title) > 200:
        yield warning("SCO216", "organization title is longer than 200 characters", file=where)
    if len(root.get("version", "")) > 20:
        yield warning("SCO216", "manifest version is longer than 20 characters", file=where)
    org_ids = {o.get("identifier") for o in orgs.iter(q("organization"))}
    if orgs.get("default") not in org_ids:
        yield error(
            "SCO205",
            f"organizations default {orgs.get('default')!r} names no organization",
            file=where,
            line=_line(orgs),
        )
    resources = {r.get("identifier"): r for r in resources_el.iter(q("resource"))}
    scorm_attr = f"{{{ADLCP_12}}}scormtype" if version == "1.2" else f"{{{ADLCP_2004}}}scormType"
    for item in orgs.iter(q("item")):
        line = _line(item)
        children = item.findall(q("item"))
        ref = item.get("identifierref")
        if item.find(q("title")) is None:
            yield error("SCO213", f"item {item.get('identifier')} has no <title>", file=where, line=line)
        if item.get("isvisible") != "true":
            yield warning(
                "SCO213",
                f'item {item.get("identifier")} lacks isvisible="true" (Open edX hides it)',
                file=where,
                line=line,
            )
        if children and ref is not None:
            yield error(
                "SCO206",
                f"item {item.get('identifier')} has children and an identifierref",
                file=where,
                line=line,
            )
        elif not children and ref is None:
            yield error("SCO206", f"leaf item {item.get('identifier')} has no identifierref", file=where, line=line)
        elif ref is not None and ref not in resources:
            yield error(
                "SCO206",
                f"item {item.get('identifier')} refers to missing resource {ref!r}",
                file=where,
                line=line,
            )
    listed: set[str] = set()
    first_href = True
    for resource in resources.values():
        line = _line(resource)
        rid = resource.get("identifier")
        kind = resource.get(scorm_attr)
        if kind not in ("sco", "asset"):
            spelled = "adlcp:scormtype" if version == "1.2" else "adlcp:scormType"
            yield error("SCO207", f'resource {rid} needs {spelled}="sco" or "asset"', file=where, line=line)
        files = [f.get("href") or "" for f in resource.iter(q("file"))]
        listed.update(files)
        href = resource.get("href")
        if href is not None:
            if first_href and kind != "sco":
                yield error(
                    "SCO214",
                    "the first resource with an href must be the entry SCO (Open edX)",
                    file=where,
                    line=line,
                )
            first_href = False
            if "?" in href or "#" in href or "." not in href.rsplit("/", 1)[-1]:
                yield error(
                    "SCO208",
                    f"resource {rid} href {href!r} needs a file extension and no query",
                    file=where,
                    line=line,
                )
            if href not in files:
                yield error("SCO208", f"resource {rid} lists no <file> with its href {href!r}", file=where, line=line)
        for dependency in resource.iter(q("dependency")):
            if dependency.get("identifierref") not in resources:
                yield error(
                    "SCO212",
                    f"resource {rid} depends on missing {dependency.get('identifierref')!r}",
                    file=where,
                    line=_line(dependency),
                )
        for path in files:
            if path not in names:
                yield error("SCO209", f"file {path!r} of resource {rid} is not in the package", file=where, line=line)
    yield from check_names(listed, where=where)
    for name in sorted(names - listed - {MANIFEST}):
        if not name.endswith("/"):
            yield error("SCO210", f"file {name!r} is in the package but in no resource", file=where)


def _check_sequencing(root: etree._Element, where: str) -> Iterator[Diagnostic]:
    writers: dict[tuple[str, str], int] = {}
    for seq in root.iter(f"{{{IMSSS}}}sequencing"):
        local = {o.get("objectiveID") for o in seq.iter(f"{{{IMSSS}}}primaryObjective", f"{{{IMSSS}}}objective")}
        for condition in seq.iter(f"{{{IMSSS}}}ruleCondition"):
            ref = condition.get("referencedObjective")
            if ref is not None and ref not in local:
                yield error(
                    "SCO217",
                    f"referencedObjective {ref!r} is not an objective of this activity",
                    file=where,
                    line=_line(condition),
                )
        for objective in seq.iter(f"{{{IMSSS}}}primaryObjective", f"{{{IMSSS}}}objective"):
            oid = objective.get("objectiveID")
            if objective.find(f"{{{IMSSS}}}mapInfo") is not None and not (oid or "").strip():
                yield error(
                    "SCO217",
                    "an objective with mapInfo needs an objectiveID",
                    file=where,
                    line=_line(objective),
                )
            for info in objective.iter(f"{{{IMSSS}}}mapInfo"):
                for flag in ("writeSatisfiedStatus", "writeNormalizedMeasure"):
                    if info.get(flag) == "true":
                        key = (info.get("targetObjectiveID") or "", flag)
                        if key in writers:
                            yield error(
                                "SCO217",
                                f"{flag} on {key[0]!r} is set by more than one activity (first on line {writers[key]})",
                                file=where,
                                line=_line(info),
                            )
                        writers.setdefault(key, _line(info))


def validate_files(files: dict[str, bytes], *, schemas: Path | None = None, where: str = "") -> list[Diagnostic]:
    """Validate a package held in memory (package path -> bytes)."""
    found = list(check_names(files, where=where))
    manifest = files.get(MANIFEST)
    if manifest is None:
        nested = sorted(n for n in files if n.endswith("/" + MANIFEST))
        hint = f"found {nested[0]}" if nested else ""
        return [
            *found,
            error("SCO201", "imsmanifest.xml is not at the root of the package", file=where, hint=hint),
        ]
    label = f"{where}!{MANIFEST}" if where else MANIFEST
    found.extend(check_manifest(manifest, files, where=label))
    if schemas is not None and not any(d.code == "SCO202" for d in found):
        found.extend(xsd_errors(manifest, schemas, where=label))
    return found


def validate_zip(path: Path, *, schemas: Path | None = None) -> list[Diagnostic]:
    """Validate a package zip: entry names, CAM rules, and XSDs when ``schemas`` is a folder."""
    try:
        with zipfile.ZipFile(path) as archive:
            files = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    except (OSError, zipfile.BadZipFile) as exc:
        return [error("SCO401", f"cannot read the zip: {exc}", file=str(path))]
    return validate_files(files, schemas=schemas, where=str(path))
