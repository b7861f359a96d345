"""Imports every command module so its commands register on the ``cli`` group."""

from __future__ import annotations

from competency.cli import explore, track

__all__ = ["explore", "track"]
