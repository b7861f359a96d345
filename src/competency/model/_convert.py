"""Typed converters for attrs fields (mypy needs typed callables, not ``tuple``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["as_pairs", "as_sorted_pairs", "as_tuple"]


def as_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def as_pairs(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    if type(value) is list or type(value) is tuple:  # the loaders' case; skips the ABC check
        return tuple(value)
    return tuple(value.items()) if isinstance(value, Mapping) else tuple(value)


def as_sorted_pairs(value: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(as_pairs(value)))
