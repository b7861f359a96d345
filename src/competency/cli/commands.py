"""Imports every command module so its commands register on :data:`cli`."""

from __future__ import annotations

__all__: list[str] = []
