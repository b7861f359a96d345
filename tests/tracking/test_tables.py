"""Migrations: versioned, repeatable, and a newer schema is refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert

from competency.tracking import SCHEMA_VERSION, SchemaError, connect, migrate
from competency.tracking.tables import current_version, normalise_url, schema_version


def test_migrate_is_repeatable_and_versioned(db_url: str) -> None:
    engine = connect(db_url)
    try:
        assert migrate(engine) == SCHEMA_VERSION
        assert migrate(engine) == SCHEMA_VERSION
        with engine.connect() as conn:
            assert current_version(conn) == SCHEMA_VERSION
            if engine.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    finally:
        engine.dispose()


def test_newer_schema_is_refused(db_url: str) -> None:
    engine = connect(db_url)
    try:
        migrate(engine)
        with engine.begin() as conn:
            conn.execute(insert(schema_version).values(version=SCHEMA_VERSION + 1,
                                                       applied_at=datetime(2030, 1, 1, tzinfo=UTC)))
        with pytest.raises(SchemaError, match="knows up to"):
            migrate(engine)
    finally:
        engine.dispose()


@pytest.mark.parametrize("url", ["mysql://x@y/z", "nonsense://"])
def test_unsupported_urls(url: str) -> None:
    with pytest.raises(ValueError):
        connect(url)


def test_postgres_urls_use_psycopg() -> None:
    assert normalise_url("postgres://h/db") == "postgresql+psycopg://h/db"
