"""Map the ids our SCORM packages and xAPI statements carry back to the catalogue.

Module activity IRIs, item IRIs (2004 interaction ids, xAPI object ids),
objective ids (the competency URI in SCORM 2004, its UUID in SCORM 1.2) and
competency URIs named in ``context.contextActivities.other`` all resolve here,
so every ingester agrees on what an id means.
"""

from __future__ import annotations

from attrs import frozen

from competency.model import Catalogue, Item, Module, item_iri, module_iri, parse_item_iri, parse_module_iri

__all__ = ["Resolver", "Target"]


@frozen
class Target:
    """What an id is about: a module, an item of it, and/or a competency."""

    module: str | None = None
    item: str | None = None
    competency: str | None = None
    level: str | None = None
    form: str | None = None  # "pre" or "post" for items


class Resolver:
    """Lookups built once per catalogue (the framework must carry identifiers)."""

    def __init__(self, catalogue: Catalogue) -> None:
        framework = catalogue.framework
        if any(c.uuid is None for c in framework.competencies):
            framework = framework.with_identifiers()
        self.catalogue = catalogue
        self.framework = framework
        self.modules: dict[str, Module] = {m.id: m for m in catalogue.modules}
        self.items: dict[tuple[str, str], tuple[Item, str]] = {}
        for module in catalogue.modules:
            for form, assessment in (("pre", module.pretest), ("post", module.assessment)):
                if assessment is not None:
                    for item in assessment.items:
                        self.items[(module.id, item.id)] = (item, form)
        self.competencies: dict[str, str] = {}
        for competency in framework.competencies:
            self.competencies[competency.code] = competency.code
            self.competencies[competency.uri] = competency.code
            if competency.uuid is not None:
                self.competencies[str(competency.uuid)] = competency.code
                self.competencies[f"urn:uuid:{competency.uuid}"] = competency.code
        # Every id as our packages write it, answered by one lookup (ingest asks once per
        # statement); other spellings still go through the parsing in _activity.
        ids = [module_iri(m.id) for m in catalogue.modules]
        ids += [item_iri(module_id, item_id) for module_id, item_id in self.items]
        ids += list(self.competencies)
        self._activities = {iri: target for iri in ids if (target := self._activity(iri)) is not None}

    def competency(self, ident: str) -> str | None:
        """The competency code for a code, URI, UUID or ``urn:uuid:`` id."""
        return self.competencies.get(ident) or self.competencies.get(ident.lower())

    def item(self, module_id: str, ident: str) -> Target | None:
        """An item of ``module_id`` by its IRI or (SCORM 1.2) bare item id."""
        parsed = parse_item_iri(ident)
        if parsed is not None:
            if parsed[0] != module_id and module_id:
                return None
            module_id, ident = parsed
        found = self.items.get((module_id, ident))
        if found is None:
            return None
        item, form = found
        return Target(module=module_id, item=item.id, competency=item.competency, level=item.level, form=form)

    def activity(self, iri: str) -> Target | None:
        """A module, item or competency activity id, else ``None``."""
        found = self._activities.get(iri)
        return found if found is not None else self._activity(iri)

    def _activity(self, iri: str) -> Target | None:
        parsed = parse_item_iri(iri)
        if parsed is not None:
            return self.item(parsed[0], parsed[1])
        module_id = parse_module_iri(iri)
        if module_id is not None:
            return Target(module=module_id) if module_id in self.modules else None
        code = self.competency(iri)
        return Target(competency=code) if code else None

    def outcome_level(self, module_id: str | None, code: str) -> str | None:
        """The level at which ``module_id`` assesses (or teaches) competency ``code``."""
        module = self.modules.get(module_id or "")
        if module is None:
            return None
        return module.assessed().get(code) or module.taught().get(code)
