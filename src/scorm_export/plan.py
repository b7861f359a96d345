"""What goes into a package, decided before anything is read or written.

:func:`plan_module` and :func:`plan_curriculum` turn model objects into a frozen
:class:`PackagePlan`: identifiers, titles, mastery, objectives, the file list of
each SCO. The plan does no I/O, so the identifiers it derives can be tested on
their own, and the later stages (pages, manifest, archive) only follow it.

Identifiers derive from the module id, language and version only: an LMS keys
learner records off them, so a re-export of the same version must keep them
(a new identifier per export orphans every learner's progress).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attrs import field, frozen

from competency.model import Framework, Module, item_iri, module_iri, objective_id

__all__ = [
    "SCORM_VERSIONS",
    "STATIC_FILES",
    "AssetPlan",
    "ObjectivePlan",
    "PackagePlan",
    "ScoPlan",
    "module_prerequisites",
    "package_filename",
    "path_order",
    "plan_curriculum",
    "plan_module",
]

#: The versions we write; anything else is rejected (never guessed).
SCORM_VERSIONS = ("1.2", "2004")
#: The runtime files every package carries, under ``shared/``.
STATIC_FILES = ("shared/quiz.js", "shared/sco.js", "shared/style.css")
_NCNAME_SAFE = re.compile(r"[^A-Za-z0-9_.-]")
_LANG_INFIX = re.compile(r"\.([a-z]{2,3})\.[A-Za-z0-9]+$")


@frozen(kw_only=True)
class ObjectivePlan:
    """One competency the SCO reports on: its code, runtime id and title."""

    code: str
    id: str
    title: str


@frozen(kw_only=True)
class AssetPlan:
    """A module file copied into the package: module-relative source, package path."""

    source: str
    target: str


@frozen(kw_only=True)
class ScoPlan:
    """One SCO: a module rendered as one launchable ``index.html``."""

    module: Module = field(eq=False, repr=False)
    module_id: str
    item_id: str
    resource_id: str
    title: str
    base: str  # "" for a one-module package, "<module-id>/" inside a curriculum
    href: str
    mastery: float | None
    objectives: tuple[ObjectivePlan, ...]
    interaction_ids: tuple[tuple[str, str], ...]  # item id -> runtime id
    assets: tuple[AssetPlan, ...]
    prerequisites: tuple[str, ...] = ()  # module ids (curriculum)

    @property
    def files(self) -> tuple[str, ...]:
        """The package paths this SCO owns, sorted."""
        return tuple(sorted([self.href, *(a.target for a in self.assets)]))


@frozen(kw_only=True)
class PackagePlan:
    """Everything a package will contain, by name; no bytes yet."""

    scorm_version: str
    lang: str
    identifier: str
    version: str
    title: str
    organization_id: str
    root_item_id: str | None  # the cluster item of a multi-SCO package
    common_resource_id: str
    scos: tuple[ScoPlan, ...]
    filename: str
    sequencing: bool = False
    control_files: tuple[str, ...] = ()
    interactions: bool = True  # some LMSs choke on many interactions; a build can turn them off

    @property
    def files(self) -> tuple[str, ...]:
        """Every file of the package except the manifest, sorted."""
        paths = {*STATIC_FILES, *self.control_files}
        for sco in self.scos:
            paths.update(sco.files)
        return tuple(sorted(paths))


def _ncname(text: str) -> str:
    """``text`` made safe for an ``xsd:ID`` (module ids already are, versions may hold ``+``)."""
    return _NCNAME_SAFE.sub("_", text)


def _check_version(scorm_version: str) -> None:
    if scorm_version not in SCORM_VERSIONS:
        raise ValueError(f"unsupported SCORM version {scorm_version!r}; expected one of {SCORM_VERSIONS}")


def package_filename(module_id: str, version: str, lang: str, scorm_version: str) -> str:
    """The zip name: module slug, version, language and SCORM version; no timestamp.

    >>> package_filename("m01-foundations", "1.2.0", "fr", "2004")
    'm01-foundations-1.2.0-fr-scorm2004.zip'
    """
    return f"{module_id}-{_ncname(version)}-{lang}-scorm{scorm_version.replace('.', '')}.zip"


def _asset_plans(module: Module, lang: str, base: str) -> tuple[AssetPlan, ...]:
    # An asset named x.fr.svg belongs to the French package only; x.svg to all.
    plans = []
    for asset in module.assets:
        match = _LANG_INFIX.search(asset.path)
        if match and match.group(1) != lang:
            continue
        plans.append(AssetPlan(source=asset.path, target=base + asset.path))
    return tuple(sorted(plans, key=lambda a: a.target))


def _sco(
    framework: Framework,
    module: Module,
    lang: str,
    scorm_version: str,
    base: str,
    prerequisites: tuple[str, ...] = (),
) -> ScoPlan:
    form = module.assessment
    codes = form.competencies if form is not None else ()
    objectives = tuple(
        ObjectivePlan(
            code=code,
            id=objective_id(framework.competency(code), scorm_version),
            title=framework.competency(code).title.best(lang),
        )
        for code in codes
    )
    items = form.items if form is not None else ()
    interactions = tuple(
        (item.id, item.id if scorm_version == "1.2" else item_iri(module.id, item.id)) for item in items
    )
    return ScoPlan(
        module=module,
        module_id=module.id,
        item_id=f"ITEM-{module.id}",
        resource_id=f"RES-{module.id}",
        title=module.title.best(lang),
        base=base,
        href=f"{base}index.html",
        mastery=form.mastery_score if form is not None else None,
        objectives=objectives,
        interaction_ids=interactions,
        assets=_asset_plans(module, lang, base),
        prerequisites=prerequisites,
    )


def plan_module(
    framework: Framework,
    module: Module,
    *,
    lang: str,
    scorm_version: str = "1.2",
    control_files: Sequence[str] = (),
    interactions: bool = True,
) -> PackagePlan:
    """The plan of a one-SCO package for ``module`` in ``lang``.

    Parameters
    ----------
    framework
        The standard, with derived identifiers (``Framework.with_identifiers()``).
    module
        The module to package.
    lang
        One of the module's languages.
    scorm_version
        ``"1.2"`` (the default, the safest in every LMS) or ``"2004"`` (4th Edition).
    control_files
        Names of XSD/DTD files to embed at the package root (``--control-files``).
    interactions
        Whether the SCO reports one interaction per item (objectives and scores always).

    Raises
    ------
    ValueError
        For an unknown SCORM version or a language the module lacks.
    """
    _check_version(scorm_version)
    if lang not in module.languages:
        raise ValueError(f"module {module.id} has no language {lang!r} (has {', '.join(module.languages)})")
    sco = _sco(framework, module, lang, scorm_version, "")
    return PackagePlan(
        scorm_version=scorm_version,
        lang=lang,
        identifier=f"MANIFEST-{module.id}-{lang}-{_ncname(module.version)}",
        version=module.version[:20],
        title=module.title.best(lang)[:200],
        organization_id=f"ORG-{module.id}",
        root_item_id=None,
        common_resource_id=f"RES-{module.id}-shared",
        scos=(sco,),
        filename=package_filename(module.id, module.version, lang, scorm_version),
        control_files=tuple(sorted(control_files)),
        interactions=interactions,
    )


def module_prerequisites(framework: Framework, modules: Sequence[Module]) -> dict[str, tuple[str, ...]]:
    """Module id -> ids of earlier modules that assess a prerequisite of what it covers.

    A module depends on an earlier module of the path when one of the
    competencies it teaches or assesses has a prerequisite competency that the
    earlier module assesses.
    """
    assessed_by: dict[str, str] = {}
    result: dict[str, tuple[str, ...]] = {}
    for module in modules:
        covered = sorted({*module.taught(), *module.assessed()})
        needs: set[str] = set()
        for code in covered:
            if code not in framework:
                continue
            for prereq in framework.competency(code).prerequisites:
                owner = assessed_by.get(prereq.competency)
                if owner is not None and owner != module.id:
                    needs.add(owner)
        result[module.id] = tuple(sorted(needs))
        for code in module.assessed():
            assessed_by.setdefault(code, module.id)
    return result


def path_order(framework: Framework, modules: Sequence[Module]) -> tuple[Module, ...]:
    """``modules`` with every module after the modules assessing its prerequisites.

    Stable: among modules free to go next, the given order wins; modules caught
    in a cycle keep their given order at the end (the graph checks report cycles).
    """
    assessors: dict[str, set[str]] = {}
    for module in modules:
        for code in module.assessed():
            assessors.setdefault(code, set()).add(module.id)
    needs: dict[str, set[str]] = {}
    for module in modules:
        wanted: set[str] = set()
        for code in {*module.taught(), *module.assessed()}:
            if code in framework:
                for prereq in framework.competency(code).prerequisites:
                    wanted.update(assessors.get(prereq.competency, set()) - {module.id})
        needs[module.id] = wanted
    done: set[str] = set()
    ordered: list[Module] = []
    remaining = list(modules)
    while remaining:
        ready = next((m for m in remaining if needs[m.id] <= done), None)
        if ready is None:
            ordered.extend(remaining)
            break
        ordered.append(ready)
        done.add(ready.id)
        remaining.remove(ready)
    return tuple(ordered)


def plan_curriculum(
    framework: Framework,
    modules: Sequence[Module],
    *,
    path_id: str,
    title: str,
    lang: str,
    version: str = "1.0.0",
    control_files: Sequence[str] = (),
) -> PackagePlan:
    """The plan of a SCORM 2004 package holding a learning path, one SCO per module.

    ``modules`` are put in path order (:func:`path_order`); each module is gated
    on the earlier modules that assess its prerequisite competencies (see
    :func:`module_prerequisites` and :mod:`scorm_export.manifest.sequencing`).
    """
    if not modules:
        raise ValueError("a curriculum needs at least one module")
    modules = path_order(framework, modules)
    prereqs = module_prerequisites(framework, modules)
    scos = tuple(_sco(framework, m, lang, "2004", f"{m.id}/", prereqs[m.id]) for m in modules)
    return PackagePlan(
        scorm_version="2004",
        lang=lang,
        identifier=f"MANIFEST-{path_id}-{lang}-{_ncname(version)}",
        version=version[:20],
        title=title[:200],
        organization_id=f"ORG-{path_id}",
        root_item_id=f"ITEM-{path_id}",
        common_resource_id=f"RES-{path_id}-shared",
        scos=scos,
        filename=f"{path_id}-{_ncname(version)}-{lang}-curriculum-scorm2004.zip",
        sequencing=True,
        control_files=tuple(sorted(control_files)),
    )


def module_objective_id(module_id: str) -> str:
    """The primary objective of a module's SCO in 2004 (satisfied = module passed)."""
    return module_iri(module_id)
