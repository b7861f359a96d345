"""The SCORM exporters as ``competency.exporters`` plugins.

Each module and language becomes one job (one zip); its digest covers the
module model, the framework's competencies, the lesson and asset bytes and
every file of this package (code, templates, runtime), so ``competency build``
rewrites a package only when something it is made from changed.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from functools import partial
from importlib import resources
from pathlib import Path

from competency.model import Catalogue, Framework, Module
from competency.plugins import ExportJob, ExportReport, Writer, write_jobs
from scorm_export.build import prepare_package
from scorm_export.manifest.namespaces import CONTROL_FILES
from scorm_export.plan import PackagePlan, plan_curriculum, plan_module

__all__ = ["CurriculumExporter", "Scorm12Exporter", "Scorm2004Exporter", "digest"]

FORMAT_VERSION = "1"  # bump when the package layout changes, so every package is rebuilt


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"<missing>"  # the export itself reports it


def digest(plan: PackagePlan, framework: Framework, control_dir: Path | None) -> str:
    """A sha256 over everything the package is made from."""
    h = hashlib.sha256()
    h.update(f"{FORMAT_VERSION}|{plan!r}|{framework.uri}|{framework.version}|{control_dir}".encode())
    for sco in plan.scos:
        module = sco.module
        h.update(_described(_Same(module)))
        h.update(repr([framework.competency(o.code) for o in sco.objectives]).encode())
        for lesson in module.lessons:
            h.update(_bytes(Path(module.path) / (lesson.file(plan.lang) or "")))
        for asset in sco.assets:
            h.update(_bytes(Path(module.path) / asset.source))
    h.update(_runtime_digest())
    return h.hexdigest()


class _Same:
    """A cache key that is the object itself, not its value (hashing a module's value costs as much as its repr)."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.value is self.value


@functools.lru_cache(maxsize=1024)
def _described(same: _Same) -> bytes:
    """``repr`` of a frozen model object, once per object: each module is in up to four packages' digests."""
    return repr(same.value).encode()


@functools.cache
def _runtime_digest() -> bytes:
    """Every file of this package (code, templates, runtime), hashed once per process.

    A package made by other exporter code is not the same package, even when
    its inputs are: a new version (or an edited checkout) rebuilds everything.
    """
    h = hashlib.sha256()
    pending = [("", resources.files("scorm_export"))]
    while pending:
        prefix, folder = pending.pop()
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            name = f"{prefix}{entry.name}"
            if entry.is_dir():
                if entry.name != "__pycache__":
                    pending.append((f"{name}/", entry))
            elif not entry.name.endswith((".pyc", ".pyo")):
                h.update(f"{name}\0".encode())
                h.update(entry.read_bytes())
    return h.digest()


def _control(options: Mapping[str, object]) -> Path | None:
    value = options.get("control_files")
    return Path(str(value)) if value else None


def _schemas(options: Mapping[str, object]) -> Path | None:
    value = options.get("schemas")
    return Path(str(value)) if value else None


class _ModuleExporter:
    version = "1.2"
    name = "scorm12"
    description = "SCORM 1.2, one SCO per module and language (the safest in every LMS)"

    def jobs(self, catalogue: Catalogue, *, languages: Sequence[str], options: Mapping[str, object]) -> list[ExportJob]:
        found = []
        for module in catalogue.modules:
            for lang in languages:
                if lang not in module.languages:
                    continue
                found.append(self._job(catalogue.framework, module, lang, options))
        return found

    def _job(self, framework: Framework, module: Module, lang: str, options: Mapping[str, object]) -> ExportJob:
        control_dir = _control(options)
        control = CONTROL_FILES[self.version] if control_dir is not None else ()
        interactions = options.get("interactions", True) is not False
        plan = plan_module(
            framework, module, lang=lang, scorm_version=self.version, control_files=control, interactions=interactions
        )
        prepare = partial(_prepare, plan, framework, control_dir, _schemas(options))
        return ExportJob(filename=plan.filename, digest=digest(plan, framework, control_dir), prepare=prepare)

    def export(
        self, catalogue: Catalogue, out_dir: Path, *, languages: Sequence[str], options: Mapping[str, object]
    ) -> ExportReport:
        jobs = self.jobs(catalogue, languages=languages, options=options)
        return ExportReport(written=tuple(path for _, path in write_jobs(jobs, out_dir)))


def _prepare(plan: PackagePlan, framework: Framework, control_dir: Path | None, schemas: Path | None) -> Writer:
    return prepare_package(plan, framework, control_dir=control_dir, schemas=schemas).write


class Scorm12Exporter(_ModuleExporter):
    """SCORM 1.2 packages (the default)."""


class Scorm2004Exporter(_ModuleExporter):
    """SCORM 2004 4th Edition packages."""

    version = "2004"
    name = "scorm2004"
    description = "SCORM 2004 4th Edition, one SCO per module and language"


class CurriculumExporter:
    """One SCORM 2004 package holding every module, gated by the prerequisite graph (opt-in)."""

    name = "scorm2004-curriculum"
    description = "SCORM 2004 curriculum: all modules as SCOs with sequencing (SCORM Cloud, Rustici-based LMSs)"

    def jobs(self, catalogue: Catalogue, *, languages: Sequence[str], options: Mapping[str, object]) -> list[ExportJob]:
        control_dir = _control(options)
        path_id = str(options.get("path_id") or catalogue.framework.id)
        found = []
        for lang in languages:
            modules = [m for m in catalogue.modules if lang in m.languages]
            if not modules:
                continue
            plan = plan_curriculum(
                catalogue.framework,
                modules,
                path_id=path_id,
                title=catalogue.framework.title.best(lang),
                lang=lang,
                version=catalogue.framework.version,
                control_files=CONTROL_FILES["2004"] if control_dir is not None else (),
            )
            found.append(
                ExportJob(
                    filename=plan.filename,
                    digest=digest(plan, catalogue.framework, control_dir),
                    prepare=partial(_prepare, plan, catalogue.framework, control_dir, _schemas(options)),
                )
            )
        return found

    def export(
        self, catalogue: Catalogue, out_dir: Path, *, languages: Sequence[str], options: Mapping[str, object]
    ) -> ExportReport:
        jobs = self.jobs(catalogue, languages=languages, options=options)
        return ExportReport(written=tuple(path for _, path in write_jobs(jobs, out_dir)))
