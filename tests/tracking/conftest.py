"""Fixtures: the toy catalogue and a ledger on SQLite and on PostgreSQL.

Every test that takes ``db_url`` or ``ledger`` runs twice, once per database.
PostgreSQL tests skip when no server binaries are installed, except under
``CI`` where a missing part is a failure.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from competency.model import Catalogue
from competency.tracking import Ledger

from .pgserver import PgServer, find_bin

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "toy"
_names = itertools.count()


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    from competency.validation import load_catalogue

    loaded = load_catalogue(FIXTURES / "standards", FIXTURES / "modules")
    return Catalogue(framework=loaded.framework.with_identifiers(), modules=loaded.modules)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    bindir = find_bin()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries not found (install Debian package postgresql)")
        pytest.skip("PostgreSQL server binaries not found")
    server = PgServer(bindir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    server: PgServer = request.getfixturevalue("pg_server")
    return server.create_database(f"ledger_{os.getpid()}_{next(_names)}")


@pytest.fixture
def ledger(db_url: str) -> Iterator[Ledger]:
    opened = Ledger.open(db_url)
    try:
        yield opened
    finally:
        opened.close()
