"""Assemble packages: plan -> pages and files -> manifest -> checks -> zip.

This is the only stage that reads files (lessons, assets, the runtime, and
control files when asked). Every check runs on the in-memory package before a
byte is written (:func:`prepare_package`), and the zip appears under its final
name only when complete (:meth:`PreparedPackage.write`). The two steps are
apart so a build can compress one package while it renders the next.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path

from attrs import frozen

from competency.diagnostics import Diagnostic
from competency.model import Framework, Module
from scorm_export.archive import write_zip
from scorm_export.errors import ExportError, error
from scorm_export.manifest import build_manifest
from scorm_export.manifest.namespaces import CONTROL_FILES
from scorm_export.pages import render_sco
from scorm_export.plan import STATIC_FILES, PackagePlan, plan_curriculum, plan_module
from scorm_export.validate import validate_files
from scorm_export.xsd import schema_folder

__all__ = ["PreparedPackage", "export_curriculum", "export_module", "package_files", "prepare_package", "write_package"]


@functools.cache
def _static(name: str) -> bytes:
    return resources.files("scorm_export").joinpath("static").joinpath(name.removeprefix("shared/")).read_bytes()


def _read(module: Module, relative: str, problems: list[Diagnostic], what: str) -> bytes | None:
    path = Path(module.path) / relative
    try:
        return path.read_bytes()
    except OSError as exc:
        problems.append(error("SCO101", f"cannot read {what} {relative!r}: {exc.strerror or exc}", file=str(path)))
        return None


def _control_files(control_dir: Path | None, version: str, problems: list[Diagnostic]) -> dict[str, bytes]:
    if control_dir is None:
        return {}
    folder = schema_folder(control_dir, version)
    if folder is None:
        problems.append(error("SCO107", f"no SCORM {version} control files in {control_dir}", file=str(control_dir)))
        return {}
    found = {}
    for name in CONTROL_FILES[version]:
        try:
            found[name] = (folder / name).read_bytes()
        except OSError:
            problems.append(error("SCO107", f"control file {name} is missing", file=str(folder / name)))
    return found


def package_files(
    plan: PackagePlan, framework: Framework, *, control_dir: Path | None = None
) -> tuple[dict[str, bytes], list[Diagnostic]]:
    """Every file of ``plan``'s package (path -> bytes), manifest included, and the problems found."""
    problems: list[Diagnostic] = []
    files: dict[str, bytes] = {name: _static(name) for name in STATIC_FILES}
    files.update(_control_files(control_dir, plan.scorm_version, problems))
    for sco in plan.scos:
        module = sco.module
        lessons: dict[str, str] = {}
        for lesson in module.lessons:
            relative = lesson.file(plan.lang) or f"lessons/{lesson.id}.{plan.lang}.md"
            raw = _read(module, relative, problems, "lesson")
            if raw is not None:
                try:
                    lessons[lesson.id] = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    problems.append(
                        error(
                            "SCO101",
                            f"lesson is not UTF-8 (byte {exc.start})",
                            file=str(Path(module.path) / relative),
                        )
                    )
        for asset in sco.assets:
            raw = _read(module, asset.source, problems, "asset")
            if raw is not None:
                files[asset.target] = raw
        if len(lessons) == len(module.lessons):
            page, found = render_sco(plan, sco, framework, lessons)
            problems.extend(found)
            files[sco.href] = page
    files["imsmanifest.xml"] = build_manifest(plan)
    return files, problems


@frozen
class PreparedPackage:
    """A package that passed every check, held in memory until :meth:`write`."""

    filename: str
    files: Mapping[str, bytes]

    def write(self, out_dir: Path) -> Path:
        """Write the zip into ``out_dir`` (created if needed); returns its path.

        Only compression and I/O happen here, so it may run on another thread.
        """
        out_dir.mkdir(parents=True, exist_ok=True)
        return write_zip(out_dir / self.filename, self.files)


def prepare_package(
    plan: PackagePlan,
    framework: Framework,
    *,
    control_dir: Path | None = None,
    schemas: Path | None = None,
) -> PreparedPackage:
    """Build and check ``plan``'s package in memory.

    Raises
    ------
    ExportError
        With every problem found (unreadable inputs, broken links, CAM or XSD
        errors).
    """
    files, problems = package_files(plan, framework, control_dir=control_dir)
    if not any(d.is_error for d in problems):
        problems.extend(validate_files(files, schemas=schemas, where=plan.filename))
    if any(d.is_error for d in problems):
        raise ExportError([d for d in problems if d.is_error])
    return PreparedPackage(plan.filename, files)


def write_package(
    plan: PackagePlan,
    framework: Framework,
    out_dir: Path,
    *,
    control_dir: Path | None = None,
    schemas: Path | None = None,
) -> Path:
    """Build, check and write ``plan``'s zip into ``out_dir``; returns its path.

    Raises
    ------
    ExportError
        With every problem found (unreadable inputs, broken links, CAM or XSD
        errors); nothing is written then.
    """
    return prepare_package(plan, framework, control_dir=control_dir, schemas=schemas).write(out_dir)


def export_module(
    framework: Framework,
    module: Module,
    out_dir: Path,
    *,
    lang: str,
    scorm_version: str = "1.2",
    control_dir: Path | None = None,
    schemas: Path | None = None,
) -> Path:
    """Write the one-SCO package of ``module`` in ``lang`` (see :func:`plan_module`)."""
    control = CONTROL_FILES[scorm_version] if control_dir is not None and scorm_version in CONTROL_FILES else ()
    plan = plan_module(framework, module, lang=lang, scorm_version=scorm_version, control_files=control)
    return write_package(plan, framework, out_dir, control_dir=control_dir, schemas=schemas)


def export_curriculum(
    framework: Framework,
    modules: Sequence[Module],
    out_dir: Path,
    *,
    path_id: str,
    title: str,
    lang: str,
    version: str = "1.0.0",
    control_dir: Path | None = None,
    schemas: Path | None = None,
) -> Path:
    """Write a SCORM 2004 curriculum package (see :func:`plan_curriculum`)."""
    control = CONTROL_FILES["2004"] if control_dir is not None else ()
    plan = plan_curriculum(
        framework, modules, path_id=path_id, title=title, lang=lang, version=version, control_files=control
    )
    return write_package(plan, framework, out_dir, control_dir=control_dir, schemas=schemas)
