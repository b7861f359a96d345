"""Scenarios for ``tests/test_writer_process.py``, each run in a fresh interpreter.

``python -m tests.writer_scenarios NAME DIR`` runs one and prints what happened
as JSON. A fresh interpreter, because the writer forks only while its process
runs a single thread, and pytest's process serves browser tests from threads.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from attrs import frozen

from competency.diagnostics import Diagnostic, LoadError, Origin
from competency.plugins import ExportJob, JobFailed, Writer, write_jobs
from competency.writer_process import WriterProcess, WriterProcessDied, writer_process

PARENT = os.getpid()  # the forked child inherits this value, so it can tell it is the child


@frozen
class PidWriter:
    """Writes ``name`` holding the pid that wrote it; picklable, so it may go to the child."""

    name: str
    child_delay: float = 0.0  # the child waits this long first (the parent never waits)
    child_fails: str = ""  # "disk": an OSError, as a full disk gives; "exit": the child dies

    def __call__(self, out_dir: Path) -> Path:
        if os.getpid() != PARENT:
            time.sleep(self.child_delay)
            if self.child_fails == "exit":
                os._exit(7)
            if self.child_fails == "disk":
                raise OSError(28, "No space left on device", str(out_dir / self.name))
        target = out_dir / self.name
        target.write_text(str(os.getpid()), "utf-8")
        return target


def job(name: str, writer: Writer | None = None, *, bad: bool = False) -> ExportJob:
    def prepare() -> Writer:
        if bad:
            raise LoadError([Diagnostic.at(Origin(f"{name}.src", 3, 1), "CMP999", "bad input")])
        return writer or PidWriter(name)

    return ExportJob(filename=name, digest="d", prepare=prepare)


def written_by(folder: Path) -> dict[str, str]:
    """Each file of ``folder``: ``parent`` or ``child``, by the pid it holds."""
    return {p.name: "parent" if p.read_text("utf-8") == str(PARENT) else "child" for p in sorted(folder.iterdir())}


def run_in_order(out: Path, process: WriterProcess) -> dict[str, Any]:
    jobs = [job(f"f{n:02d}", PidWriter(f"f{n:02d}", child_delay=0.05)) for n in range(12)]
    results = [(j.filename, path.name) for j, path in write_jobs(jobs, out, process=process)]
    return {"results": results, "written_by": written_by(out)}


def prepare_fails(out: Path, process: WriterProcess) -> dict[str, Any]:
    first, second = out / "first", out / "second"
    first.mkdir()
    second.mkdir()
    jobs = [job("a", PidWriter("a", child_delay=0.2)), job("b", PidWriter("b", child_delay=0.2)), job("x", bad=True)]
    jobs.append(job("c"))
    try:
        list(write_jobs(jobs, first, process=process))
        failed = None
    except JobFailed as exc:
        failed = {"job": exc.job.filename, "codes": [d.code for d in exc.diagnostics]}
    # Read at once: the child's files were finished before the error was raised, not after.
    on_failure = written_by(first)
    again = [path.name for _, path in write_jobs([job("d"), job("e")], second, process=process)]
    return {"failed": failed, "on_failure": on_failure, "again": again}


def write_fails(out: Path, process: WriterProcess) -> dict[str, Any]:
    jobs = [job("a"), job("b", PidWriter("b", child_fails="disk")), job("c")]
    try:
        list(write_jobs(jobs, out, process=process))
        error = None
    except OSError as exc:
        error = {"type": type(exc).__name__, "errno": exc.errno, "message": str(exc)}
    again = [path.name for _, path in write_jobs([job("d")], out, process=process)]
    return {"error": error, "again": again}


def closures(out: Path, process: WriterProcess) -> dict[str, Any]:
    def make(name: str) -> Writer:
        def write(out_dir: Path) -> Path:  # a closure does not pickle: the parent writes it
            target = out_dir / name
            target.write_text(str(os.getpid()), "utf-8")
            return target

        return write

    jobs = [job(name, make(name)) for name in ("a", "b", "c")]
    return {"results": [path.name for _, path in write_jobs(jobs, out, process=process)], "written_by": written_by(out)}


def child_dies(out: Path, process: WriterProcess) -> dict[str, Any]:
    jobs = [job("a", PidWriter("a", child_fails="exit")), job("b")]
    try:
        list(write_jobs(jobs, out, process=process))
        return {"error": None}
    except WriterProcessDied as exc:
        return {"error": str(exc), "closed": process.closed}


SCENARIOS = {
    "order": run_in_order,
    "prepare_fails": prepare_fails,
    "write_fails": write_fails,
    "closures": closures,
    "child_dies": child_dies,
}


def main(name: str, out: Path) -> dict[str, Any]:
    if name == "threads":
        stop = threading.Event()
        helper = threading.Thread(target=stop.wait)
        helper.start()
        try:
            with writer_process() as process:
                return {"process": process is not None}
        finally:
            stop.set()
            helper.join()
    with writer_process() as process:
        if process is None:
            return {"error": "no writer process on this machine"}
        report = SCENARIOS[name](out, process)
    report["children_left"] = len(multiprocessing.active_children())
    return report


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], Path(sys.argv[2]))))
