"""Imports every command module so its commands register on the ``cli`` group."""

from __future__ import annotations

from competency.cli import explore, track
from competency.cli.build import build
from competency.cli.main import cli

cli.add_command(build)

__all__ = ["build", "explore", "track"]
