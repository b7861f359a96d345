"""Exporter plugins, found through the ``competency.exporters`` entry-point group.

The engine never imports an exporter: SCORM packages (and any future format)
register a factory under the group, and ``competency build`` loads every one
with :func:`load_exporters`. An exporter splits its work into
:class:`ExportJob` s, one per output file, each with a digest of its inputs so
the build can skip files whose inputs did not change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol, runtime_checkable

from attrs import frozen

from competency.model import Catalogue

__all__ = ["ENTRY_POINT_GROUP", "ExportJob", "ExportReport", "Exporter", "load_exporters"]

ENTRY_POINT_GROUP = "competency.exporters"


@frozen(kw_only=True)
class ExportJob:
    """One output file: its name, a digest of everything it is made from, and how to write it."""

    filename: str
    digest: str
    write: Callable[[Path], Path]  # writes into the given folder, returns the file written


@frozen(kw_only=True)
class ExportReport:
    """What an export wrote and what it left alone because nothing changed."""

    written: tuple[Path, ...] = ()
    skipped: tuple[Path, ...] = ()


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
