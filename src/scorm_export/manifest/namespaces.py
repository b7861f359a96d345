"""Namespaces, prefixes, schema locations and control files of both SCORM versions.

Prefixes are fixed on purpose: Moodle matches prefixed tag names literally
(``ADLCP:SCORMTYPE``), so an ``ns0:`` prefix turns every SCO into an asset.
"""

from __future__ import annotations

__all__ = [
    "ADLCP_12",
    "ADLCP_2004",
    "ADLNAV",
    "ADLSEQ",
    "CONTROL_FILES",
    "CP_12",
    "CP_2004",
    "IMSMD_12",
    "IMSSS",
    "NSMAP",
    "SCHEMAVERSION",
    "SCHEMA_LOCATION",
    "XSI",
]

XSI = "http://www.w3.org/2001/XMLSchema-instance"
CP_12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD_12 = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
CP_2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP_2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"

NSMAP: dict[str, dict[str | None, str]] = {
    "1.2": {None: CP_12, "adlcp": ADLCP_12, "xsi": XSI},
    "2004": {
        None: CP_2004,
        "adlcp": ADLCP_2004,
        "adlseq": ADLSEQ,
        "adlnav": ADLNAV,
        "imsss": IMSSS,
        "xsi": XSI,
    },
}

SCHEMA_LOCATION = {
    "1.2": (f"{CP_12} imscp_rootv1p1p2.xsd {IMSMD_12} imsmd_rootv1p2p1.xsd {ADLCP_12} adlcp_rootv1p2.xsd"),
    "2004": (
        f"{CP_2004} imscp_v1p1.xsd {ADLCP_2004} adlcp_v1p3.xsd {ADLSEQ} adlseq_v1p3.xsd "
        f"{ADLNAV} adlnav_v1p3.xsd {IMSSS} imsss_v1p0.xsd"
    ),
}

#: The exact ``<schemaversion>`` text; Moodle and Open edX match it without trimming.
SCHEMAVERSION = {"1.2": "1.2", "2004": "2004 4th Edition"}

#: The XML control documents that go at the package root when a user embeds them.
CONTROL_FILES = {
    "1.2": ("adlcp_rootv1p2.xsd", "ims_xml.xsd", "imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd"),
    "2004": (
        "XMLSchema.dtd",
        "adlcp_v1p3.xsd",
        "adlnav_v1p3.xsd",
        "adlseq_v1p3.xsd",
        "datatypes.dtd",
        "imscp_v1p1.xsd",
        "imsss_v1p0.xsd",
        "imsss_v1p0auxresource.xsd",
        "imsss_v1p0control.xsd",
        "imsss_v1p0delivery.xsd",
        "imsss_v1p0limit.xsd",
        "imsss_v1p0objective.xsd",
        "imsss_v1p0random.xsd",
        "imsss_v1p0rollup.xsd",
        "imsss_v1p0seqrule.xsd",
        "imsss_v1p0util.xsd",
        "xml.xsd",
    ),
}
