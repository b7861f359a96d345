"""The SCORM 2004 4th Edition manifest (IMS CP 1.1.4, adlcp/adlseq/adlnav/imsss)."""

from __future__ import annotations

from lxml import etree

from scorm_export.manifest.common import manifest_head, resources, sub
from scorm_export.manifest.namespaces import (
    ADLCP_2004,
    ADLSEQ,
    CP_2004,
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
    root, org, parent = manifest_head(plan, CP_2004, "2004")
    # Global objective ids stay inside this package unless an LMS is told otherwise.
    org.set(f"{{{ADLSEQ}}}objectivesGlobalToSystem", "false")
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
