"""Element helpers and the one serializer both manifest versions share."""

from __future__ import annotations

from lxml import etree

__all__ = ["metadata", "resources", "serialize", "sub"]


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
