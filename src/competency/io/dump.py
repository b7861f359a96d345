"""Writing a framework back out as a bundle (one JSON or YAML document).

The bundle has the shape of the authored files, so ``validate(bundle)``
reads it back into an equal :class:`~competency.model.Framework`.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from competency.model import Framework, Text

__all__ = ["dump_bundle", "framework_to_bundle", "write_atomic"]


def _text(text: Text) -> dict[str, str]:
    return text.as_dict()


def framework_to_bundle(framework: Framework) -> dict[str, Any]:
    """A JSON-ready dict of the framework in the authored-file shapes."""
    head: dict[str, Any] = {
        "id": framework.id, "uri": framework.uri, "version": framework.version,
        "title": _text(framework.title), "languages": list(framework.languages),
        "scale": {
            "proficient": framework.scale.proficient,
            "levels": [{"id": lv.id, "title": _text(lv.title), "description": _text(lv.description)}
                       for lv in framework.scale.levels],
        },
    }
    if framework.description is not None:
        head["description"] = _text(framework.description)
    if framework.publisher:
        head["publisher"] = framework.publisher
    if framework.required_languages:
        head["required_languages"] = list(framework.required_languages)
    domains = []
    for domain in framework.domains:
        entry: dict[str, Any] = {"code": domain.code, "title": _text(domain.title), "competencies": []}
        if domain.description is not None:
            entry["description"] = _text(domain.description)
        for code in domain.competencies:
            c = framework.competency(code)
            item: dict[str, Any] = {
                "code": c.code, "kind": c.kind.value, "title": _text(c.title), "statement": _text(c.statement),
                "levels": {level: _text(text) for level, text in c.levels},
            }
            if c.prerequisites:
                item["prerequisites"] = [{"competency": p.competency, "level": p.level, "reason": _text(p.reason)}
                                         for p in c.prerequisites]
            if c.sources:
                item["sources"] = list(c.sources)
            if c.tags:
                item["tags"] = list(c.tags)
            entry["competencies"].append(item)
        domains.append(entry)
    profiles = []
    for profile in framework.profiles:
        p: dict[str, Any] = {"id": profile.id, "title": _text(profile.title), "requirements": profile.as_dict()}
        if profile.description is not None:
            p["description"] = _text(profile.description)
        profiles.append(p)
    sources = []
    for source in framework.sources:
        s: dict[str, Any] = {"key": source.key, "kind": source.kind, "author": source.author,
                             "title": _text(source.title), "year": source.year}
        if source.publisher:
            s["publisher"] = source.publisher
        if source.url:
            s["url"] = source.url
        if source.note is not None:
            s["note"] = _text(source.note)
        sources.append(s)
    return {"framework": head, "domains": domains, "profiles": profiles, "sources": sources}


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def dump_bundle(framework: Framework, path: Path) -> None:
    """Write ``framework`` as a JSON bundle file at ``path`` (atomically)."""
    text = json.dumps(framework_to_bundle(framework), ensure_ascii=False, indent=1, sort_keys=True)
    write_atomic(path, text.encode("utf-8"))
