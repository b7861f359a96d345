"""Element helpers and the one serializer both manifest versions share."""

from __future__ import annotations

from typing import Any, cast

from lxml import etree

from scorm_export.manifest.namespaces import NSMAP, SCHEMA_LOCATION, SCHEMAVERSION, XSI
from scorm_export.plan import PackagePlan

__all__ = ["manifest_head", "metadata", "resources", "serialize", "sub"]


def sub(parent: etree._Element, ns: str, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    """Append ``{ns}tag`` to ``parent`` with attributes in the given order."""
    element = etree.SubElement(parent, f"{{{ns}}}{tag}")
    for key, value in attrib.items():
        element.set(key, value)
    if text is not None:
        element.text = text
    return element


def metadata(root: etree._Element, ns: str, schemaversion: str) -> None:
    """``<metadata><schema>ADL SCORM</schema><schemaversion>…</schemaversion></metadata>``, no LOM."""
    meta = sub(root, ns, "metadata")
    sub(meta, ns, "schema", "ADL SCORM")
    sub(meta, ns, "schemaversion", schemaversion)


def manifest_head(
    plan: PackagePlan, ns: str, version: str
) -> tuple[etree._Element, etree._Element, etree._Element]:
    """The manifest, its one organization and the element that holds the SCO items.

    Both versions share this head: identifiers, schemaLocation, metadata, the
    organization with its title and, for multi-SCO packages, one root cluster
    item (Moodle needs it to navigate between siblings).
    """
    if plan.scorm_version != version:
        raise ValueError(f"plan is for SCORM {plan.scorm_version}, not {version}")
    root = etree.Element(f"{{{ns}}}manifest", nsmap=cast(Any, NSMAP[version]))
    root.set("identifier", plan.identifier)
    root.set("version", plan.version)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION[version])
    metadata(root, ns, SCHEMAVERSION[version])
    orgs = sub(root, ns, "organizations", default=plan.organization_id)
    org = sub(orgs, ns, "organization", identifier=plan.organization_id)
    sub(org, ns, "title", plan.title)
    parent = org
    if plan.root_item_id is not None:
        parent = sub(org, ns, "item", identifier=plan.root_item_id, isvisible="true")
        sub(parent, ns, "title", plan.title)
    return root, org, parent


def resources(
    root: etree._Element,
    ns: str,
    scorm_type_attr: str,
    plan_scos: list[tuple[str, str, tuple[str, ...]]],
    common_id: str,
    common_files: tuple[str, ...],
) -> None:
    """The SCO resources (entry SCO first: Open edX launches the first href) and one shared asset."""
    res = sub(root, ns, "resources")
    for resource_id, href, files in plan_scos:
        resource = sub(res, ns, "resource", identifier=resource_id, type="webcontent")
        resource.set(scorm_type_attr, "sco")
        resource.set("href", href)
        for path in files:
            sub(resource, ns, "file", href=path)
        sub(resource, ns, "dependency", identifierref=common_id)
    shared = sub(res, ns, "resource", identifier=common_id, type="webcontent")
    shared.set(scorm_type_attr, "asset")
    for path in common_files:
        sub(shared, ns, "file", href=path)


def serialize(root: etree._Element) -> bytes:
    """UTF-8 bytes with a double-quoted declaration, LF line ends, no BOM, no character references.

    lxml writes non-ASCII characters raw when the encoding is UTF-8; Moodle would
    corrupt ``&#233;``-style references. ``pretty_print`` only indents
    element-only content, so ``<schemaversion>`` text keeps no whitespace.
    """
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body
