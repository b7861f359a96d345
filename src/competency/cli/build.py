"""``competency build``: validate everything, then write every package into ``dist/``.

Packages are written into a temporary folder inside the output folder and
moved into place only when all of them succeeded, so a failed build leaves the
previous ``dist/`` untouched. A package whose inputs did not change (same
digest as recorded in ``dist/.build-state.json``) is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import click

from competency.cli.common import catalogue_options, json_option, load_or_exit
from competency.cli.report import emit_json, print_diagnostics, table
from competency.diagnostics import CompetencyError
from competency.plugins import ExportJob, load_exporters

__all__ = ["build"]

STATE_FILE = ".build-state.json"
_FORMATS = {"1.2": "scorm12", "2004": "scorm2004", "curriculum": "scorm2004-curriculum"}


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _state(out: Path) -> dict[str, str]:
    try:
        data = json.loads((out / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


@click.command()
@catalogue_options
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("dist"),
    show_default=True,
    help="Folder the packages go into.",
)
@click.option(
    "--scorm", "scorm", default="1.2", show_default=True, help="Comma-separated SCORM targets: 1.2, 2004, curriculum."
)
@click.option("--lang", "lang", default="", help="Comma-separated languages (default: the framework's).")
@click.option(
    "--control-files",
    "control_files",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Folder of the official XSD/DTD files to embed in each package.",
)
@click.option(
    "--schemas",
    "schemas",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Also validate every manifest against the official XSDs in this folder before writing.",
)
@click.option(
    "--interactions/--no-interactions",
    default=True,
    show_default=True,
    help="Report one SCORM interaction per assessment item.",
)
@click.option("--force", is_flag=True, help="Rebuild packages even when their inputs did not change.")
@json_option
def build(
    standards: Path,
    modules: Path,
    out: Path,
    scorm: str,
    lang: str,
    control_files: Path | None,
    schemas: Path | None,
    interactions: bool,
    force: bool,
    as_json: bool,
) -> None:
    """Validate the standard and modules, then write every SCORM package."""
    targets = _split(scorm)
    unknown = [t for t in targets if t not in _FORMATS]
    if unknown or not targets:
        raise click.UsageError(f"unknown --scorm value(s) {unknown}; expected some of {', '.join(_FORMATS)}")
    catalogue = load_or_exit(standards, modules, as_json)
    languages = _split(lang) or list(catalogue.framework.languages)
    try:
        exporters = load_exporters()
    except ImportError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        raise SystemExit(3) from exc
    missing = [_FORMATS[t] for t in targets if _FORMATS[t] not in exporters]
    if missing:
        click.secho(f"error: exporter(s) not installed: {', '.join(missing)}", fg="red", err=True)
        raise SystemExit(3)
    options: dict[str, object] = {
        "control_files": str(control_files) if control_files else "",
        "interactions": interactions,
        "schemas": str(schemas) if schemas else "",
    }
    jobs: list[tuple[str, ExportJob]] = []
    for target in targets:
        exporter = exporters[_FORMATS[target]]
        jobs.extend((target, job) for job in exporter.jobs(catalogue, languages=languages, options=options))
    out.mkdir(parents=True, exist_ok=True)
    previous = _state(out)
    state = dict(previous)
    rows: list[tuple[str, str, str, str]] = []
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    try:
        with click.progressbar(
            jobs,
            label="Packaging",
            file=click.get_text_stream("stderr"),
            item_show_func=lambda j: j[1].filename if j else None,
        ) as bar:
            for target, job in bar:
                final = out / job.filename
                if not force and previous.get(job.filename) == job.digest and final.exists():
                    rows.append((job.filename, target, "unchanged", f"{final.stat().st_size}"))
                    continue
                try:
                    written = job.write(staging)
                except CompetencyError as exc:
                    click.echo("", err=True)
                    print_diagnostics(getattr(exc, "diagnostics", ()))
                    click.secho(f"error: {job.filename} could not be built; dist/ is unchanged", fg="red", err=True)
                    raise SystemExit(1) from exc
                state[job.filename] = job.digest
                rows.append((job.filename, target, "written", f"{written.stat().st_size}"))
        for name in sorted(p.name for p in staging.iterdir()):
            os.replace(staging / name, out / name)
        tmp_state = staging / STATE_FILE
        tmp_state.write_text(json.dumps(state, indent=2, sort_keys=True) + "\n", "utf-8")
        os.replace(tmp_state, out / STATE_FILE)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if as_json:
        emit_json(
            {
                "ok": True,
                "out": str(out),
                "packages": [
                    {"file": name, "target": target, "status": status, "bytes": int(size)}
                    for name, target, status, size in rows
                ],
            }
        )
    else:
        click.echo(table(["package", "target", "status", "bytes"], rows))
        written_count = sum(1 for r in rows if r[2] == "written")
        click.secho(f"{written_count} written, {len(rows) - written_count} unchanged, in {out}", fg="green")
