"""``competency track``: exit codes, text and JSON output, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import competency.cli.track  # noqa: F401  (registers the group until main imports it)
from competency.cli.main import main
from competency.model import module_iri

from .conftest import FIXTURES
from .test_ingest_xapi import statement

CAT = ["--standards", str(FIXTURES / "standards"), "--modules", str(FIXTURES / "modules")]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def statements(tmp_path: Path) -> Path:
    records = [statement(1, learner="s1", obj=module_iri("t01-basics")),
               statement(2, learner="s2", obj=module_iri("t01-basics"),
                         result={"score": {"scaled": 0.3}, "success": False})]
    path = tmp_path / "s.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def test_ingest_then_progress_report_path(capsys: pytest.CaptureFixture[str], db_url: str,
                                          statements: Path, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "track", "ingest", str(statements), "--db", db_url, *CAT)
    assert code == 0 and out.strip() == "accepted 2, duplicates 0, rejected 0, voids 0"
    code, out, _ = run(capsys, "track", "ingest", str(statements), "--db", db_url, "--json", *CAT)
    assert code == 0 and json.loads(out)["duplicates"] == 2
    code, out, _ = run(capsys, "track", "progress", "s1", "--db", db_url, "--json", *CAT)
    assert code == 0 and json.loads(out)["eligible_modules"] == ["t02-practice"]
    code, out, _ = run(capsys, "track", "progress", "s1", "--db", db_url, "--model", "bkt", *CAT)
    assert code == 0 and "eligible next" in out
    cohort = tmp_path / "cohort.txt"
    cohort.write_text("# pilot group\ns2\n", "utf-8")
    code, out, _ = run(capsys, "track", "report", "--cohort", str(cohort), "--db", db_url, "--json", *CAT)
    first = json.loads(out)["competencies"][0]
    assert code == 0 and (first["competency"], first["learners"], first["proficient"]) == ("T1.1", 1, 0)
    code, out, _ = run(capsys, "track", "report", "--db", db_url, *CAT)
    assert code == 0 and "T1.1" in out
    code, out, _ = run(capsys, "track", "path", "s1", "--profile", "coordinator", "--db", db_url, *CAT)
    assert code == 0 and out.startswith("t02-practice") and "total 20 minutes" in out
    code, out, _ = run(capsys, "track", "explain", "s1", "T1.2", "--db", db_url, *CAT)
    assert code == 0 and "proficient" in out and "00000000-0000-4000-8000-000000000001" in out


def test_rejects_exit_1(capsys: pytest.CaptureFixture[str], db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(statement(1)) + "\n{oops\n", "utf-8")
    code, out, err = run(capsys, "track", "ingest", str(path), "--db", db_url, *CAT)
    assert code == 1 and "accepted 1, duplicates 0, rejected 1" in out
    assert f"{path}:2: record 2: malformed JSON" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], db_url: str, statements: Path,
                             tmp_path: Path) -> None:
    assert run(capsys, "track", "ingest", str(tmp_path / "missing.json"), "--db", db_url, *CAT)[0] == 2
    assert run(capsys, "track", "ingest", str(statements), "--db", "mysql://x@y/z", *CAT)[0] == 2
    assert run(capsys, "track", "progress", "s1", "--db", str(tmp_path / "none.db"), *CAT)[0] == 2
    run(capsys, "track", "ingest", str(statements), "--db", db_url, *CAT)
    code, _, err = run(capsys, "track", "path", "s1", "--profile", "astronaut", "--db", db_url, *CAT)
    assert code == 2 and "astronaut" in err
    assert run(capsys, "track", "explain", "s1", "X9.9", "--db", db_url, *CAT)[0] == 2


def test_unreachable_database_exit_3(capsys: pytest.CaptureFixture[str], statements: Path) -> None:
    code, _, err = run(capsys, "track", "ingest", str(statements), "--db",
                       "postgresql://nobody@127.0.0.1:1/none", *CAT)
    assert code == 3 and "cannot open the ledger" in err
