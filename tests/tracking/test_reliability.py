"""Reliability: kill -9 mid-file, concurrent overlapping ingests, hostile input.

Each runs the real command in separate processes against both databases.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from competency.tracking import Ledger
from competency.tracking.tables import batches, evidence

from .conftest import FIXTURES
from .test_ingest_xapi import statement

SRC = str(Path(__file__).resolve().parents[2] / "src")
RUN = ("import sys, competency.cli.track; from competency.cli.main import main; "
       "sys.exit(main(sys.argv[1:]))")
CAT = ["--standards", str(FIXTURES / "standards"), "--modules", str(FIXTURES / "modules")]


def command(*args: str) -> list[str]:
    return [sys.executable, "-c", RUN, "track", "ingest", *args, *CAT]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}


def write(path: Path, numbers: range, **extra: Any) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for n in numbers:
            out.write(json.dumps(statement(n, learner=f"s{n % 97}", **extra)) + "\n")
    return path


def count(url: str) -> int:
    ledger = Ledger.open(url)
    try:
        return ledger.count()
    finally:
        ledger.close()


def test_kill_9_mid_file_then_rerun(db_url: str, tmp_path: Path) -> None:
    total = 30_000
    path = write(tmp_path / "big.jsonl", range(total))
    count(db_url)  # create the schema so the poll below can read while the child writes
    child = subprocess.Popen(command(str(path), "--db", db_url, "--batch-size", "50"), env=env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while count(db_url) < 500 and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.05)
    assert child.poll() is None, "the ingest finished before it could be killed; raise the total"
    child.send_signal(signal.SIGKILL)
    child.wait()
    partial = count(db_url)
    assert 0 < partial < total
    ledger = Ledger.open(db_url)
    try:
        with ledger.engine.connect() as conn:  # every committed batch is whole
            sizes = conn.execute(select(batches.c.first_record, batches.c.last_record,
                                        select(func.count()).where(evidence.c.batch_id == batches.c.id)
                                        .scalar_subquery())).all()
        assert sizes and all(n == last - first + 1 for first, last, n in sizes)
        assert sum(n for _, _, n in sizes) == partial
    finally:
        ledger.close()
    rerun = subprocess.run(command(str(path), "--db", db_url, "--json"), env=env(), capture_output=True,
                           text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    result = json.loads(rerun.stdout)
    assert (result["accepted"], result["duplicates"]) == (total - partial, partial)
    assert count(db_url) == total


def test_concurrent_overlapping_ingests(db_url: str, tmp_path: Path) -> None:
    first = write(tmp_path / "a.jsonl", range(0, 6000))
    second = write(tmp_path / "b.jsonl", range(3000, 9000))
    count(db_url)
    children = [subprocess.Popen(command(str(p), "--db", db_url, "--json", "--batch-size", "200"),
                                 env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for p in (first, second)]
    outputs = [child.communicate(timeout=600) for child in children]
    assert [c.returncode for c in children] == [0, 0], [err for _, err in outputs]
    results = [json.loads(out) for out, _ in outputs]
    assert sum(r["accepted"] for r in results) == 9000
    assert sum(r["duplicates"] for r in results) == 3000
    assert count(db_url) == 9000


def test_concurrent_conflicting_ingests(db_url: str, tmp_path: Path) -> None:
    # The files share 3,000 statement ids with other content: each key is stored once, by
    # whichever writer gets there first, and the other rejects that record as a conflict.
    first = write(tmp_path / "a.jsonl", range(0, 6000))
    second = write(tmp_path / "b.jsonl", range(3000, 9000), result={"score": {"scaled": 0.2}, "success": False})
    count(db_url)
    children = [subprocess.Popen(command(str(p), "--db", db_url, "--json", "--batch-size", "200"),
                                 env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for p in (first, second)]
    outputs = [child.communicate(timeout=600) for child in children]
    results = [json.loads(out) for out, _ in outputs]
    assert [c.returncode for c in children] == [1 if r["rejected"] else 0 for r in results], outputs
    assert sum(r["accepted"] for r in results) == 9000
    assert (sum(r["rejected"] for r in results), sum(r["duplicates"] for r in results)) == (3000, 0)
    assert all("already recorded with different content" in j["message"] for r in results for j in r["rejects"])
    assert count(db_url) == 9000


def test_hostile_input_is_rejected_cleanly(db_url: str, tmp_path: Path) -> None:
    lines = [
        json.dumps(statement(1)),
        json.dumps(statement(2, result={"response": "x" * 3_000_000})),  # longer than a record may be
        json.dumps(statement(3, result={"success": "yes"})),
        json.dumps(statement(4, actor={"account": {"homePage": "h", "name": 42}})),
        json.dumps(statement(5, timestamp="yesterday")),
        "\x00\x01 binary garbage",
        json.dumps(statement(6, object={"objectType": "Agent", "id": "x"})),
        json.dumps(statement(7)),
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    array = tmp_path / "hostile.json"
    array.write_text('[{"id": 1}, {"actor": ', "utf-8")
    binary = tmp_path / "bytes.jsonl"
    binary.write_bytes(b"\xff\xfe\xfa{}\n" + json.dumps(statement(8)).encode() + b"\n")
    done = subprocess.run(command(str(path), str(array), str(binary), "--db", db_url, "--json"), env=env(),
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    result = json.loads(done.stdout)
    assert (result["accepted"], result["rejected"]) == (3, 9)
    by_line = {(Path(r["file"]).name, r["line"]): r["message"] for r in result["rejects"]}
    assert "longer than" in by_line[("hostile.jsonl", 2)]
    assert "expected true or false" in by_line[("hostile.jsonl", 3)]
    assert "expected a string" in by_line[("hostile.jsonl", 4)]
    assert "not an ISO 8601" in by_line[("hostile.jsonl", 5)]
    assert "malformed JSON" in by_line[("hostile.jsonl", 6)]
    assert "not an Activity" in by_line[("hostile.jsonl", 7)]
    assert "not UTF-8" in by_line[("bytes.jsonl", 1)]
