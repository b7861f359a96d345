"""``competency build``: validate everything, then write every package into ``dist/``.

The work is :func:`competency.dist.build_dist` (all or nothing, unchanged
packages skipped); this command adds the progress bar and the summary table.
"""

from __future__ import annotations

from pathlib import Path

import click

from competency.cli.common import catalogue_options, json_option, load_or_exit
from competency.cli.report import emit_json, print_diagnostics, table
from competency.dist import build_dist, planned_jobs
from competency.plugins import JobFailed, load_exporters
from competency.writer_process import writer_process

__all__ = ["build"]

_FORMATS = {"1.2": "scorm12", "2004": "scorm2004", "curriculum": "scorm2004-curriculum"}


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


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
    try:
        exporters = load_exporters()
    except ImportError as exc:
        click.secho(f"error: {exc}", fg="red", err=True)
        raise SystemExit(3) from exc
    missing = [_FORMATS[t] for t in targets if _FORMATS[t] not in exporters]
    if missing:
        click.secho(f"error: exporter(s) not installed: {', '.join(missing)}", fg="red", err=True)
        raise SystemExit(3)
    chosen = {target: exporters[_FORMATS[target]] for target in targets}
    options: dict[str, object] = {
        "control_files": str(control_files) if control_files else "",
        "interactions": interactions,
        "schemas": str(schemas) if schemas else "",
    }
    # The writer is forked before the catalogue is loaded, while it shares little memory with this
    # process: every shared page this process writes to later is copied first (ADR 0010).
    with writer_process() as process:
        catalogue = load_or_exit(standards, modules, as_json)
        languages = _split(lang) or list(catalogue.framework.languages)
        jobs = planned_jobs(catalogue, chosen, languages=languages, options=options)
        try:
            with click.progressbar(length=len(jobs), label="Packaging", file=click.get_text_stream("stderr")) as bar:
                built = build_dist(jobs, out, force=force, on_done=lambda _job: bar.update(1), process=process)
        except JobFailed as exc:
            click.echo("", err=True)
            print_diagnostics(exc.diagnostics)
            click.secho(f"error: {exc.job.filename} could not be built; {out} is unchanged", fg="red", err=True)
            raise SystemExit(1) from exc
    rows = [(b.filename, b.target, "written" if b.written else "unchanged", str(b.size)) for b in built]
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
