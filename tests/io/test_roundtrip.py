"""Loading a dumped model gives the same model."""

from __future__ import annotations

import tempfile
from pathlib import Path

from conftest import TOY
from hypothesis import given, settings

from competency.io import dump_bundle
from competency.model import Framework
from competency.validation import load_catalogue, validate
from tests.strategies import frameworks


@settings(max_examples=40, deadline=None)
@given(frameworks())
def test_bundle_round_trip(framework: Framework) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bundle.json"
        dump_bundle(framework, path)
        result = validate(path)
        assert [d.format() for d in result.errors] == []
        assert result.catalogue is not None
        assert result.catalogue.framework == framework


def test_authored_toy_round_trips_through_a_bundle(tmp_path: Path) -> None:
    framework = load_catalogue(TOY / "standards").framework
    dump_bundle(framework, tmp_path / "toy.json")
    assert load_catalogue(tmp_path / "toy.json").framework == framework


def test_schema_invalid_bundle_is_reported_not_a_traceback(tmp_path: Path) -> None:
    import json

    from competency.io import framework_to_bundle

    bundle = framework_to_bundle(load_catalogue(TOY / "standards").framework)
    del bundle["domains"][0]["competencies"][1]["code"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bundle), "utf-8")
    result = validate(path)
    assert result.catalogue is None
    assert [(d.code, d.path) for d in result.errors] == [("CMP201", "$.domains[0].competencies[1]")]
