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
