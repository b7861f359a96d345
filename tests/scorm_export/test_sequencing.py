"""The curriculum package's sequencing, run in scorm-again's sequencing engine.

scorm-again takes an activity tree rather than a manifest, so :func:`activity_tree`
translates the package's own ``imsmanifest.xml`` (every rule, objective and
mapInfo as written) into that tree; nothing is hand-written on the LMS side.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from scorm_export.manifest.namespaces import CP_2004, IMSSS
from tests.scorm_export.test_runtime import Session, answer, submit

pytestmark = pytest.mark.browser
CP = f"{{{CP_2004}}}"
SS = f"{{{IMSSS}}}"


def _bool(value: str | None) -> bool | None:
    return None if value is None else value == "true"


def _objective(element: Any, primary: bool) -> dict[str, Any]:
    found: dict[str, Any] = {"objectiveID": element.get("objectiveID"), "isPrimary": primary}
    if element.get("satisfiedByMeasure") is not None:
        found["satisfiedByMeasure"] = _bool(element.get("satisfiedByMeasure"))
    measure = element.findtext(f"{SS}minNormalizedMeasure")
    if measure is not None:
        found["minNormalizedMeasure"] = float(measure)
    maps = []
    for info in element.findall(f"{SS}mapInfo"):
        entry: dict[str, Any] = {"targetObjectiveID": info.get("targetObjectiveID")}
        for key, value in info.attrib.items():
            if key != "targetObjectiveID":
                entry[key] = _bool(value)
        maps.append(entry)
    if maps:
        found["mapInfo"] = maps
    return found


def _sequencing(settings: dict[str, Any], seq: Any) -> None:
    control = seq.find(f"{SS}controlMode")
    if control is not None:
        settings["sequencingControls"] = {k: _bool(v) for k, v in control.attrib.items()}
    rules = []
    for rule in seq.iterfind(f"{SS}sequencingRules/{SS}preConditionRule"):
        conditions = rule.find(f"{SS}ruleConditions")
        rules.append(
            {
                "action": rule.find(f"{SS}ruleAction").get("action"),
                "conditionCombination": conditions.get("conditionCombination", "all"),
                "conditions": [dict(c.attrib) for c in conditions.findall(f"{SS}ruleCondition")],
            }
        )
    if rules:
        settings["sequencingRules"] = {"preConditionRules": rules}
    objectives = seq.find(f"{SS}objectives")
    if objectives is not None:
        settings["objectives"] = [_objective(objectives.find(f"{SS}primaryObjective"), True)] + [
            _objective(o, False) for o in objectives.findall(f"{SS}objective")
        ]
    delivery = seq.find(f"{SS}deliveryControls")
    if delivery is not None:
        settings["deliveryControls"] = {k: _bool(v) for k, v in delivery.attrib.items()}


def activity_tree(manifest: bytes) -> dict[str, Any]:
    """``{"tree": ActivitySettings, "hrefs": {item id: href}}`` from a 2004 manifest."""
    root = etree.fromstring(manifest)
    hrefs_by_resource = {r.get("identifier"): r.get("href") for r in root.iter(f"{CP}resource")}
    hrefs: dict[str, str] = {}

    def node(element: Any) -> dict[str, Any]:
        settings: dict[str, Any] = {"id": element.get("identifier"), "title": element.findtext(f"{CP}title")}
        children = [node(child) for child in element.findall(f"{CP}item")]
        if children:
            settings["children"] = children
        if element.get("identifierref"):
            hrefs[element.get("identifier")] = hrefs_by_resource[element.get("identifierref")]
        seq = element.find(f"{SS}sequencing")
        if seq is not None:
            _sequencing(settings, seq)
        return settings

    organization = root.find(f"{CP}organizations/{CP}organization")
    return {"tree": node(organization), "hrefs": hrefs}


def valid_choice(session: Session, item: str) -> str:
    return str(session.page.evaluate(f"window.harness.api.GetValue('adl.nav.request_valid.choice.{{target={item}}}')"))


def test_module_b_is_locked_until_module_a_is_passed(
    browser: Any, site: tuple[Path, str], packages: dict[str, str]
) -> None:
    root, base = site
    manifest = (root / "pkg" / "curriculum" / "imsmanifest.xml").read_bytes()
    (root / "pkg" / "curriculum-tree.json").write_text(json.dumps(activity_tree(manifest)), "utf-8")
    session = Session(browser, base, "2004", f"{packages['curriculum']}&seq=/pkg/curriculum-tree.json")
    try:
        assert session.page.evaluate("window.harness.delivered") == ["ITEM-m01-foundations"]
        assert valid_choice(session, "ITEM-m02-audit") == "false"
        answer(session, False)
        submit(session)
        assert valid_choice(session, "ITEM-m02-audit") == "false"
        session.frame.locator("#retry").click()
        answer(session, True)
        submit(session)
        # The LMS's Continue button: a navigation request, then the SCO's own Exit terminates.
        session.page.evaluate("window.harness.api.SetValue('adl.nav.request', 'continue')")
        session.frame.locator("#exit").click()
        session.page.wait_for_function("window.harness.delivered.length === 2")
        assert session.page.evaluate("window.harness.delivered")[1] == "ITEM-m02-audit"
        session.frame.locator("#lesson-01-audit:not([hidden])").wait_for()
        assert session.console_errors == [] and session.outside == []
    finally:
        session.close()


@pytest.mark.parametrize("outcome", ["failed", "left without the assessment"])
def test_module_b_stays_locked_when_a_is_not_passed(
    browser: Any, site: tuple[Path, str], packages: dict[str, str], outcome: str
) -> None:
    root, base = site
    manifest = (root / "pkg" / "curriculum" / "imsmanifest.xml").read_bytes()
    (root / "pkg" / "curriculum-tree.json").write_text(json.dumps(activity_tree(manifest)), "utf-8")
    session = Session(browser, base, "2004", f"{packages['curriculum']}&seq=/pkg/curriculum-tree.json")
    try:
        if outcome == "failed":
            answer(session, False)
            submit(session)
        session.page.evaluate("window.harness.api.SetValue('adl.nav.request', 'continue')")
        session.frame.locator("#exit").click()
        session.page.wait_for_timeout(300)  # delivery is synchronous in scorm-again; this is a margin
        assert session.page.evaluate("window.harness.delivered") == ["ITEM-m01-foundations"]
        assert session.console_errors == [] and session.outside == []
    finally:
        session.close()
