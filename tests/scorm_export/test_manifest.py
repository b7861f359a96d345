from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from scorm_export.manifest import build_manifest
from scorm_export.manifest.namespaces import CONTROL_FILES, IMSSS, SCHEMA_LOCATION
from scorm_export.plan import PackagePlan, plan_curriculum, plan_module
from scorm_export.validate import check_manifest
from scorm_export.xsd import xsd_errors
from tests.scorm_export.catalogue import framework, module_one, module_two


def plans() -> list[PackagePlan]:
    fw = framework()
    return [
        plan_module(fw, module_one(), lang="en", scorm_version="1.2"),
        plan_module(fw, module_one(), lang="fr", scorm_version="2004"),
        plan_module(fw, module_two(), lang="en", scorm_version="2004"),
        plan_curriculum(fw, [module_one(), module_two()], path_id="core", title="Parcours de base", lang="fr"),
        plan_module(fw, module_one(), lang="en", scorm_version="2004", control_files=CONTROL_FILES["2004"]),
    ]


@pytest.mark.parametrize("plan", plans(), ids=lambda p: p.filename)
def test_every_manifest_validates_against_the_official_xsds(plan: PackagePlan, schemas: Path) -> None:
    assert xsd_errors(build_manifest(plan), schemas) == []


@pytest.mark.parametrize("plan", plans(), ids=lambda p: p.filename)
def test_every_manifest_passes_the_cam_rules(plan: PackagePlan) -> None:
    problems = check_manifest(build_manifest(plan), {*plan.files, "imsmanifest.xml"})
    assert [d.format() for d in problems] == []


def test_12_header_is_exact() -> None:
    data = build_manifest(plans()[0])
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<manifest xmlns="http://www.imsproject.org/xsd/')
    text = data.decode()
    assert "<schemaversion>1.2</schemaversion>" in text
    assert f'xsi:schemaLocation="{SCHEMA_LOCATION["1.2"]}"' in text
    assert 'adlcp:scormtype="sco"' in text and 'adlcp:scormtype="asset"' in text
    assert "scormType" not in text and "ns0" not in text
    assert "<adlcp:masteryscore>80</adlcp:masteryscore>" in text


def test_2004_header_prefixes_and_raw_utf8() -> None:
    data = build_manifest(plans()[1])
    text = data.decode("utf-8")
    assert "<schemaversion>2004 4th Edition</schemaversion>" in text
    for prefix in ("adlcp", "adlseq", "adlnav", "imsss", "xsi"):
        assert f"xmlns:{prefix}=" in text
    assert 'adlcp:scormType="sco"' in text and "scormtype" not in text
    assert "Fondements de la prévention" in text and "&#" not in text
    assert not data.startswith(b"\xef\xbb\xbf")


def test_2004_objectives_and_mastery() -> None:
    root = etree.fromstring(build_manifest(plans()[1]))
    primary = root.find(f".//{{{IMSSS}}}primaryObjective")
    assert primary is not None
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.findtext(f"{{{IMSSS}}}minNormalizedMeasure") == "0.8"
    ids = [o.get("objectiveID") for o in root.iter(f"{{{IMSSS}}}objective")]
    assert ids == ["urn:cmncp:standard:cswb:D1.1", "urn:cmncp:standard:cswb:D1.2"]
    delivery = root.find(f".//{{{IMSSS}}}deliveryControls")
    assert delivery is not None and delivery.attrib == {
        "completionSetByContent": "true",
        "objectiveSetByContent": "true",
    }


def test_entry_sco_resource_comes_first_and_every_item_is_visible() -> None:
    for plan in plans():
        root = etree.fromstring(build_manifest(plan))
        ns = etree.QName(root).namespace
        first = root.find(f"{{{ns}}}resources/{{{ns}}}resource")
        assert first is not None and first.get("href") == plan.scos[0].href
        assert all(i.get("isvisible") == "true" for i in root.iter(f"{{{ns}}}item"))


def test_curriculum_sequencing() -> None:
    root = etree.fromstring(build_manifest(plans()[3]))
    ns = etree.QName(root).namespace
    org = root.find(f".//{{{ns}}}organization")
    assert org is not None and org.get("{http://www.adlnet.org/xsd/adlseq_v1p3}objectivesGlobalToSystem") == "false"
    control = org.find(f"{{{IMSSS}}}sequencing/{{{IMSSS}}}controlMode")
    assert control is not None and control.attrib == {"choice": "true", "flow": "true"}
    # One non-launchable root cluster holds the SCOs (Moodle's sibling navigation needs it).
    items = org.findall(f"{{{ns}}}item")
    assert len(items) == 1 and items[0].get("identifierref") is None
    assert [i.get("identifierref") for i in items[0].findall(f"{{{ns}}}item")] == [
        "RES-m01-foundations",
        "RES-m02-audit",
    ]
    assert b"adlcp:location" not in build_manifest(plans()[3])
    actions = [a.get("action") for a in root.iter(f"{{{IMSSS}}}ruleAction")]
    assert actions == ["disabled"]
    conditions = [(c.get("operator"), c.get("condition")) for c in root.iter(f"{{{IMSSS}}}ruleCondition")]
    assert conditions == [("not", "satisfied"), ("not", "objectiveStatusKnown")]
