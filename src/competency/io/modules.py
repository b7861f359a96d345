"""Loading training modules from ``modules/<id>/`` folders.

Each folder holds ``module.yaml``, ``assessment.yaml``, an optional
``pretest.yaml``, ``lessons/<id>.<lang>.md`` and declared assets.  This module
builds :class:`~competency.model.Module` objects and checks the files they name:
lesson files, assets (missing, absolute, outside the folder, symlinks) and the
images and lesson links inside the Markdown.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from attrs import define, field

from competency.diagnostics import Diagnostic, Origin, Severity
from competency.io.markdown_refs import scan_references
from competency.io.schema_check import read_checked
from competency.io.yaml_source import SourceDocument, format_json_path
from competency.model import (
    Assessment,
    Asset,
    Item,
    Lesson,
    Module,
    Option,
    Outcome,
    Text,
)

__all__ = ["ModuleDocuments", "build_module", "lesson_text", "read_modules"]


@define
class ModuleDocuments:
    """The parsed documents of one module folder."""

    folder: Path
    module: SourceDocument
    assessment: SourceDocument | None = None
    pretest: SourceDocument | None = None
    citations: list[tuple[str, Origin]] = field(factory=list)

    def all_documents(self) -> list[SourceDocument]:
        return [d for d in (self.module, self.assessment, self.pretest) if d is not None]


def read_modules(directory: Path) -> tuple[list[ModuleDocuments], list[Diagnostic]]:
    """Read and schema-check every module folder below ``directory``."""
    problems: list[Diagnostic] = []
    found: list[ModuleDocuments] = []
    if not directory.is_dir():
        problems.append(Diagnostic.at(Origin(directory.as_posix()), "CMP103", "modules folder not found"))
        return found, problems
    for folder in sorted(p for p in directory.iterdir() if p.is_dir() and not p.name.startswith(".")):
        module_file = folder / "module.yaml"
        if not module_file.is_file():
            problems.append(Diagnostic.at(Origin(module_file.as_posix()), "CMP103",
                                          "module folder has no module.yaml"))
            continue
        module_doc = read_checked(module_file, "module", problems)
        if module_doc is None:
            continue
        docs = ModuleDocuments(folder=folder, module=module_doc)
        for name in ("assessment", "pretest"):
            path = folder / f"{name}.yaml"
            if not path.is_file():
                if name == "assessment":
                    problems.append(Diagnostic.at(module_doc.origin(("assessment",)), "CMP501",
                                                  f"missing {path.as_posix()} with the post-test items"))
                continue
            form = read_checked(path, "items", problems)
            if form is not None:
                setattr(docs, name, form)
        found.append(docs)
    return found, problems


def lesson_text(module: Module, lesson: Lesson, lang: str) -> str:
    """The Markdown of ``lesson`` in ``lang`` (empty when it has none)."""
    relative = lesson.file(lang)
    if relative is None:
        return ""
    return (Path(module.path) / relative).read_text("utf-8")


def _text(value: Any) -> Text | None:
    return None if value is None else Text(value)


def _check_relative_file(
    folder: Path, relative: str, origin: Origin, what: str
) -> Iterator[Diagnostic]:
    """Assets and lessons must be plain files inside the module folder."""
    posix = PurePosixPath(relative)
    if relative.startswith(("/", "\\")) or (len(relative) > 1 and relative[1] == ":"):
        yield Diagnostic.at(origin, "CMP503", f"{what} path {relative!r} is absolute; "
                            "use a path relative to the module folder")
        return
    if "\\" in relative:
        yield Diagnostic.at(origin, "CMP503", f"{what} path {relative!r} uses backslashes; use '/'")
        return
    target = folder / Path(*posix.parts)
    try:
        inside = target.resolve().is_relative_to(folder.resolve())
    except OSError:
        inside = False
    if ".." in posix.parts or not inside:
        yield Diagnostic.at(origin, "CMP502", f"{what} {relative!r} is outside the module folder")
        return
    current = folder
    for part in posix.parts:
        current = current / part
        if current.is_symlink():
            yield Diagnostic.at(origin, "CMP504", f"{what} {relative!r} is (or goes through) a symlink; "
                                "packages must contain real files")
            return
    if not target.is_file():
        yield Diagnostic.at(origin, "CMP501", f"{what} file {relative!r} does not exist")


def _build_items(form: SourceDocument, problems: list[Diagnostic]) -> list[Item]:
    items: list[Item] = []
    for index, entry in enumerate(form.data["items"]):
        path = ("items", index)
        feedback = entry.get("feedback", {})
        try:
            items.append(Item(
                id=entry["id"], type=entry["type"], competency=entry["competency"], level=entry["level"],
                lesson=entry["lesson"], stem=Text(entry["stem"]),
                rationale=Text(entry["rationale"]),
                options=tuple(
                    Option(id=o["id"], text=Text(o["text"]), correct=o.get("correct", False),
                           feedback=_text(o.get("feedback")),
                           origin=form.origin((*path, "options", i)))
                    for i, o in enumerate(entry.get("options", ()))
                ),
                answer=entry.get("answer"), tolerance=float(entry.get("tolerance", 0.0)),
                unit=_text(entry.get("unit")),
                accepted=tuple((lang, tuple(v)) for lang, v in sorted(entry.get("accepted", {}).items())),
                case_sensitive=entry.get("case_sensitive", False),
                feedback_correct=_text(feedback.get("correct")),
                feedback_incorrect=_text(feedback.get("incorrect")),
                origin=form.origin(path),
            ))
        except (ValueError, TypeError) as exc:
            problems.append(Diagnostic.at(form.origin(path), "CMP202", str(exc), path=format_json_path(path)))
    return items


def build_module(
    docs: ModuleDocuments, *, required_languages: tuple[str, ...] = ()
) -> tuple[Module | None, list[Diagnostic]]:
    """Build one module and check the files it names."""
    problems: list[Diagnostic] = []
    doc, folder = docs.module, docs.folder
    data = doc.data
    languages = tuple(data["languages"])
    if data["id"] != folder.name:
        problems.append(Diagnostic.at(doc.origin(("id",)), "CMP309",
                                      f"module id {data['id']!r} differs from its folder name {folder.name!r}",
                                      path="$.id"))

    assets: list[Asset] = []
    declared: set[str] = set()
    for index, entry in enumerate(data.get("assets", ())):
        origin = doc.origin(("assets", index, "path"))
        found = list(_check_relative_file(folder, entry["path"], origin, "asset"))
        problems.extend(found)
        declared.add(str(PurePosixPath(entry["path"])))
        assets.append(Asset(path=entry["path"], alt=Text(entry["alt"]), origin=origin))

    lessons: list[Lesson] = []
    lesson_files: dict[str, tuple[str, str]] = {}  # file name -> (lesson id, lang)
    for entry in data["lessons"]:
        for lang in languages:
            lesson_files[f"{entry['id']}.{lang}.md"] = (entry["id"], lang)
    expected = tuple(dict.fromkeys((*languages, *required_languages)))
    for index, entry in enumerate(data["lessons"]):
        origin = doc.origin(("lessons", index))
        files: list[tuple[str, str]] = []
        for lang in expected:
            relative = f"lessons/{entry['id']}.{lang}.md"
            if (folder / relative).is_file():
                file_problems = list(_check_relative_file(folder, relative, origin, "lesson"))
                problems.extend(file_problems)
                if not file_problems:
                    files.append((lang, relative))
        have = {lang for lang, _ in files}
        if not have:
            problems.append(Diagnostic.at(origin, "CMP501",
                                          f"lesson {entry['id']!r} has no Markdown file "
                                          f"(expected lessons/{entry['id']}.<lang>.md)"))
        for lang in expected:
            if lang not in have and have:
                severity = Severity.ERROR if lang in required_languages else Severity.WARNING
                problems.append(Diagnostic.at(origin, "CMP601",
                                              f"lesson {entry['id']!r} has no {lang} text "
                                              f"(lessons/{entry['id']}.{lang}.md)", severity=severity))
        lessons.append(Lesson(id=entry["id"], title=Text(entry["title"]), files=files, origin=origin))
        for lang, relative in files:
            problems.extend(_check_lesson_markdown(folder, relative, lang, declared, lesson_files, docs))

    outcomes = [
        Outcome(competency=o["competency"], level=o["level"],
                roles=[o["role"]] if isinstance(o["role"], str) else o["role"],
                statement=_text(o.get("statement")), origin=doc.origin(("outcomes", i)))
        for i, o in enumerate(data["outcomes"])
    ]
    forms: dict[str, Assessment | None] = {"assessment": None, "pretest": None}
    settings = data["assessment"]
    for name in forms:
        form = getattr(docs, name)
        if form is not None:
            forms[name] = Assessment(
                mastery_score=float(settings["mastery_score"]), max_attempts=settings.get("max_attempts", 0),
                items=_build_items(form, problems), origin=form.origin(()),
            )
    try:
        module = Module(
            id=data["id"], version=data["version"], title=Text(data["title"]), summary=Text(data["summary"]),
            duration=data["duration"], languages=languages, outcomes=outcomes, lessons=lessons,
            assets=assets, assessment=forms["assessment"], pretest=forms["pretest"],
            path=folder.as_posix(), origin=doc.origin(()),
        )
    except (ValueError, TypeError) as exc:
        problems.append(Diagnostic.at(doc.origin(()), "CMP202", str(exc)))
        return None, problems
    return module, problems


def _check_lesson_markdown(
    folder: Path, relative: str, lang: str, assets: set[str],
    lesson_files: dict[str, tuple[str, str]], docs: ModuleDocuments,
) -> Iterator[Diagnostic]:
    file = (folder / relative).as_posix()
    try:
        text = (folder / relative).read_text("utf-8")
    except UnicodeDecodeError:
        yield Diagnostic.at(Origin(file, 1, 1), "CMP103", "lesson is not valid UTF-8")
        return
    if not text.strip():
        yield Diagnostic.at(Origin(file, 1, 1), "CMP505", "lesson file is empty")
        return
    lesson_dir = PurePosixPath(relative).parent
    for ref in scan_references(text):
        origin = Origin(file, ref.line, 1)
        if ref.kind == "citation":
            docs.citations.append((ref.target, origin))
        elif ref.kind == "image":
            target = _normalise(lesson_dir, ref.target)
            if "://" in ref.target or ref.target.startswith("//"):
                yield Diagnostic.at(origin, "CMP506", f"image {ref.target!r} is outside the package; "
                                    "ship it as an asset")
            elif target not in assets:
                yield Diagnostic.at(origin, "CMP506", f"image {ref.target!r} is not a declared asset of "
                                    "this module (declare it under assets: in module.yaml)")
            if not ref.text.strip():
                yield Diagnostic.at(origin, "CMP507", f"image {ref.target!r} has no alt text")
        elif ref.kind == "link":
            yield from _check_link(origin, ref.target, lang, lesson_files)


def _normalise(base: PurePosixPath, target: str) -> str:
    parts: list[str] = []
    for part in (base / target.split("#")[0]).parts:
        if part == "..":
            if parts:
                parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _check_link(
    origin: Origin, target: str, lang: str, lesson_files: dict[str, tuple[str, str]]
) -> Iterator[Diagnostic]:
    if target.startswith(("http://", "https://", "mailto:", "#")):
        return
    name = target.split("#")[0]
    if name not in lesson_files:
        yield Diagnostic.at(origin, "CMP508", f"link {target!r} does not name a lesson of this module "
                            "(write <lesson-id>.<lang>.md)")
    elif lesson_files[name][1] != lang:
        yield Diagnostic.at(origin, "CMP508", f"link {target!r} points at another language; "
                            f"link to the {lang} lesson")
