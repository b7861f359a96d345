"""The ``competency`` command: a thin layer of click commands over the library.

Each command parses its options, makes one library call and hands the result
to :mod:`competency.cli.report`.  Exit codes: 0 success, 1 content errors,
2 usage errors, 3 environment failures.  No traceback unless ``--debug``.
"""

from __future__ import annotations

import sys
from importlib.metadata import entry_points
from pathlib import Path

import click

from competency import __version__
from competency.cli.common import catalogue_options, json_option
from competency.cli.report import emit_json, print_diagnostics

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="competency")
@click.option("--debug", is_flag=True, help="Show tracebacks of unexpected errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Standards, modules, packages and learner evidence for community-safety training."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


@cli.command()
@catalogue_options
@json_option
def validate(standards: Path, modules: Path, as_json: bool) -> None:
    """Check the standard and the modules; report every error and warning."""
    from competency.validation import validate as run

    result = run(standards, modules)
    if as_json:
        emit_json({
            "ok": result.ok,
            "errors": [d.to_dict() for d in result.errors],
            "warnings": [d.to_dict() for d in result.warnings],
            "counts": result.counts,
        })
    else:
        print_diagnostics(result.diagnostics)
        counts = ", ".join(f"{value} {key}" for key, value in result.counts.items())
        summary = f"{len(result.errors)} error(s), {len(result.warnings)} warning(s); {counts}"
        click.secho(summary, fg="green" if result.ok else "red", err=not result.ok)
    if not result.ok:
        raise SystemExit(1)


@cli.command()
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), required=True,
              help="Folder to write the JSON Schemas into (for editor completion).")
def schemas(out: Path) -> None:
    """Write the JSON Schemas of every authored file kind."""
    from competency.io import SCHEMA_KINDS, schema_text

    out.mkdir(parents=True, exist_ok=True)
    for kind in (*SCHEMA_KINDS, "common"):
        (out / f"{kind}.schema.json").write_text(schema_text(kind), "utf-8")
    click.echo(f"wrote {len(SCHEMA_KINDS) + 1} schemas to {out}")


def _add_plugin_commands() -> None:
    # Formats and packagers installed as plugins contribute their own commands.
    for entry in entry_points(group="competency.commands"):
        try:
            command = entry.load()
        except Exception as exc:  # a broken plugin must not break the core commands
            click.secho(f"warning: cannot load command plugin {entry.name!r}: {exc}", fg="yellow", err=True)
            continue
        if isinstance(command, click.Command):
            cli.add_command(command, entry.name)


def main(argv: list[str] | None = None) -> int:
    """Console entry point; returns the exit code."""
    from competency.cli import commands  # noqa: F401  (registers the commands)

    _add_plugin_commands()
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        cli.main(args=argv, prog_name="competency", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:
        if debug:
            raise
        click.secho(f"error: {exc}", fg="red", err=True)
        return 3
    except Exception as exc:
        if debug:
            raise
        click.secho(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for details)",
                    fg="red", err=True)
        return 3
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
