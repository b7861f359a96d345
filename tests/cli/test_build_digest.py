"""`competency build` skips unchanged packages, whatever the hash seed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

FIXTURE = Path(__file__).parents[1] / "fixtures" / "toy"


def test_unchanged_packages_are_skipped_across_processes(tmp_path: Path) -> None:
    # The content digest must not depend on the interpreter's hash seed
    # (it once hashed the repr of a frozenset, so most rebuilds rewrote everything).
    statuses = []
    for seed in ("1", "2", "3"):
        result = subprocess.run(
            [sys.executable, "-m", "competency", "build", "--standards", str(FIXTURE / "standards"),
             "--modules", str(FIXTURE / "modules"), "--out", str(tmp_path / "dist"), "--json"],
            capture_output=True, text=True, check=False, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        statuses.append({p["status"] for p in json.loads(result.stdout)["packages"]})
    assert statuses == [{"written"}, {"unchanged"}, {"unchanged"}]
