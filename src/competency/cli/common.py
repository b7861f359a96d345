"""Options and helpers shared by the commands."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from competency.cli.report import emit_json, print_diagnostics
from competency.diagnostics import LoadError
from competency.model import Catalogue

__all__ = ["catalogue_options", "json_option", "load_or_exit"]

F = TypeVar("F", bound=Callable[..., Any])


def _default(name: str) -> Path:
    return Path(os.environ.get(f"COMPETENCY_{name.upper()}", name))


def catalogue_options(function: F) -> F:
    """``--standards DIR`` and ``--modules DIR`` (defaults: ./standards, ./modules)."""
    function = click.option(
        "--modules", "modules", type=click.Path(path_type=Path), default=lambda: _default("modules"),
        show_default="modules", help="Folder of module folders.",
    )(function)
    return click.option(
        "--standards", "standards", type=click.Path(path_type=Path), default=lambda: _default("standards"),
        show_default="standards", help="Standards folder, or one JSON bundle file.",
    )(function)


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")


def load_or_exit(standards: Path, modules: Path | None, as_json: bool) -> Catalogue:
    """Load the catalogue, or print its errors and exit with status 1."""
    from competency.validation import load_catalogue

    try:
        return load_catalogue(standards, modules)
    except LoadError as exc:
        if as_json:
            emit_json({"errors": [d.to_dict() for d in exc.diagnostics if d.is_error]})
        else:
            print_diagnostics(exc.diagnostics)
            click.secho("the catalogue has errors; run `competency validate` for the full list",
                        fg="red", err=True)
        raise SystemExit(1) from None
