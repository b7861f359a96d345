"""The SCO page: lessons, assessment and results views in one ``index.html``.

Templates are Jinja2 with autoescaping; lesson HTML comes in already
sanitised by :mod:`scorm_export.pages.markdown`. The page loads only files of
the package (``shared/``), and its Content-Security-Policy forbids everything
else, so a package never makes an outside request.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping

from attrs import frozen
from jinja2 import Environment, PackageLoader, StrictUndefined

from competency.diagnostics import Diagnostic
from competency.io.markdown_refs import citation_keys
from competency.model import Framework, Source
from scorm_export.pages.assessment import ItemView, item_data, item_view
from scorm_export.pages.markdown import RenderedLesson, render_lesson
from scorm_export.pages.strings import strings_for
from scorm_export.plan import PackagePlan, ScoPlan

__all__ = ["CSP", "LessonView", "render_sco"]

#: No network, no inline script or style, nothing from another origin.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'none'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'"
)
_env = Environment(
    loader=PackageLoader("scorm_export", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def _data_json(plan: PackagePlan, sco: ScoPlan, lang: str, source: Callable[[str], Source | None]) -> str:
    module = sco.module
    form = module.assessment
    objective_of = {o.code: o.id for o in sco.objectives}
    interaction_of = dict(sco.interaction_ids)
    items = form.items if form is not None else ()
    data = {
        "version": plan.scorm_version,
        "module": sco.module_id,
        "mastery": sco.mastery,
        "maxAttempts": form.max_attempts if form is not None else 0,
        "interactions": plan.interactions,
        "objectives": [{"code": o.code, "id": o.id, "title": o.title} for o in sco.objectives],
        "items": [item_data(i, interaction_of[i.id], objective_of[i.competency], lang, source) for i in items],
        "strings": strings_for(lang),
    }
    # "</" would end the data block early; the JSON stays valid with "<\/".
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")


@functools.lru_cache(maxsize=1024)
def _lesson(
    text: str,
    *,
    module_id: str,
    lesson_id: str,
    lang: str,
    file: str,
    lesson_ids: frozenset[str],
    assets: tuple[tuple[str, str], ...],
    cited: tuple[tuple[str, Source | None], ...],
    references: str,
    table_label: str,
) -> RenderedLesson:
    """:func:`render_lesson`, memoised on every input.

    Building both SCORM versions renders each lesson twice with the same inputs;
    Markdown parsing dominates an export, so the second rendering is reused. The
    key holds the text and, of the evidence base, the sources the text cites (the
    only ones that reach the page), so any change renders anew; hashing those few
    instead of every source keeps a hit cheap.
    """
    del module_id  # part of the key only: packages of different modules never share work
    return render_lesson(
        text,
        lesson_id=lesson_id,
        lang=lang,
        file=file,
        lesson_ids=lesson_ids,
        assets=dict(assets),
        source=dict(cited).get,
        references=references,
        table_label=table_label,
    )


def _cited(text: str, source: Callable[[str], Source | None]) -> tuple[tuple[str, Source | None], ...]:
    """Each citation key of ``text``, once, with the source it names (``None`` when unknown)."""
    return tuple((key, source(key)) for key in dict.fromkeys(citation_keys(text)))


@frozen
class LessonView:
    """A lesson as the page shows it: its view id, title and sanitised HTML."""

    id: str
    title: str
    html: str


@functools.lru_cache(maxsize=256)
def _body(
    *,
    module_id: str,
    lang: str,
    title: str,
    views: tuple[LessonView, ...],
    items: tuple[ItemView, ...],
    mastery_text: str,
) -> str:
    """Everything in ``<body>`` but the data block and the scripts, memoised on every input.

    A module's 1.2 and 2004 pages differ only in ``data-scorm`` and the data
    block (identifiers), so the second page reuses the body, lessons and
    assessment markup of the first instead of rendering them again.
    """
    del module_id  # part of the key only: as for lessons, different modules never share work
    return _env.get_template("body.html.j2").render(
        s=strings_for(lang),
        title=title,
        views=views,
        items=items,
        has_quiz=bool(items),
        mastery_text=mastery_text,
    )


def render_sco(
    plan: PackagePlan, sco: ScoPlan, framework: Framework, lessons: Mapping[str, str]
) -> tuple[bytes, tuple[Diagnostic, ...]]:
    """Render ``sco``'s ``index.html`` from its lessons' Markdown (lesson id -> text)."""
    lang = plan.lang
    module = sco.module
    strings = strings_for(lang)
    source = {s.key: s for s in framework.sources}.get
    assets = tuple(sorted((a.source, a.target[len(sco.base) :]) for a in sco.assets))
    problems: list[Diagnostic] = []
    views = []
    ids = frozenset(lesson.id for lesson in module.lessons)
    for lesson in module.lessons:
        file = lesson.file(lang) or f"lessons/{lesson.id}.{lang}.md"
        rendered = _lesson(
            lessons[lesson.id],
            module_id=module.id,
            lesson_id=lesson.id,
            lang=lang,
            file=f"{module.path}/{file}".lstrip("/"),
            lesson_ids=ids,
            assets=assets,
            cited=_cited(lessons[lesson.id], source),
            references=strings["references"],
            table_label=strings["table"],
        )
        problems.extend(rendered.diagnostics)
        views.append(LessonView(id=f"lesson-{lesson.id}", title=lesson.title.best(lang), html=rendered.html))
    form = module.assessment
    items = tuple(item_view(item, lang, source, strings) for item in (form.items if form is not None else ()))
    mastery_pct = f"{round((sco.mastery or 0) * 100, 2):g}"
    attempts = str(form.max_attempts) if form is not None and form.max_attempts else strings["unlimited"]
    body = _body(
        module_id=module.id,
        lang=lang,
        title=sco.title,
        views=tuple(views),
        items=items,
        mastery_text=strings["mastery"].format(score=mastery_pct, attempts=attempts),
    )
    html = _env.get_template("sco.html.j2").render(
        lang=lang,
        version=plan.scorm_version,
        title=sco.title,
        csp=CSP,
        shared="../" * sco.base.count("/") + "shared/",
        body=body,
        data=_data_json(plan, sco, lang, source),
    )
    return html.encode("utf-8"), tuple(problems)
