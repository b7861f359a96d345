"""Building ``dist/``: every exporter's files, all or nothing, skipping what did not change.

Files are written into a staging folder inside the output folder and moved
into place only when every one succeeded, so a failed build leaves the
previous ``dist/`` as it was. A file whose inputs did not change (the digest
recorded in ``dist/.build-state.json`` is the job's) is not rebuilt.
``competency build`` is this function with a progress bar and a table.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping, Sequence
from contextlib import closing
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from attrs import frozen

from competency.model import Catalogue
from competency.plugins import Exporter, ExportJob, write_jobs

if TYPE_CHECKING:
    from competency.writer_process import WriterProcess

__all__ = ["STATE_FILE", "BuiltFile", "build_dist", "planned_jobs"]

T = TypeVar("T")

STATE_FILE = ".build-state.json"


@frozen
class BuiltFile:
    """One file of a build: the target it is for, whether it was written (or unchanged), its size."""

    filename: str
    target: str
    written: bool
    size: int


def _state(out: Path) -> dict[str, str]:
    try:
        data = json.loads((out / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def planned_jobs(
    catalogue: Catalogue,
    exporters: Mapping[str, Exporter],
    *,
    languages: Sequence[str],
    options: Mapping[str, object],
) -> list[tuple[str, ExportJob]]:
    """Every job of every exporter (target -> exporter, in that order), with its target.

    A target is the caller's name for an exporter (``competency build`` says ``1.2``
    for ``scorm12``).
    """
    return [
        (target, job)
        for target, exporter in exporters.items()
        for job in exporter.jobs(catalogue, languages=languages, options=options)
    ]


def _interleaved(jobs: Sequence[tuple[str, T]]) -> list[T]:
    """The jobs taken in turn from each target, for writing.

    A module's package for one target renders its lessons and the next
    target's reuses them, so alternating keeps preparation (on this thread) and
    compression (behind it) about even instead of one waiting on the other for
    half the build.

    >>> _interleaved([("1.2", "m1-12"), ("1.2", "m2-12"), ("2004", "m1-2004"), ("2004", "m2-2004"), ("cur", "c")])
    ['m1-12', 'm1-2004', 'c', 'm2-12', 'm2-2004']
    """
    by_target: dict[str, list[T]] = {}
    for target, job in jobs:
        by_target.setdefault(target, []).append(job)
    return [job for turn in zip_longest(*by_target.values()) for job in turn if job is not None]


def build_dist(
    jobs: Sequence[tuple[str, ExportJob]],
    out: Path,
    *,
    force: bool = False,
    on_done: Callable[[ExportJob], None] | None = None,
    process: WriterProcess | None = None,
) -> list[BuiltFile]:
    """Write ``jobs`` (from :func:`planned_jobs`) into ``out``; returns one record per job, in order.

    Parameters
    ----------
    force
        Rebuild files whose inputs did not change too.
    on_done
        Called once per job, when it is found unchanged or once its file is
        written (a progress bar's hook).
    process
        A writer child process to write with (see
        :func:`competency.writer_process.writer_process`); a thread otherwise.

    Raises
    ------
    competency.plugins.JobFailed
        When a job's input is bad; ``out`` is left as it was.
    """
    out.mkdir(parents=True, exist_ok=True)
    previous = _state(out)
    state = dict(previous)
    unchanged = {
        job.filename
        for _, job in jobs
        if not force and previous.get(job.filename) == job.digest and (out / job.filename).exists()
    }
    for _, job in jobs:
        if job.filename in unchanged and on_done is not None:
            on_done(job)
    sizes: dict[str, int] = {}
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        to_write = (job for job in _interleaved(jobs) if job.filename not in unchanged)
        # Closed before the staging folder is removed, even when on_done raises: no write still under way.
        with closing(write_jobs(to_write, staging, process=process)) as written:
            for job, path in written:
                sizes[job.filename] = path.stat().st_size
                state[job.filename] = job.digest
                if on_done is not None:
                    on_done(job)
        for name in sorted(p.name for p in staging.iterdir()):
            os.replace(staging / name, out / name)
        tmp_state = staging / STATE_FILE
        tmp_state.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n", "utf-8")
        os.replace(tmp_state, out / STATE_FILE)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [
        BuiltFile(
            filename=job.filename,
            target=target,
            written=job.filename not in unchanged,
            size=sizes[job.filename] if job.filename in sizes else (out / job.filename).stat().st_size,
        )
        for target, job in jobs
    ]
