"""The forked writer of ``competency build`` (``competency.writer_process``).

Each scenario runs in a fresh interpreter (``tests/writer_scenarios.py``): the
writer forks only while its process has one thread, and this one may not.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the writer process forks (Linux only)")


def scenario(name: str, out: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.writer_scenarios", name, str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def test_files_come_back_in_job_order_written_by_the_child_and_by_the_caller_when_it_is_behind(
    tmp_path: Path,
) -> None:
    report = scenario("order", tmp_path)
    names = [f"f{n:02d}" for n in range(12)]
    assert report["results"] == [[name, name] for name in names]
    writers = report["written_by"]
    assert sorted(writers) == names
    # The child sleeps before each write, so it is soon behind and the caller writes the rest itself.
    assert {writers[name] for name in names[:4]} == {"child"}
    assert "parent" in set(writers.values())
    assert report["children_left"] == 0


def test_a_job_that_fails_to_prepare_stops_the_build_after_the_childs_files_are_whole(tmp_path: Path) -> None:
    report = scenario("prepare_fails", tmp_path)
    assert report["failed"] == {"job": "x", "codes": ["CMP999"]}
    # a and b were with the (slow) child when x failed: both are complete, c was never started.
    assert report["on_failure"] == {"a": "child", "b": "child"}
    assert report["again"] == ["d", "e"]  # the same writer process serves the next call
    assert report["children_left"] == 0


def test_a_write_that_fails_in_the_child_raises_its_error_here(tmp_path: Path) -> None:
    report = scenario("write_fails", tmp_path)
    assert report["error"]["type"] == "OSError"
    assert report["error"]["errno"] == 28
    assert "No space left on device" in report["error"]["message"]
    assert report["again"] == ["d"]
    assert report["children_left"] == 0


def test_writers_that_do_not_pickle_are_written_by_the_caller(tmp_path: Path) -> None:
    report = scenario("closures", tmp_path)
    assert report["results"] == ["a", "b", "c"]
    assert report["written_by"] == {"a": "parent", "b": "parent", "c": "parent"}


def test_a_child_that_dies_is_reported_not_waited_for(tmp_path: Path) -> None:
    report = scenario("child_dies", tmp_path)
    assert report["error"] == "the export writer process ended (exit code 7)"
    assert report["closed"] is True
    assert report["children_left"] == 0


def test_no_fork_while_another_thread_runs(tmp_path: Path) -> None:
    assert scenario("threads", tmp_path) == {"process": False}
