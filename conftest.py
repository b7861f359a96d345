"""Doctest namespace: a three-competency toy standard shared by the examples."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

TOY = Path(__file__).parent / "tests" / "fixtures" / "toy"


@pytest.fixture(autouse=True)
def _toy_namespace(doctest_namespace: dict[str, Any]) -> None:
    from competency.graph import build_graph
    from competency.validation import load_catalogue

    catalogue = load_catalogue(TOY / "standards", TOY / "modules")
    doctest_namespace.update(
        nx=nx,
        toy_catalogue=catalogue,
        toy_framework=catalogue.framework,
        toy_graph=build_graph(catalogue.framework),
        toy_standards_dir=TOY / "standards",
        toy_modules_dir=TOY / "modules",
    )
