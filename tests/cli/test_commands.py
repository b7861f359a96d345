"""The CLI end to end: the real console script on the toy fixture."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TOY

ARGS = ["--standards", str(TOY / "standards"), "--modules", str(TOY / "modules")]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "competency", *args], capture_output=True, text=True,
                          cwd=cwd, check=False)


def test_validate_json_has_the_documented_keys() -> None:
    result = run("validate", *ARGS, "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["errors"] == [] and payload["warnings"] == []
    assert payload["counts"] == {"domains": 1, "competencies": 3, "modules": 2, "items": 3, "languages": 2}


def test_validate_reports_errors_with_file_line_and_exit_1(tmp_path: Path) -> None:
    root = tmp_path / "toy"
    shutil.copytree(TOY, root)
    domain = root / "standards" / "domains" / "t1.yaml"
    domain.write_text(domain.read_text("utf-8").replace("sources: [toy-2020]", "sources: [toy-2021]"), "utf-8")
    text = run("validate", cwd=root)
    assert text.returncode == 1
    assert "standards/domains/t1.yaml:4:5: error CMP305:" in text.stderr
    assert "Traceback" not in text.stderr
    machine = json.loads(run("validate", "--json", cwd=root).stdout)
    (error,) = machine["errors"]
    assert (error["file"], error["line"], error["code"]) == ("standards/domains/t1.yaml", 4, "CMP305")
    assert set(error) >= {"file", "line", "column", "code", "message"}


def test_missing_folders_are_content_errors_not_tracebacks(tmp_path: Path) -> None:
    result = run("validate", "--standards", str(tmp_path / "nope"), "--modules", str(tmp_path / "nope2"))
    assert result.returncode == 1
    assert "CMP103" in result.stderr and "Traceback" not in result.stderr


def test_usage_errors_exit_2() -> None:
    assert run("path", *ARGS).returncode == 2  # neither --target nor --profile
    unknown = run("path", *ARGS, "--target", "Q1.1")
    assert unknown.returncode == 2 and "unknown competency 'Q1.1'" in unknown.stderr
    assert run("validate", "--no-such-option").returncode == 2


def test_graph_formats() -> None:
    text = run("graph", *ARGS)
    assert text.stdout.splitlines() == ["layer 1: T1.1", "layer 2: T1.2", "layer 3: T1.3"]
    dot = run("graph", *ARGS, "--format", "dot").stdout
    assert dot.startswith("digraph prerequisites {") and '"T1.1" -> "T1.2"' in dot
    data = json.loads(run("graph", *ARGS, "--format", "json").stdout)
    assert data["edges"] == [{"from": "T1.1", "to": "T1.2", "level": "foundational"},
                             {"from": "T1.2", "to": "T1.3", "level": "foundational"}]


def test_coverage_json_and_text() -> None:
    data = json.loads(run("coverage", *ARGS, "--json").stdout)
    assert data["has_gaps"] is False
    assert data["matrix"]["T1.1"] == {"t01-basics": {"teaches": "practitioner", "assesses": "practitioner"}}
    assert "no coverage gaps" in run("coverage", *ARGS).stdout


def test_coverage_exits_1_on_gaps(tmp_path: Path) -> None:
    root = tmp_path / "toy"
    shutil.copytree(TOY, root)
    module = root / "modules" / "t02-practice" / "module.yaml"
    module.write_text(module.read_text("utf-8").replace("role: [teaches, assesses]", "role: teaches"), "utf-8")
    (root / "modules" / "t02-practice" / "assessment.yaml").write_text(
        (root / "modules" / "t02-practice" / "assessment.yaml").read_text("utf-8"), "utf-8")
    result = run("coverage", "--json", cwd=root)
    # the t02 item now measures an unassessed competency: that is a validation error first
    assert result.returncode == 1


@pytest.mark.parametrize("have", ["nothing", "T1.1:leader"])
def test_path_profile(have: str) -> None:
    result = run("path", *ARGS, "--profile", "coordinator", "--have", have, "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert [m["id"] for m in plan["modules"]] == ["t01-basics", "t02-practice"]
    assert plan["total_minutes"] == 50 and plan["exact"] is True


def test_schemas_command_writes_every_schema(tmp_path: Path) -> None:
    result = run("schemas", "--out", str(tmp_path))
    assert result.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{k}.schema.json" for k in ("framework", "domain", "profile", "sources", "module", "items", "bundle", "common"))
