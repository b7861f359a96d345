"""Commands that explore a valid catalogue: graph, coverage, path."""

from __future__ import annotations

from pathlib import Path

import click

from competency.cli.common import catalogue_options, json_option, load_or_exit
from competency.cli.main import cli
from competency.cli.report import emit_json, table
from competency.diagnostics import UnknownCompetencyError

__all__ = ["coverage_command", "graph_command", "path_command"]


@cli.command("graph")
@catalogue_options
@click.option("--format", "fmt", type=click.Choice(["text", "dot", "json"]), default="text",
              show_default=True, help="text: layers; dot: Graphviz; json: nodes and edges.")
@click.option("--lang", default="en", show_default=True, help="Language of the labels.")
@click.option("--full", is_flag=True, help="Show every edge, not the transitive reduction (dot).")
def graph_command(standards: Path, modules: Path, fmt: str, lang: str, full: bool) -> None:
    """Show the prerequisite graph (layers, DOT or JSON)."""
    from competency.graph import build_graph, layers, to_dot

    catalogue = load_or_exit(standards, None, fmt == "json")
    framework = catalogue.framework
    graph = build_graph(framework)
    if fmt == "dot":
        click.echo(to_dot(graph, framework, lang=lang, reduce=not full), nl=False)
    elif fmt == "json":
        emit_json({
            "nodes": [{"code": c.code, "domain": c.domain, "title": c.title.best(lang)}
                      for c in framework.competencies],
            "edges": [{"from": u, "to": v, "level": d.get("level")} for u, v, d in sorted(graph.edges(data=True))],
            "layers": [list(layer) for layer in layers(graph)],
        })
    else:
        for index, layer in enumerate(layers(graph), start=1):
            click.echo(f"layer {index}: {', '.join(layer)}")


@cli.command("coverage")
@catalogue_options
@json_option
def coverage_command(standards: Path, modules: Path, as_json: bool) -> None:
    """Competency x module matrix and the coverage gaps (exit 1 if any)."""
    from competency.coverage import coverage

    report = coverage(load_or_exit(standards, modules, as_json))
    if as_json:
        emit_json(report.to_dict())
    else:
        def mark(code: str, module_id: str) -> str:
            cell = report.cell(code, module_id)
            text = ("T" if cell.teaches else "") + ("A" if cell.assesses else "")
            level = cell.teaches or cell.assesses
            return f"{text}:{level[0]}" if level else "."

        short = [m.split("-")[0] for m in report.modules]
        click.echo(table(["competency", *short], ([c, *(mark(c, m) for m in report.modules)]
                                                 for c in report.competencies)))
        click.echo("T teaches, A assesses; level f/p/l = first letter of the level")
        gaps = report.to_dict()["gaps"]
        assert isinstance(gaps, dict)
        for name, values in gaps.items():
            if values:
                click.secho(f"{name.replace('_', ' ')}: {values}", fg="red")
        if not report.has_gaps:
            click.secho("no coverage gaps", fg="green")
    if report.has_gaps:
        raise SystemExit(1)


def _parse_levels(values: tuple[str, ...], default: str) -> dict[str, str]:
    parsed: dict[str, str] = {}
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part or part == "nothing":
                continue
            code, _, level = part.partition(":")
            parsed[code] = level or default
    return parsed


@cli.command("path")
@catalogue_options
@click.option("--have", "have", multiple=True, metavar="CODE[:LEVEL]",
              help="What the learner holds (repeatable or comma-separated; 'nothing' for none).")
@click.option("--target", "target", multiple=True, metavar="CODE[:LEVEL]", help="What to reach.")
@click.option("--profile", "profile", help="Reach a role profile's requirements instead.")
@click.option("--lang", default="en", show_default=True, help="Language of module titles.")
@json_option
def path_command(standards: Path, modules: Path, have: tuple[str, ...], target: tuple[str, ...],
                 profile: str | None, lang: str, as_json: bool) -> None:
    """Plan the modules from what a learner has to a target or a role profile."""
    from competency.planning import learning_path

    if bool(target) == bool(profile):
        raise click.UsageError("give either --target or --profile")
    catalogue = load_or_exit(standards, modules, as_json)
    framework = catalogue.framework
    proficient = framework.scale.proficient
    try:
        targets = framework.profile(profile).as_dict() if profile else _parse_levels(target, proficient)
        held = _parse_levels(have, proficient)
        plan = learning_path(catalogue, held, targets)
    except UnknownCompetencyError as exc:
        raise click.UsageError(str(exc)) from None
    except KeyError as exc:
        raise click.UsageError(str(exc.args[0]) if exc.args else str(exc)) from None
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if as_json:
        emit_json(plan.to_dict())
        return
    rows = []
    for index, (module_id, meets) in enumerate(plan.reasons, start=1):
        module = catalogue.module(module_id)
        rows.append([index, module_id, module.duration, ", ".join(f"{c}:{lv}" for c, lv in meets),
                     module.title.best(lang)])
    click.echo(table(["#", "module", "min", "meets", "title"], rows))
    hours = plan.total_minutes / 60
    quality = "optimal" if plan.exact else f"heuristic; lower bound {plan.lower_bound:.0f} min"
    click.echo(f"total {plan.total_minutes} min ({hours:.1f} h), {quality}")
    if plan.already_met:
        click.echo("already met: " + ", ".join(f"{c}:{lv}" for c, lv in plan.already_met))
    if plan.unreachable:
        click.secho("no module reaches: " + ", ".join(f"{c}:{lv}" for c, lv in plan.unreachable), fg="yellow")
