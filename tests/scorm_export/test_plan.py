from __future__ import annotations

import re

import pytest
from attrs import evolve
from hypothesis import given, settings
from hypothesis import strategies as st

from scorm_export.plan import package_filename, plan_curriculum, plan_module
from tests.scorm_export.catalogue import framework, module_one, module_two

NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_identifiers_are_stable_ncnames_and_unique(version: str) -> None:
    first = plan_module(framework(), module_one(), lang="en", scorm_version=version)
    again = plan_module(framework(), module_one(), lang="en", scorm_version=version)
    assert first == again
    ids = [
        first.identifier,
        first.organization_id,
        first.common_resource_id,
        *(s.item_id for s in first.scos),
        *(s.resource_id for s in first.scos),
    ]
    assert all(NCNAME.match(i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert first.identifier == "MANIFEST-m01-foundations-en-1.2.0"


def test_objective_and_interaction_ids_follow_the_shared_helpers() -> None:
    fw = framework()
    p12 = plan_module(fw, module_one(), lang="en", scorm_version="1.2").scos[0]
    p04 = plan_module(fw, module_one(), lang="en", scorm_version="2004").scos[0]
    assert [o.id for o in p04.objectives] == ["urn:cmncp:standard:cswb:D1.1", "urn:cmncp:standard:cswb:D1.2"]
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{1,255}", o.id) for o in p12.objectives)
    assert dict(p12.interaction_ids)["q1-choice"] == "q1-choice"
    assert dict(p04.interaction_ids)["q1-choice"] == "urn:cmncp:module:m01-foundations:item:q1-choice"


def test_assets_are_chosen_by_language() -> None:
    sco = plan_module(framework(), module_one(), lang="fr").scos[0]
    assert [a.target for a in sco.assets] == ["assets/cycle.fr.svg"]


def test_unknown_version_and_language_are_rejected() -> None:
    with pytest.raises(ValueError, match="unsupported SCORM version"):
        plan_module(framework(), module_one(), lang="en", scorm_version="2004.4")
    with pytest.raises(ValueError, match="no language"):
        plan_module(framework(), module_one(), lang="iu")


def test_filename_has_no_timestamp() -> None:
    assert (
        package_filename("m01-foundations", "1.2.0+build.5", "en", "1.2")
        == "m01-foundations-1.2.0_build.5-en-scorm12.zip"
    )


def test_curriculum_gates_on_modules_assessing_prerequisites() -> None:
    plan = plan_curriculum(framework(), [module_one(), module_two()], path_id="core", title="Core", lang="en")
    assert [s.prerequisites for s in plan.scos] == [(), ("m01-foundations",)]
    assert [s.href for s in plan.scos] == ["m01-foundations/index.html", "m02-audit/index.html"]
    assert plan.scorm_version == "2004" and plan.sequencing and plan.root_item_id == "ITEM-core"


def test_curriculum_puts_prerequisites_first() -> None:
    plan = plan_curriculum(framework(), [module_two(), module_one()], path_id="core", title="Core", lang="en")
    assert [s.module_id for s in plan.scos] == ["m01-foundations", "m02-audit"]
    assert plan.scos[1].prerequisites == ("m01-foundations",)


@settings(max_examples=50, deadline=None)
@given(
    module_id=st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,6}){0,3}", fullmatch=True),
    version=st.from_regex(
        r"(0|[1-9][0-9]{0,2})\.(0|[1-9][0-9]?)\.(0|[1-9][0-9]?)(-rc\.[0-9])?(\+b[0-9]{1,3})?", fullmatch=True
    ),
)
def test_identifiers_are_ncnames_for_any_module_id_and_version(module_id: str, version: str) -> None:
    module = evolve(module_one(), id=module_id, version=version)
    for scorm_version in ("1.2", "2004"):
        plan = plan_module(framework(), module, lang="fr", scorm_version=scorm_version)
        ids = [
            plan.identifier,
            plan.organization_id,
            plan.common_resource_id,
            plan.scos[0].item_id,
            plan.scos[0].resource_id,
        ]
        assert all(NCNAME.match(i) for i in ids) and len(set(ids)) == len(ids)
        assert re.fullmatch(r"[A-Za-z0-9_.-]+\.zip", plan.filename)
