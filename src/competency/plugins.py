"""Exporter plugins, found through the ``competency.exporters`` entry-point group.

The engine never imports an exporter: SCORM packages (and any future format)
register a factory under the group, and ``competency build`` loads every one
with :func:`load_exporters`. An exporter splits its work into
:class:`ExportJob` s, one per output file, each with a digest of its inputs so
the build can skip files whose inputs did not change.

A job is made in two steps, so :func:`write_jobs` can overlap them: *prepare*
runs every check and builds the file's content in memory (this is where bad
input fails); the function it returns writes the file (compression and I/O,
no more checks). By default the writing happens on one background thread while
the next job is prepared on the caller's; zlib and file I/O release the GIL, so
part of each compression overlaps the next rendering (only part: the writer
waits for the GIL each time it comes back from zlib; ADR 0009). A program that
owns its process can pass a :class:`~competency.writer_process.WriterProcess`,
which overlaps fully (ADR 0010); ``competency build`` does.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from attrs import frozen

from competency.diagnostics import CompetencyError, Diagnostic
from competency.model import Catalogue

if TYPE_CHECKING:
    from competency.writer_process import WriterProcess

__all__ = [
    "ENTRY_POINT_GROUP",
    "ExportJob",
    "ExportReport",
    "Exporter",
    "JobFailed",
    "Writer",
    "load_exporters",
    "write_jobs",
]

ENTRY_POINT_GROUP = "competency.exporters"


#: Writes a prepared file into the given folder and returns its path.
Writer = Callable[[Path], Path]


@frozen(kw_only=True)
class ExportJob:
    """One output file: its name, a digest of everything it is made from, and how to make it.

    ``prepare()`` checks everything and builds the content in memory, raising a
    :class:`~competency.diagnostics.CompetencyError` whose ``diagnostics`` say
    what is wrong; the :data:`Writer` it returns only writes, and is safe to run
    on another thread.
    """

    filename: str
    digest: str
    prepare: Callable[[], Writer]

    def write(self, out_dir: Path) -> Path:
        """Prepare and write in one go, on this thread; returns the file written."""
        return self.prepare()(out_dir)


@frozen(kw_only=True)
class ExportReport:
    """What an export wrote and what it left alone because nothing changed."""

    written: tuple[Path, ...] = ()
    skipped: tuple[Path, ...] = ()


class JobFailed(CompetencyError):
    """An export job could not be prepared: ``job`` says which, ``diagnostics`` why."""

    def __init__(self, job: ExportJob, cause: CompetencyError) -> None:
        self.job = job
        self.diagnostics: tuple[Diagnostic, ...] = tuple(getattr(cause, "diagnostics", ()))
        super().__init__(f"{job.filename}: {cause}")


def _prepared(jobs: Iterable[ExportJob]) -> Iterator[tuple[ExportJob, Writer]]:
    for job in jobs:
        try:
            yield job, job.prepare()
        except CompetencyError as exc:
            raise JobFailed(job, exc) from exc


def write_jobs(
    jobs: Iterable[ExportJob], out_dir: Path, *, ahead: int = 4, process: WriterProcess | None = None
) -> Generator[tuple[ExportJob, Path], None, None]:
    """Write every job into ``out_dir``, yielding ``(job, path)`` in job order.

    Jobs are prepared on this thread while the ones before them are written on
    a background thread; at most ``ahead`` prepared jobs wait to be written, so
    a run of quick jobs keeps the writer busy without holding every package in
    memory. When a job fails to prepare, the writes under way are finished,
    nothing more is written and :class:`JobFailed` is raised; a write that
    fails (a full disk) raises its own error.

    Given a running :class:`~competency.writer_process.WriterProcess`, the files
    are written by that child process instead (and on this thread whenever the
    child is behind), which overlaps fully where the thread overlaps in part.
    Programs that own their process start one early, as ``competency build``
    does; a library call never starts processes by itself.
    """
    if process is not None:
        from competency.writer_process import write_in_child

        yield from write_in_child(_prepared(jobs), out_dir, process)
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="export-writer") as writer:
        pending: deque[tuple[ExportJob, Future[Path]]] = deque()
        for job, write in _prepared(jobs):
            pending.append((job, writer.submit(write, out_dir)))
            while len(pending) > ahead or (pending and pending[0][1].done()):
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()


@runtime_checkable
class Exporter(Protocol):
    """A packager of a catalogue (``scorm12``, ``scorm2004``, ``scorm2004-curriculum``)."""

    name: str
    description: str

    def jobs(
        self, catalogue: Catalogue, *, languages: Sequence[str], options: Mapping[str, object]
    ) -> Sequence[ExportJob]:
        """The files this exporter would write for ``catalogue`` in ``languages``."""
        ...

    def export(
        self, catalogue: Catalogue, out_dir: Path, *, languages: Sequence[str], options: Mapping[str, object]
    ) -> ExportReport:
        """Write every file into ``out_dir``."""
        ...


def load_exporters() -> dict[str, Exporter]:
    """Every installed exporter by name; a broken plugin raises ``ImportError`` naming it."""
    found: dict[str, Exporter] = {}
    for entry in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            factory = entry.load()
        except Exception as exc:
            raise ImportError(f"exporter plugin {entry.name!r} failed to load: {exc}") from exc
        exporter = factory() if isinstance(factory, type) else factory
        found[entry.name] = exporter
    return found
