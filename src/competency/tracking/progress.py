"""Progress, cohort reports and learning paths, from the ledger and a mastery model.

Prerequisite-aware: a module is open to a learner when every prerequisite of
what it teaches (outside the module itself) is held at the required level.
The learning path to a role profile is the planner's
(:func:`competency.planning.learning_path`) from what the learner holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from attrs import frozen

from competency.model import Catalogue
from competency.planning import LearningPath
from competency.planning import learning_path as plan_path
from competency.tracking.ledger import Event, Ledger
from competency.tracking.mastery import Mastery, MasteryModel, Threshold

__all__ = ["CohortLine", "Progress", "eligible_modules", "held_levels", "learning_path", "progress", "report"]


@frozen(kw_only=True)
class Progress:
    """One learner: a verdict per competency, modules passed, modules open next."""

    learner: str
    mastery: tuple[Mastery, ...]
    passed: tuple[str, ...]
    eligible: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "learner": self.learner,
            "competencies": [{k: v for k, v in m.to_dict().items() if k != "reasons"} for m in self.mastery],
            "passed_modules": list(self.passed),
            "eligible_modules": list(self.eligible),
        }


@frozen(kw_only=True)
class CohortLine:
    """One competency across a cohort: learners with evidence, proficient, per level."""

    competency: str
    learners: int
    proficient: int
    levels: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict[str, object]:
        return {"competency": self.competency, "learners": self.learners, "proficient": self.proficient,
                "levels": dict(self.levels)}


def held_levels(mastery: Iterable[Mastery]) -> dict[str, str]:
    """Competency -> highest level held, for the competencies held at all."""
    return {m.competency: m.level for m in mastery if m.level is not None}


def eligible_modules(catalogue: Catalogue, have: Mapping[str, str], *,
                     exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """Modules whose prerequisites ``have`` meets, minus ``exclude``, by id.

    A module is not offered when it teaches nothing the learner lacks.
    """
    framework = catalogue.framework
    scale = framework.scale
    skip = set(exclude)
    found = []
    for module in catalogue.modules:
        taught = module.taught()
        if module.id in skip or all(scale.at_least(have.get(c), lv) for c, lv in taught.items()):
            continue
        ready = all(
            scale.at_least(have.get(pre.competency), pre.level)
            for code in taught if code in framework
            for pre in framework.competency(code).prerequisites
            if pre.competency not in taught
        )
        if ready:
            found.append(module.id)
    return tuple(sorted(found))


def _passed_modules(catalogue: Catalogue, events: Iterable[Event]) -> tuple[str, ...]:
    scores = {m.id: m.assessment.mastery_score for m in catalogue.modules if m.assessment}
    passed = set()
    for event in events:
        if not event.module or event.competency is not None or event.item is not None:
            continue
        if event.success or (event.success is None and event.scaled is not None
                             and event.scaled >= scores.get(event.module, 1.0)):
            passed.add(event.module)
    return tuple(sorted(passed))


def progress(ledger: Ledger, catalogue: Catalogue, learner: str, *,
             model: MasteryModel | None = None) -> Progress:
    """Where ``learner`` stands: mastery per competency and the modules open next."""
    model = model or Threshold(catalogue, ledger)
    events = ledger.events(learner)
    verdicts = model.assess(events)
    mastery = tuple(verdicts[c] for c in catalogue.framework.codes if c in verdicts)
    passed = _passed_modules(catalogue, events)
    eligible = eligible_modules(catalogue, held_levels(mastery), exclude=passed)
    return Progress(learner=learner, mastery=mastery, passed=passed, eligible=eligible)


def report(ledger: Ledger, catalogue: Catalogue, *, learners: Iterable[str] | None = None,
           model: MasteryModel | None = None) -> tuple[CohortLine, ...]:
    """Per competency: how many learners have evidence, are proficient, hold each level.

    Streams the ledger learner by learner, so memory stays at one learner's events.
    """
    model = model or Threshold(catalogue, ledger)
    codes = catalogue.framework.codes
    scale = catalogue.framework.scale
    seen = dict.fromkeys(codes, 0)
    proficient = dict.fromkeys(codes, 0)
    levels = {c: dict.fromkeys(scale.ids, 0) for c in codes}
    for _learner, events in ledger.iter_events(learners):
        verdicts = model.assess(events)
        touched = {e.competency for e in events} | {
            c for e in events if e.module and e.competency is None
            for m in catalogue.modules if m.id == e.module for c in m.assessed()}
        for code in codes:
            verdict = verdicts.get(code)
            if verdict is None:
                continue
            if code in touched:
                seen[code] += 1
            if verdict.proficient:
                proficient[code] += 1
            if verdict.level is not None:
                levels[code][verdict.level] += 1
    return tuple(CohortLine(competency=c, learners=seen[c], proficient=proficient[c],
                            levels=tuple(levels[c].items())) for c in codes)


def learning_path(ledger: Ledger, catalogue: Catalogue, learner: str, profile: str, *,
                  model: MasteryModel | None = None) -> LearningPath:
    """The planner's path from what ``learner`` holds to role profile ``profile``.

    Raises ``KeyError`` for an unknown profile.
    """
    targets = catalogue.framework.profile(profile).as_dict()
    model = model or Threshold(catalogue, ledger)
    have = held_levels(model.assess(ledger.events(learner)).values())
    return plan_path(catalogue, have, targets)
