"""The ledger's tables (SQLAlchemy Core), its versioned migrations and engines.

One code path serves SQLite (the default: a file in WAL mode) and PostgreSQL
(psycopg 3). The schema is created and upgraded only by :func:`migrate`, which
applies numbered steps in order and records each in ``schema_version``; a
database written by a newer toolkit is refused rather than guessed at.

Every row of ``evidence`` is one observation about a learner; rows are never
updated or deleted. Corrections are rows of ``voids`` naming the record they
withdraw (see ``docs/decisions/0003-append-only-ledger.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    event,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError

from competency.tracking.events import Event, content, content_digest

__all__ = [
    "SCHEMA_VERSION",
    "SchemaError",
    "batches",
    "connect",
    "evidence",
    "learners",
    "metadata",
    "migrate",
    "normalise_url",
    "schema_version",
    "voids",
]

metadata = MetaData()
# SQLite only autoincrements an INTEGER PRIMARY KEY; PostgreSQL gets a bigint.
_ID = BigInteger().with_variant(Integer(), "sqlite")

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

batches = Table(
    "batches",
    metadata,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("file", String(1024), nullable=False),
    Column("first_record", Integer, nullable=False),
    Column("last_record", Integer, nullable=False),
    Column("committed_at", DateTime(timezone=True), nullable=False),
)

learners = Table(
    "learners",
    metadata,
    Column("id", String(255), primary_key=True),
    # Optional: a learner is a pseudonymous id; names and emails only if given.
    Column("name", String(255)),
    Column("email", String(320)),
)

evidence = Table(
    "evidence",
    metadata,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False, unique=True),  # idempotency key
    Column("digest", String(32), nullable=False),  # detects a conflicting re-send
    Column("batch_id", _ID, ForeignKey("batches.id"), nullable=False, index=True),
    Column("learner", String(255), nullable=False),
    Column("competency", String(64)),
    Column("module", String(64)),
    Column("item", String(64)),
    Column("level", String(64)),
    Column("source", String(16), nullable=False),
    Column("method", String(16)),
    Column("verb", String(32)),
    Column("scaled", Float),
    Column("raw", Float),
    Column("score_min", Float),
    Column("score_max", Float),
    Column("success", Boolean),
    Column("completion", Boolean),
    Column("response", Text),
    Column("correct", Boolean),
    Column("attempt", String(255)),
    Column("form", String(8)),
    Column("kirkpatrick", SmallInteger),
    Column("assessor", String(255)),
    Column("observed_at", DateTime(timezone=True), nullable=False),
    Column("record_id", String(255), nullable=False),
    Column("origin", String(1024), nullable=False),
    Column("note", Text),
    Index("ix_evidence_learner", "learner", "observed_at"),
    Index("ix_evidence_record", "record_id"),
)

voids = Table(
    "voids",
    metadata,
    Column("id", _ID, primary_key=True, autoincrement=True),
    Column("key", String(300), nullable=False, unique=True),
    Column("batch_id", _ID, ForeignKey("batches.id"), nullable=False),
    Column("target", String(255), nullable=False, index=True),  # the record_id withdrawn
    Column("reason", Text),
    Column("voided_at", DateTime(timezone=True), nullable=False),
    Column("origin", String(1024), nullable=False),
)


class SchemaError(RuntimeError):
    """The database cannot be used: newer schema, or not a ledger at all."""


def _v1(conn: Connection) -> None:
    for table in (batches, learners, evidence, voids):
        table.create(conn, checkfirst=True)


def _v2(conn: Connection) -> None:
    """Content digests in the stable form of :func:`.events.content_digest`.

    Version 1 hashed ``repr()`` of the values with the time as a ``datetime``,
    which differs for equal instants in other time zones and is costly. The
    digest is derived from the other columns, so it is recomputed from them,
    page by page; no evidence column changes.
    """
    last = 0
    rewrite = (update(evidence).where(evidence.c.id == bindparam("row_id"))
               .values(digest=bindparam("new_digest")))
    while True:
        page = conn.execute(select(evidence).where(evidence.c.id > last).order_by(evidence.c.id).limit(2000)).all()
        if not page:
            return
        conn.execute(rewrite, [{"row_id": row.id, "new_digest": content_digest(content(Event.from_row(row._mapping)))}
                               for row in page])
        last = page[-1].id


#: Numbered steps; a released step is never edited, a change is a new step.
MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = ((1, _v1), (2, _v2))
SCHEMA_VERSION = MIGRATIONS[-1][0]


def normalise_url(url: str) -> str:
    """Accept ``postgresql://`` and plain paths; select the psycopg 3 driver.

    >>> normalise_url("postgresql://u@127.0.0.1:5432/ledger")
    'postgresql+psycopg://u@127.0.0.1:5432/ledger'
    >>> normalise_url("ledger.db")
    'sqlite:///ledger.db'
    """
    if "://" not in url:
        return f"sqlite:///{url}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Autocommit at the driver level so SQLAlchemy's "begin" event can issue
    # BEGIN IMMEDIATE: two writers then queue on the lock instead of failing
    # with "database is locked" when a read transaction tries to upgrade.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def connect(url: str) -> Engine:
    """An engine for ``url``; raises ``ValueError`` for a malformed URL.

    SQLite files are opened in WAL mode with a busy timeout so concurrent
    ingests wait for each other; nothing is created until :func:`migrate`.
    """
    try:
        parsed = make_url(normalise_url(url))
        if parsed.get_backend_name() not in ("sqlite", "postgresql"):
            raise ValueError(f"unsupported database {parsed.get_backend_name()!r}; use sqlite or postgresql")
        engine = create_engine(parsed)
    except (ArgumentError, ImportError) as exc:
        raise ValueError(f"cannot use database URL {url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _lock(conn: Connection) -> None:
    # SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL needs an
    # explicit lock so two first-time ingests do not both create the tables.
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(727001)"))


def current_version(conn: Connection) -> int:
    """The applied schema version, 0 for an empty database."""
    if not conn.dialect.has_table(conn, "schema_version"):
        return 0
    value = conn.execute(select(schema_version.c.version).order_by(schema_version.c.version.desc())).scalar()
    return int(value or 0)


def migrate(engine: Engine) -> int:
    """Bring the database to :data:`SCHEMA_VERSION`; returns the version.

    Raises
    ------
    SchemaError
        If the database was written by a newer toolkit.
    """
    with engine.begin() as conn:
        _lock(conn)
        schema_version.create(conn, checkfirst=True)
        have = current_version(conn)
        if have > SCHEMA_VERSION:
            raise SchemaError(
                f"the ledger has schema version {have}; this toolkit knows up to {SCHEMA_VERSION}"
            )
        for number, step in MIGRATIONS:
            if number > have:
                step(conn)
                conn.execute(schema_version.insert().values(version=number, applied_at=datetime.now(UTC)))
    return SCHEMA_VERSION
