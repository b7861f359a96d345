"""Export jobs written in two steps (``competency.plugins.write_jobs``) and ``dist/`` builds."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from competency.diagnostics import Diagnostic, LoadError, Origin
from competency.dist import STATE_FILE, build_dist, planned_jobs
from competency.plugins import ExportJob, JobFailed, Writer, load_exporters, write_jobs
from competency.validation import load_catalogue

TOY = Path(__file__).parent / "fixtures" / "toy"


def text_job(name: str, body: str, log: list[str] | None = None, *, digest: str = "d1") -> ExportJob:
    """A job whose file is ``body``; records which thread prepared and which wrote it."""

    def prepare() -> Writer:
        if log is not None:
            log.append(f"prepare {name} on {threading.current_thread().name}")
        if body == "bad":
            raise LoadError([Diagnostic.at(Origin(f"{name}.src", 3, 1), "CMP999", "bad input")])

        def write(out_dir: Path) -> Path:
            if log is not None:
                log.append(f"write {name} on {threading.current_thread().name}")
            target = out_dir / name
            target.write_text(body, "utf-8")
            return target

        return write

    return ExportJob(filename=name, digest=digest, prepare=prepare)


def test_jobs_are_yielded_in_order_prepared_here_and_written_on_the_writer_thread(tmp_path: Path) -> None:
    log: list[str] = []
    jobs = [text_job(f"f{n}.txt", f"body {n}", log) for n in range(10)]
    results = list(write_jobs(jobs, tmp_path, ahead=2))
    assert [(job.filename, path.name) for job, path in results] == [(f"f{n}.txt", f"f{n}.txt") for n in range(10)]
    assert [(tmp_path / f"f{n}.txt").read_text("utf-8") for n in range(10)] == [f"body {n}" for n in range(10)]
    here = threading.current_thread().name
    assert all(line.endswith(here) for line in log if line.startswith("prepare"))
    assert all("export-writer" in line for line in log if line.startswith("write"))


def test_a_job_that_fails_to_prepare_is_named_and_nothing_after_it_is_written(tmp_path: Path) -> None:
    jobs = [text_job("a.txt", "a"), text_job("b.txt", "bad"), text_job("c.txt", "c")]
    with pytest.raises(JobFailed) as caught:
        list(write_jobs(jobs, tmp_path))
    assert caught.value.job.filename == "b.txt"
    assert [(d.code, d.file, d.line) for d in caught.value.diagnostics] == [("CMP999", "b.txt.src", 3)]
    # The write under way finished (whole, never half); nothing after the failure was started.
    assert (tmp_path / "a.txt").read_text("utf-8") == "a"
    assert not (tmp_path / "c.txt").exists()


def test_one_step_write_is_the_same_as_prepare_then_write(tmp_path: Path) -> None:
    job = text_job("x.txt", "x")
    assert job.write(tmp_path) == tmp_path / "x.txt"
    assert (tmp_path / "x.txt").read_text("utf-8") == "x"


def test_build_dist_skips_unchanged_rebuilds_changed_and_reports_in_job_order(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    done: list[str] = []
    first = build_dist(
        [("t", text_job("a.txt", "a")), ("t", text_job("b.txt", "bb"))], out, on_done=lambda j: done.append(j.filename)
    )
    assert [(f.filename, f.written, f.size) for f in first] == [("a.txt", True, 1), ("b.txt", True, 2)]
    assert done == ["a.txt", "b.txt"]
    # b's inputs changed (new digest); a's did not.
    done.clear()
    second = build_dist(
        [("t", text_job("a.txt", "a")), ("u", text_job("b.txt", "bbb", digest="d2"))],
        out,
        on_done=lambda j: done.append(j.filename),
    )
    assert [(f.filename, f.target, f.written, f.size) for f in second] == [
        ("a.txt", "t", False, 1),
        ("b.txt", "u", True, 3),
    ]
    assert sorted(done) == ["a.txt", "b.txt"]
    forced = build_dist([("t", text_job("a.txt", "a"))], out, force=True)
    assert forced[0].written
    assert sorted(p.name for p in out.iterdir()) == [STATE_FILE, "a.txt", "b.txt"]  # no staging folder left


def test_a_failed_build_leaves_the_previous_dist_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build_dist([("t", text_job("a.txt", "a")), ("t", text_job("b.txt", "b"))], out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(JobFailed):
        build_dist([("t", text_job("a.txt", "new a", digest="d2")), ("t", text_job("b.txt", "bad", digest="d2"))], out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_jobs_are_written_taking_turns_between_targets_and_reported_in_planned_order(tmp_path: Path) -> None:
    # A module's first package renders its lessons and the next target's reuses them: taking turns
    # keeps preparing and writing about even.
    done: list[str] = []
    jobs = [(target, text_job(f"{m}-{target}.txt", m)) for target in ("1.2", "2004") for m in ("m1", "m2", "m3")]
    built = build_dist(jobs, tmp_path / "dist", on_done=lambda j: done.append(j.filename))
    assert done == ["m1-1.2.txt", "m1-2004.txt", "m2-1.2.txt", "m2-2004.txt", "m3-1.2.txt", "m3-2004.txt"]
    assert [b.filename for b in built] == [job.filename for _, job in jobs]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the writer process forks (Linux only)")
def test_competency_build_with_its_writer_process_writes_the_bytes_the_writer_thread_writes(tmp_path: Path) -> None:
    standards, modules = TOY / "standards", TOY / "modules"
    # The command forks its writer (a fresh interpreter has one thread); this process writes on a thread.
    done = subprocess.run(
        [sys.executable, "-m", "competency", "build", "--standards", str(standards), "--modules", str(modules),
         "--scorm", "1.2,2004", "--out", str(tmp_path / "forked")],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    exporters = load_exporters()
    chosen = {"1.2": exporters["scorm12"], "2004": exporters["scorm2004"]}
    catalogue = load_catalogue(standards, modules)
    jobs = planned_jobs(catalogue, chosen, languages=catalogue.framework.languages, options={})
    build_dist(jobs, tmp_path / "threaded")
    forked = {p.name: p.read_bytes() for p in (tmp_path / "forked").glob("*.zip")}
    threaded = {p.name: p.read_bytes() for p in (tmp_path / "threaded").glob("*.zip")}
    assert len(forked) == len(jobs) > 2
    assert forked == threaded
