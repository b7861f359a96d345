"""``competency package validate FILE.zip``: CAM rules, and XSD validation with ``--schemas``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from scorm_export.validate import validate_zip

__all__ = ["package"]


@click.group()
def package() -> None:
    """Inspect SCORM packages."""


@package.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--schemas",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    default=None,
    help="Folder of the official XSD/DTD files (or their scorm12edition/ scorm20044thedition/).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
def validate(file: Path, schemas: Path | None, as_json: bool) -> None:
    """Check FILE.zip: manifest at the root, references, file list, identifiers, paths, XSDs."""
    found = validate_zip(file, schemas=schemas)
    errors = [d for d in found if d.is_error]
    warnings = [d for d in found if not d.is_error]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": not errors,
                    "file": str(file),
                    "errors": [d.to_dict() for d in errors],
                    "warnings": [d.to_dict() for d in warnings],
                },
                indent=2,
                sort_keys=True,
            )
        )
    else:
        for d in found:
            click.secho(d.format(), fg="red" if d.is_error else "yellow", err=True)
        checked = "CAM rules and XSDs" if schemas else "CAM rules (no --schemas: XSDs not checked)"
        click.secho(
            f"{file}: {len(errors)} error(s), {len(warnings)} warning(s); {checked}",
            fg="red" if errors else "green",
            err=bool(errors),
        )
    if errors:
        raise SystemExit(1)
