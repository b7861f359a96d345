"""``competency track``: ingest evidence, show progress, cohort reports and paths.

Exit codes: 0 success, 1 rejected records or catalogue errors, 2 usage errors
(bad option, unknown learner profile, malformed database URL), 3 environment
failures (database unreachable, schema newer than this toolkit).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from competency.cli.common import catalogue_options, json_option, load_or_exit
from competency.cli.main import cli
from competency.cli.report import emit_json, table
from competency.model import Catalogue

if TYPE_CHECKING:
    from competency.tracking import Ledger
    from competency.tracking.mastery import MasteryModel

__all__ = ["track"]

_MODELS = ("threshold", "bkt", "parent-rules")


def _default_db() -> str:
    return os.environ.get("COMPETENCY_DB", "sqlite:///ledger.db")


db_option = click.option(
    "--db", "db", default=_default_db, show_default="$COMPETENCY_DB or sqlite:///ledger.db",
    help="Ledger database: a SQLite path or URL, or postgresql://user@host/db.",
)
model_option = click.option("--model", "model_name", type=click.Choice(_MODELS), default="threshold",
                            show_default=True, help="Mastery model.")


@contextmanager
def _ledger(url: str, *, must_exist: bool) -> Iterator[Ledger]:
    from competency.tracking import Ledger, SchemaError
    from competency.tracking.tables import normalise_url

    try:
        parsed = make_url(normalise_url(url))
    except Exception:
        raise click.BadParameter(f"not a database URL: {url!r}", param_hint="--db") from None
    if must_exist and parsed.get_backend_name() == "sqlite" and parsed.database \
            and not Path(parsed.database).exists():
        raise click.BadParameter(f"no ledger at {parsed.database}; ingest evidence first", param_hint="--db")
    try:
        ledger = Ledger.open(url)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--db") from None
    except (SchemaError, SQLAlchemyError) as exc:
        click.secho(f"error: cannot open the ledger: {str(exc).splitlines()[0]}", fg="red", err=True)
        raise SystemExit(3) from None
    try:
        yield ledger
    except SQLAlchemyError as exc:
        click.secho(f"error: database failure: {str(exc).splitlines()[0]}", fg="red", err=True)
        raise SystemExit(3) from None
    finally:
        ledger.close()


def _model(name: str, catalogue: Catalogue, ledger: Ledger) -> MasteryModel:
    from competency.tracking.mastery import MODELS

    return MODELS[name](catalogue, ledger)


@cli.group("track")
def track() -> None:
    """Learner evidence: ingest xAPI, SCORM results and ratings; progress and paths."""


@track.command("ingest")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@catalogue_options
@json_option
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=1000, show_default=True,
              help="Records per atomic batch.")
def ingest_command(files: tuple[Path, ...], db: str, standards: Path, modules: Path, as_json: bool,
                   batch_size: int) -> None:
    """Add evidence files (xAPI JSON/JSON lines, SCORM results JSON, ratings CSV) to the ledger."""
    from competency.tracking import ingest

    catalogue = load_or_exit(standards, modules, as_json)
    with _ledger(db, must_exist=False) as ledger:
        report = ingest(ledger, catalogue, files, batch_size=batch_size)
    if as_json:
        emit_json(report.to_dict())
    else:
        for reject in report.rejects:
            click.secho(reject.format(), fg="red", err=True)
        if report.rejected > len(report.rejects):
            click.secho(f"... {report.rejected - len(report.rejects)} more rejects not shown", err=True)
        click.echo(f"accepted {report.accepted}, duplicates {report.duplicates}, "
                   f"rejected {report.rejected}, voids {report.voids}")
    if not report.ok:
        raise SystemExit(1)


@track.command("progress")
@click.argument("learner")
@db_option
@catalogue_options
@model_option
@json_option
def progress_command(learner: str, db: str, standards: Path, modules: Path, model_name: str,
                     as_json: bool) -> None:
    """Mastery per competency and the modules LEARNER may take next."""
    from competency.tracking.progress import progress

    catalogue = load_or_exit(standards, modules, as_json)
    with _ledger(db, must_exist=True) as ledger:
        result = progress(ledger, catalogue, learner, model=_model(model_name, catalogue, ledger))
    if as_json:
        emit_json(result.to_dict())
        return
    rows = [[m.competency, m.level or "-", "yes" if m.proficient else "no",
             "" if m.probability is None else f"{m.probability:.2f}"] for m in result.mastery]
    click.echo(table(["competency", "level", "proficient", "p"], rows))
    click.echo(f"passed modules: {', '.join(result.passed) or 'none'}")
    click.echo(f"eligible next: {', '.join(result.eligible) or 'none'}")


@track.command("explain")
@click.argument("learner")
@click.argument("competency")
@db_option
@catalogue_options
@model_option
@json_option
def explain_command(learner: str, competency: str, db: str, standards: Path, modules: Path,
                    model_name: str, as_json: bool) -> None:
    """Which evidence made COMPETENCY mastered or not for LEARNER."""
    catalogue = load_or_exit(standards, modules, as_json)
    with _ledger(db, must_exist=True) as ledger:
        model = _model(model_name, catalogue, ledger)
        try:
            verdict = model.explain(learner, competency)
        except KeyError:
            raise click.BadParameter(f"unknown competency {competency!r}", param_hint="COMPETENCY") from None
    if as_json:
        emit_json(verdict.to_dict())
        return
    state = "proficient" if verdict.proficient else "not proficient"
    click.echo(f"{competency} for {learner}: {state}, level {verdict.level or '-'} ({verdict.model})")
    for reason in verdict.reasons:
        mark = "+" if reason.counted else " "
        click.echo(f" {mark} {reason.observed_at:%Y-%m-%d} {reason.source} {reason.record_id}: {reason.why}")


def _cohort(path: Path | None) -> list[str] | None:
    if path is None:
        return None
    learners = []
    for line in path.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            learners.append(line.split(",", 1)[0].strip())
    return learners


@track.command("report")
@click.option("--cohort", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="File of learner ids, one a line (# comments); default: every learner.")
@db_option
@catalogue_options
@model_option
@json_option
def report_command(cohort: Path | None, db: str, standards: Path, modules: Path, model_name: str,
                   as_json: bool) -> None:
    """Per competency: learners with evidence, how many proficient, at which level."""
    from competency.tracking.progress import report

    catalogue = load_or_exit(standards, modules, as_json)
    with _ledger(db, must_exist=True) as ledger:
        lines = report(ledger, catalogue, learners=_cohort(cohort),
                       model=_model(model_name, catalogue, ledger))
    if as_json:
        emit_json({"competencies": [line.to_dict() for line in lines]})
        return
    levels = catalogue.framework.scale.ids
    rows = ([ln.competency, ln.learners, ln.proficient, *dict(ln.levels).values()] for ln in lines)
    click.echo(table(["competency", "learners", "proficient", *levels], rows))


@track.command("path")
@click.argument("learner")
@click.option("--profile", required=True, help="Role profile id to reach.")
@db_option
@catalogue_options
@model_option
@json_option
def path_command(learner: str, profile: str, db: str, standards: Path, modules: Path, model_name: str,
                 as_json: bool) -> None:
    """The modules that take LEARNER from their mastery to a role profile."""
    from competency.tracking.progress import learning_path

    catalogue = load_or_exit(standards, modules, as_json)
    try:
        catalogue.framework.profile(profile)
    except KeyError as exc:
        raise click.BadParameter(str(exc.args[0]), param_hint="--profile") from None
    with _ledger(db, must_exist=True) as ledger:
        plan = learning_path(ledger, catalogue, learner, profile,
                             model=_model(model_name, catalogue, ledger))
    if as_json:
        emit_json({"learner": learner, "profile": profile, **plan.to_dict()})
        return
    if not plan.modules:
        met = not plan.unreachable
        click.echo(f"{learner} already meets profile {profile}" if met else "no module helps")
    for module_id, meets in plan.reasons:
        click.echo(f"{module_id}: {', '.join(f'{c} {lv}' for c, lv in meets)}")
    click.echo(f"total {plan.total_minutes} minutes")
    for code, level in plan.unreachable:
        click.secho(f"unreachable: {code} {level} (no module teaches it)", fg="yellow")
