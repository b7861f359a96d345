"""Field validators for the model's hot constructors.

A large standard builds hundreds of thousands of prerequisites and
competencies, and attrs' composed validators (``optional(instance_of(...))``,
``matches_re``) cost a call per layer.  These do the same checks in one call.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from competency.diagnostics import Origin

__all__ = ["matches", "optional_origin"]

Validator = Callable[[Any, Any, Any], None]


def matches(pattern: str | re.Pattern[str]) -> Validator:
    """A validator: the value is a string matching ``pattern`` whole.

    >>> check = matches(r"^[A-Z]+$")
    >>> class Field:
    ...     name = "code"
    >>> check(None, Field, "ABC")
    >>> check(None, Field, "abc")
    Traceback (most recent call last):
    ...
    ValueError: code must match ^[A-Z]+$, got 'abc'
    """
    compiled = re.compile(pattern)
    fullmatch, shown = compiled.fullmatch, compiled.pattern

    def check(instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, str):
            raise TypeError(f"{attribute.name} must be a string, got {value!r}")
        if fullmatch(value) is None:
            raise ValueError(f"{attribute.name} must match {shown}, got {value!r}")

    return check


def optional_origin(instance: Any, attribute: Any, value: Any) -> None:
    """A validator: the value is an :class:`Origin` or ``None``."""
    if value is not None and type(value) is not Origin and not isinstance(value, Origin):
        raise TypeError(f"{attribute.name} must be an Origin or None, got {value!r}")
