"""The SCORM 1.2 manifest (IMS CP 1.1.2 with ``adlcp_rootv1p2``).

1.2 has no sequencing; a multi-SCO package gates with ``adlcp:prerequisites``
(AICC script), the one mechanism Moodle honours inside a 1.2 package.
"""

from __future__ import annotations

from lxml import etree

from scorm_export.manifest.common import manifest_head, resources, sub
from scorm_export.manifest.namespaces import ADLCP_12, CP_12
from scorm_export.plan import STATIC_FILES, PackagePlan

__all__ = ["build_manifest_12", "mastery_score_12"]


def mastery_score_12(mastery: float) -> str:
    """``adlcp:masteryscore`` on the 0-100 scale the SCO reports ``score.raw`` on.

    >>> mastery_score_12(0.8)
    '80'
    >>> mastery_score_12(0.755)
    '75.5'
    """
    value = round(mastery * 100, 2)
    return f"{value:g}"


def build_manifest_12(plan: PackagePlan) -> etree._Element:
    """The ``<manifest>`` element of a SCORM 1.2 package."""
    root, _, parent = manifest_head(plan, CP_12, "1.2")
    item_of = {sco.module_id: sco.item_id for sco in plan.scos}
    for sco in plan.scos:
        item = sub(parent, CP_12, "item", identifier=sco.item_id, identifierref=sco.resource_id, isvisible="true")
        sub(item, CP_12, "title", sco.title)
        # adlcp extensions come after title, child items and metadata (itemType order).
        if sco.prerequisites:
            script = " & ".join(item_of[m] for m in sco.prerequisites)
            sub(item, ADLCP_12, "prerequisites", script, type="aicc_script")
        if sco.mastery is not None:
            sub(item, ADLCP_12, "masteryscore", mastery_score_12(sco.mastery))
    resources(
        root,
        CP_12,
        f"{{{ADLCP_12}}}scormtype",
        [(s.resource_id, s.href, s.files) for s in plan.scos],
        plan.common_resource_id,
        tuple(sorted({*STATIC_FILES, *plan.control_files})),
    )
    return root
