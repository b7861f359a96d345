"""The SCORM 2004 4th Edition manifest (IMS CP 1.1.4, adlcp/adlseq/adlnav/imsss)."""

from __future__ import annotations

from typing import Any, cast

from lxml import etree

from scorm_export.manifest.common import metadata, resources, sub
from scorm_export.manifest.namespaces import (
    ADLCP_2004,
    ADLSEQ,
    CP_2004,
    NSMAP,
    SCHEMA_LOCATION,
    SCHEMAVERSION,
    XSI,
)
from scorm_export.manifest.sequencing import item_sequencing, organization_sequencing
from scorm_export.plan import STATIC_FILES, PackagePlan

__all__ = ["build_manifest_2004"]


def build_manifest_2004(plan: PackagePlan) -> etree._Element:
    """The ``<manifest>`` element of a SCORM 2004 4th Edition package.

    Every SCO item declares its objectives (the module's primary objective,
    satisfied by measure at the mastery score, plus one objective per assessed
    competency) and ``objectiveSetByContent``/``completionSetByContent``, so the
    LMS never marks a module satisfied just because the learner left it.
    """
    if plan.scorm_version != "2004":
        raise ValueError(f"plan is for SCORM {plan.scorm_version}, not 2004")
    root = etree.Element(f"{{{CP_2004}}}manifest", nsmap=cast(Any, NSMAP["2004"]))
    root.set("identifier", plan.identifier)
    root.set("version", plan.version)
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION["2004"])
    metadata(root, CP_2004, SCHEMAVERSION["2004"])
    orgs = sub(root, CP_2004, "organizations", default=plan.organization_id)
    org = sub(orgs, CP_2004, "organization", identifier=plan.organization_id)
    # Global objective ids stay inside this package unless an LMS is told otherwise.
    org.set(f"{{{ADLSEQ}}}objectivesGlobalToSystem", "false")
    sub(org, CP_2004, "title", plan.title)
    parent = org
    if plan.root_item_id is not None:
        parent = sub(org, CP_2004, "item", identifier=plan.root_item_id, isvisible="true")
        sub(parent, CP_2004, "title", plan.title)
    for sco in plan.scos:
        item = sub(parent, CP_2004, "item", identifier=sco.item_id, identifierref=sco.resource_id, isvisible="true")
        sub(item, CP_2004, "title", sco.title)
        item.append(item_sequencing(plan, sco))
    if plan.root_item_id is not None:
        parent.append(organization_sequencing())
    org.append(organization_sequencing())
    resources(
        root,
        CP_2004,
        f"{{{ADLCP_2004}}}scormType",
        [(s.resource_id, s.href, s.files) for s in plan.scos],
        plan.common_resource_id,
        tuple(sorted({*STATIC_FILES, *plan.control_files})),
    )
    return root
