"""IMS Simple Sequencing for SCORM 2004 items: objectives, gating and control mode.

Every SCO item gets a primary objective (the module's IRI, satisfied by measure
at the module's mastery score) and one objective per competency it assesses,
whose ids equal the ``cmi.objectives.n.id`` the SCO reports. The defaults that
would let an LMS mark a module satisfied on exit are overridden
(``objectiveSetByContent``/``completionSetByContent``).

In a curriculum package (``plan.sequencing``) the primary objective writes a
global objective named after the module, each competency objective writes one
global per competency (one writer per target: the first module of the path that
assesses it), and a module whose prerequisites are assessed by earlier modules
gets a ``disabled`` precondition until those modules are satisfied. The
condition pair ``not satisfied`` / ``not objectiveStatusKnown`` with
``conditionCombination="any"`` is needed because ``not unknown`` is unknown.
"""

from __future__ import annotations

from lxml import etree

from scorm_export.manifest.common import sub
from scorm_export.manifest.namespaces import IMSSS
from scorm_export.plan import PackagePlan, ScoPlan, module_objective_id

__all__ = ["competency_writers", "item_sequencing", "organization_sequencing", "prerequisite_objective_id"]


def prerequisite_objective_id(module_id: str) -> str:
    """The local objective through which a gated item reads a prerequisite module's status."""
    return f"prereq-{module_id}"


def _measure(mastery: float) -> str:
    return f"{mastery:.4f}".rstrip("0").rstrip(".") if mastery < 1 else "1.0"


def competency_writers(plan: PackagePlan) -> dict[str, str]:
    """Competency objective id -> the module whose SCO writes its global (the first one)."""
    writers: dict[str, str] = {}
    for sco in plan.scos:
        for objective in sco.objectives:
            writers.setdefault(objective.id, sco.module_id)
    return writers


def item_sequencing(plan: PackagePlan, sco: ScoPlan) -> etree._Element:
    """``<imsss:sequencing>`` for one SCO item, children in the XSD's order."""
    seq = etree.Element(f"{{{IMSSS}}}sequencing")
    gated = plan.sequencing and sco.prerequisites
    if gated:
        rules = sub(seq, IMSSS, "sequencingRules")
        rule = sub(rules, IMSSS, "preConditionRule")
        conditions = sub(rule, IMSSS, "ruleConditions", conditionCombination="any")
        for module_id in sco.prerequisites:
            local = prerequisite_objective_id(module_id)
            sub(
                conditions,
                IMSSS,
                "ruleCondition",
                referencedObjective=local,
                operator="not",
                condition="satisfied",
            )
            sub(
                conditions,
                IMSSS,
                "ruleCondition",
                referencedObjective=local,
                operator="not",
                condition="objectiveStatusKnown",
            )
        sub(rule, IMSSS, "ruleAction", action="disabled")
    objectives = sub(seq, IMSSS, "objectives")
    primary = sub(objectives, IMSSS, "primaryObjective", objectiveID=module_objective_id(sco.module_id))
    if sco.mastery is not None:
        primary.set("satisfiedByMeasure", "true")
        sub(primary, IMSSS, "minNormalizedMeasure", _measure(sco.mastery))
    if plan.sequencing:
        sub(
            primary,
            IMSSS,
            "mapInfo",
            targetObjectiveID=module_objective_id(sco.module_id),
            readSatisfiedStatus="true",
            writeSatisfiedStatus="true",
        )
    writers = competency_writers(plan)
    for objective in sco.objectives:
        element = sub(objectives, IMSSS, "objective", objectiveID=objective.id)
        if plan.sequencing and writers[objective.id] == sco.module_id:
            sub(
                element,
                IMSSS,
                "mapInfo",
                targetObjectiveID=objective.id,
                readSatisfiedStatus="false",
                writeSatisfiedStatus="true",
                writeNormalizedMeasure="true",
            )
    if gated:
        for module_id in sco.prerequisites:
            element = sub(objectives, IMSSS, "objective", objectiveID=prerequisite_objective_id(module_id))
            sub(
                element,
                IMSSS,
                "mapInfo",
                targetObjectiveID=module_objective_id(module_id),
                readSatisfiedStatus="true",
                writeSatisfiedStatus="false",
            )
    sub(seq, IMSSS, "deliveryControls", completionSetByContent="true", objectiveSetByContent="true")
    return seq


def organization_sequencing() -> etree._Element:
    """Root control mode: a clickable TOC and working Continue/Previous (``flow`` defaults to false)."""
    seq = etree.Element(f"{{{IMSSS}}}sequencing")
    sub(seq, IMSSS, "controlMode", choice="true", flow="true")
    return seq
