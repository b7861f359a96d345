"""Reading YAML and JSON documents while keeping where each value came from.

A :class:`SourceDocument` holds the plain data (dicts, lists, scalars) and a
table from JSON path to 1-based line and column, so schema errors and semantic
errors can both point at ``file:line:col``.  YAML is composed into its node tree
(with libyaml's C loader when it is installed) and built by hand, which is also
where duplicate keys are caught: PyYAML would silently keep the last one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from attrs import field, frozen

from competency.diagnostics import Diagnostic, Origin

__all__ = ["JsonPath", "SourceDocument", "format_json_path", "read_document"]

JsonPath = tuple[str | int, ...]

try:  # libyaml is an order of magnitude faster; fall back to pure Python.
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

_MAX_BYTES = 20 * 1024 * 1024  # an authored file larger than this is a mistake


def format_json_path(path: JsonPath) -> str:
    """``('competencies', 2, 'code')`` -> ``$.competencies[2].code``.

    >>> format_json_path(("competencies", 2, "code"))
    '$.competencies[2].code'
    """
    text = "$"
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


@frozen
class SourceDocument:
    """A parsed document, the marks of its values and, once checked, its schema kind."""

    file: str
    data: Any
    marks: dict[JsonPath, tuple[int, int]] = field(factory=dict, eq=False, repr=False)
    kind: str = ""
    #: The languages the strict text schema was tried with at read time, and its verdict.
    texts_checked_for: tuple[str, ...] = field(default=(), eq=False, repr=False)
    texts_complete: bool = field(default=False, eq=False, repr=False)
    _root: Origin | None = field(default=None, init=False, eq=False, repr=False)

    def _marks_values(self) -> bool:
        # False for a JSON bundle, which marks at most its root.
        marks = self.marks
        return len(marks) > 1 or bool(marks and () not in marks)

    def only_origin(self) -> Origin | None:
        """The origin of every value when the document marks only its root (a
        JSON bundle), else ``None``: callers can then skip building paths."""
        return None if self._marks_values() else self.origin(())

    def origin(self, path: JsonPath = ()) -> Origin:
        """Where the value at ``path`` starts; falls back to its nearest parent."""
        marks = self.marks
        if self._marks_values():
            for cut in range(len(path), -1, -1):
                mark = marks.get(path[:cut])
                if mark is not None:
                    return Origin(self.file, mark[0], mark[1])
        # A JSON bundle marks only its root: every value resolves to it, so the
        # 400,000 origins of a large bundle share one object.
        mark = marks.get((), (1, 1))
        root = self._root
        if root is None or (root.line, root.column) != mark:
            root = Origin(self.file, mark[0], mark[1])
            object.__setattr__(self, "_root", root)
        return root

    def get(self, path: JsonPath) -> Any:
        value = self.data
        for part in path:
            value = value[part]
        return value


def _construct(
    node: yaml.Node, path: JsonPath, marks: dict[JsonPath, tuple[int, int]],
    constructor: Any, file: str, problems: list[Diagnostic],
) -> Any:
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_seen: dict[str, Origin] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True)
            where = Origin(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key, str):
                key = str(key)
            if key in first_seen:
                problems.append(Diagnostic.at(
                    where, "CMP102",
                    f"duplicate key {key!r}; it is already defined at line {first_seen[key].line}",
                    path=format_json_path(path), related=[first_seen[key]],
                ))
                continue
            first_seen[key] = where
            result[key] = _construct(value_node, (*path, key), marks, constructor, file, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(child, (*path, index), marks, constructor, file, problems)
            for index, child in enumerate(node.value)
        ]
    return constructor.construct_object(node, deep=True)


def _read_yaml(file: str, text: str) -> tuple[Any, dict[JsonPath, tuple[int, int]], list[Diagnostic]]:
    loader = _Loader(text)
    problems: list[Diagnostic] = []
    marks: dict[JsonPath, tuple[int, int]] = {}
    try:
        node = loader.get_single_node()
        data = None if node is None else _construct(node, (), marks, loader, file, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        origin = Origin(file, mark.line + 1, mark.column + 1) if mark else Origin(file, 1, 1)
        detail = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return None, {}, [Diagnostic.at(origin, "CMP101", f"YAML syntax error: {detail}")]
    except yaml.YAMLError as exc:
        return None, {}, [Diagnostic.at(Origin(file, 1, 1), "CMP101", f"YAML error: {exc}")]
    finally:
        loader.dispose()
    return data, marks, problems


def read_document(path: Path, display: str | None = None) -> tuple[SourceDocument | None, list[Diagnostic]]:
    """Read one YAML or JSON file.

    Returns the document (``None`` when it cannot be parsed) and the problems
    found while reading: unreadable file or bad encoding (``CMP103``), syntax
    errors (``CMP101``) and duplicate keys (``CMP102``).
    """
    file = display or path.as_posix()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic.at(Origin(file), "CMP103", f"cannot read file: {exc.strerror}")]
    if path.suffix != ".json" and len(raw) > _MAX_BYTES:  # JSON bundles are machine-made and may be large
        return None, [Diagnostic.at(Origin(file), "CMP103", f"file is larger than {_MAX_BYTES} bytes")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Diagnostic.at(Origin(file, line, 1), "CMP103", "file is not valid UTF-8")]
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return None, [Diagnostic.at(Origin(file, exc.lineno, exc.colno), "CMP101",
                                        f"JSON syntax error: {exc.msg}")]
        # JSON inputs are machine-made bundles: only the document itself is marked.
        return SourceDocument(file, data, {(): (1, 1)}), []
    data, marks, problems = _read_yaml(file, text)
    if data is None and not problems:
        problems.append(Diagnostic.at(Origin(file, 1, 1), "CMP104", "file is empty"))
        return None, problems
    if data is None:
        return None, problems
    return SourceDocument(file, data, marks), problems
