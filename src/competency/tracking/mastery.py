"""Mastery models: what a learner's evidence says they hold, and why.

Mastery is a view derived from the ledger, never stored. Three models share
one protocol, :class:`MasteryModel`: ``assess(events)`` gives a
:class:`Mastery` per competency, and ``explain(learner, competency)`` the same
with the :class:`Reason` each piece of evidence counted or not.

- :class:`Threshold`: a level is held when the best (or latest) scaled score
  at that level reaches the mastery score (the module's for module results,
  cmi5 ``masteryScore`` style), or the evidence says success without a score.
- :class:`ParentRules`: Moodle-style rules on domains (all children, or
  points), over a base model for the competencies.
- :class:`BKT`: Bayesian Knowledge Tracing, a pure-Python online update over
  item answers and pass/fail results (Corbett & Anderson 1995).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Protocol

from attrs import evolve, field, frozen

from competency.model import Catalogue
from competency.tracking.ledger import Event, Ledger

__all__ = [
    "BKT",
    "BKTParams",
    "Mastery",
    "MasteryModel",
    "Observation",
    "ParentRules",
    "Reason",
    "Rule",
    "Threshold",
    "observations",
]


@frozen(kw_only=True)
class Reason:
    """One event and what it did to the verdict."""

    key: str
    record_id: str
    source: str
    observed_at: datetime
    level: str | None
    counted: bool
    why: str

    def to_dict(self) -> dict[str, object]:
        return {"key": self.key, "record_id": self.record_id, "source": self.source,
                "observed_at": self.observed_at.isoformat(), "level": self.level,
                "counted": self.counted, "why": self.why}


@frozen(kw_only=True)
class Mastery:
    """The verdict for one competency (or domain, under :class:`ParentRules`)."""

    competency: str
    model: str
    level: str | None = None  # the highest level held
    proficient: bool = False
    probability: float | None = None
    reasons: tuple[Reason, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {"competency": self.competency, "model": self.model, "level": self.level,
                "proficient": self.proficient, "probability": self.probability,
                "reasons": [r.to_dict() for r in self.reasons]}


@frozen(kw_only=True)
class Observation:
    """An event as evidence for one competency at one level."""

    event: Event
    competency: str
    level: str
    scaled: float | None
    success: bool | None
    threshold: float
    item: bool  # a single item answer rather than a result

    @property
    def passed(self) -> bool | None:
        """Whether it shows the level: success wins, else the score against the threshold."""
        if self.success is not None and (self.scaled is None or self.success is False):
            return self.success
        if self.scaled is not None:
            return max(self.scaled, 0.0) >= self.threshold
        return None


def observations(events: Iterable[Event], catalogue: Catalogue, *,
                 default_threshold: float = 0.8) -> dict[str, list[Observation]]:
    """Competency -> its observations, oldest first.

    A module result counts for every competency the module assesses, at the
    outcome's level, against the module's mastery score. Evidence that names
    no level counts at the scale's proficient level. Participation counts only
    from Kirkpatrick level 3 (behaviour observed at work) up.
    """
    framework = catalogue.framework
    modules = {m.id: m for m in catalogue.modules}
    found: dict[str, list[Observation]] = {}
    for event in events:
        if event.source == "participation" and (event.kirkpatrick or 0) < 3:
            continue
        module = modules.get(event.module or "")
        threshold = module.assessment.mastery_score if module and module.assessment else default_threshold
        if event.competency is not None:
            targets = [(event.competency, event.level or framework.scale.proficient)]
        elif module is not None:
            targets = sorted(module.assessed().items())
        else:
            continue
        for code, level in targets:
            found.setdefault(code, []).append(Observation(
                event=event, competency=code, level=level, scaled=event.scaled, threshold=threshold,
                success=event.correct if event.item else event.success, item=event.item is not None,
            ))
    return found


def _reason(obs: Observation, counted: bool, why: str) -> Reason:
    event = obs.event
    return Reason(key=event.key, record_id=event.record_id, source=event.source,
                  observed_at=event.observed_at, level=obs.level, counted=counted, why=why)


class MasteryModel(Protocol):
    """What every mastery model answers."""

    name: str

    def assess(self, events: Sequence[Event]) -> dict[str, Mastery]:
        """Competency code -> verdict, for every competency of the framework."""

    def explain(self, learner: str, competency: str) -> Mastery:
        """The verdict for one competency with every reason."""


class _Model:
    name = "model"

    def __init__(self, catalogue: Catalogue, ledger: Ledger | None = None) -> None:
        self.catalogue = catalogue
        self.ledger = ledger
        self.scale = catalogue.framework.scale

    def assess(self, events: Sequence[Event]) -> dict[str, Mastery]:
        raise NotImplementedError

    def mastery(self, learner: str) -> dict[str, Mastery]:
        """The verdicts for ``learner`` from the ledger."""
        if self.ledger is None:
            raise ValueError(f"the {self.name} model was made without a ledger")
        return self.assess(self.ledger.events(learner))

    def explain(self, learner: str, competency: str) -> Mastery:
        verdicts = self.mastery(learner)
        if competency not in verdicts:
            raise KeyError(f"unknown competency {competency!r}")
        return verdicts[competency]

    def _proficient(self, level: str | None) -> bool:
        return self.scale.at_least(level, self.scale.proficient)


class Threshold(_Model):
    """Mastered at a level when the best (or ``latest``) score there reaches the threshold.

    Holding a level implies the levels below it. Single item answers do not
    claim a level and are listed as not counted.
    """

    name = "threshold"

    def __init__(self, catalogue: Catalogue, ledger: Ledger | None = None, *,
                 latest: bool = False, default_threshold: float = 0.8) -> None:
        super().__init__(catalogue, ledger)
        self.latest = latest
        self.default_threshold = default_threshold

    def assess(self, events: Sequence[Event]) -> dict[str, Mastery]:
        found = observations(events, self.catalogue, default_threshold=self.default_threshold)
        return {code: self._one(code, found.get(code, [])) for code in self.catalogue.framework.codes}

    def _one(self, code: str, found: list[Observation]) -> Mastery:
        reasons: list[Reason] = []
        decided: dict[str, tuple[bool, Observation]] = {}
        for obs in found:
            if obs.item:
                reasons.append(_reason(obs, False, "a single item answer; the threshold model uses results"))
                continue
            verdict = obs.passed
            if verdict is None:
                reasons.append(_reason(obs, False, "no score and no success or failure"))
                continue
            score = "no score" if obs.scaled is None else f"scaled {obs.scaled:g}"
            what = f"{score} vs mastery score {obs.threshold:g}: {'passed' if verdict else 'not passed'}"
            previous = decided.get(obs.level)
            if previous is None or self.latest or (verdict and not previous[0]):
                decided[obs.level] = (verdict, obs)
            reasons.append(_reason(obs, True, what))
        held = [level for level, (ok, _) in decided.items() if ok]
        level = self.scale.highest(held) if held else None
        pick = "latest" if self.latest else "best"
        summary = f"{pick} result per level; held: {level or 'none'}"
        final = [evolve(r, why=f"{r.why} ({summary})") if r.counted else r for r in reasons]
        return Mastery(competency=code, model=self.name, level=level, proficient=self._proficient(level),
                       reasons=tuple(final))


@frozen(kw_only=True)
class Rule:
    """A Moodle-style parent rule: ``all`` children, or ``points`` >= ``required``."""

    kind: str = field(default="all")
    points: tuple[tuple[str, int], ...] = ()  # (competency, points) pairs
    required: int = 0

    def __attrs_post_init__(self) -> None:
        if self.kind not in ("all", "points"):
            raise ValueError(f"rule kind {self.kind!r}: expected all or points")


class ParentRules(_Model):
    """Domains are proficient by rule over their competencies (the ``base`` model's verdicts)."""

    name = "parent-rules"

    def __init__(self, catalogue: Catalogue, ledger: Ledger | None = None, *,
                 base: _Model | None = None, rules: Mapping[str, Rule] | None = None) -> None:
        super().__init__(catalogue, ledger)
        self.base = base or Threshold(catalogue, ledger)
        self.rules = dict(rules or {})

    def assess(self, events: Sequence[Event]) -> dict[str, Mastery]:
        verdicts = self.base.assess(events)
        for domain in self.catalogue.framework.domains:
            rule = self.rules.get(domain.code, Rule())
            children = [c for c in domain.competencies if c in verdicts]
            reasons: list[Reason] = []
            if rule.kind == "all":
                ok = bool(children) and all(verdicts[c].proficient for c in children)
                for child in children:
                    state = "proficient" if verdicts[child].proficient else "not proficient"
                    reasons.extend(r for r in verdicts[child].reasons if r.counted)
                    reasons.append(_summary(child, f"{child}: {state} (rule: all children)"))
            else:
                weights = dict(rule.points)
                total = sum(weights.get(c, 0) for c in children if verdicts[c].proficient)
                ok = total >= rule.required
                for child in children:
                    got = weights.get(child, 0) if verdicts[child].proficient else 0
                    reasons.append(_summary(child, f"{child}: {got} point(s)"))
                reasons.append(_summary(domain.code, f"{total} of {rule.required} points needed"))
            verdicts[domain.code] = Mastery(competency=domain.code, model=self.name, proficient=ok,
                                            reasons=tuple(reasons))
        return verdicts


def _summary(subject: str, why: str) -> Reason:
    return Reason(key=f"rule:{subject}", record_id="", source="rule", observed_at=datetime.min,
                  level=None, counted=True, why=why)


@frozen(kw_only=True)
class BKTParams:
    """Prior P(L0), learn T, slip S, guess G, forget F; S and G below 0.5."""

    prior: float = 0.2
    learn: float = 0.15
    slip: float = 0.1
    guess: float = 0.2
    forget: float = 0.0

    def __attrs_post_init__(self) -> None:
        if not (self.slip < 0.5 and self.guess < 0.5):
            raise ValueError("slip and guess must be below 0.5, else the model is degenerate")
        for value in (self.prior, self.learn, self.slip, self.guess, self.forget):
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"BKT parameters are probabilities; got {value}")

    def update(self, p_known: float, correct: bool) -> float:
        """P(L) after one observation, then the learning transition.

        >>> round(BKTParams().update(0.2, True), 4)
        0.6
        """
        if correct:
            seen = p_known * (1 - self.slip)
            posterior = seen / (seen + (1 - p_known) * self.guess)
        else:
            seen = p_known * self.slip
            posterior = seen / (seen + (1 - p_known) * (1 - self.guess))
        return posterior * (1 - self.forget) + (1 - posterior) * self.learn


class BKT(_Model):
    """Bayesian Knowledge Tracing per competency; mastered when P(L) >= ``mastery`` (0.95)."""

    name = "bkt"

    def __init__(self, catalogue: Catalogue, ledger: Ledger | None = None, *,
                 params: Mapping[str, BKTParams] | None = None, default: BKTParams | None = None,
                 mastery: float = 0.95) -> None:
        super().__init__(catalogue, ledger)
        self.params = dict(params or {})
        self.default = default or BKTParams()
        self.threshold = mastery

    def assess(self, events: Sequence[Event]) -> dict[str, Mastery]:
        found = observations(events, self.catalogue)
        return {code: self._one(code, found.get(code, [])) for code in self.catalogue.framework.codes}

    def _one(self, code: str, found: list[Observation]) -> Mastery:
        params = self.params.get(code, self.default)
        p = params.prior
        reasons: list[Reason] = []
        shown: list[str] = []
        for obs in found:
            verdict = obs.passed
            if verdict is None:
                reasons.append(_reason(obs, False, "no score and no success or failure"))
                continue
            after = params.update(p, verdict)
            what = "correct" if verdict else "incorrect"
            reasons.append(_reason(obs, True, f"{what}: P(known) {p:.3f} -> {after:.3f}"))
            if verdict:
                shown.append(obs.level)
            p = after
        mastered = p >= self.threshold
        level = self.scale.highest(shown) if mastered and shown else None
        return Mastery(competency=code, model=self.name, level=level, proficient=self._proficient(level),
                       probability=round(p, 6), reasons=tuple(reasons))


#: The models by the name the CLI uses.
MODELS: dict[str, type[_Model]] = {"threshold": Threshold, "parent-rules": ParentRules, "bkt": BKT}
