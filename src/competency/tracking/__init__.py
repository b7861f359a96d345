"""Learner evidence: the append-only ledger, ingest, mastery and progress.

Storage is SQLAlchemy Core on SQLite (default) or PostgreSQL; see
``docs/tracking.md`` for the ledger, the CSV format and the mastery models.
"""

from competency.tracking.ingest import IngestReport, Reject, ingest
from competency.tracking.ledger import AppendResult, Conflict, Event, Ledger, Record, Void
from competency.tracking.tables import SCHEMA_VERSION, SchemaError, connect, migrate

__all__ = [
    "SCHEMA_VERSION",
    "AppendResult",
    "Conflict",
    "Event",
    "IngestReport",
    "Ledger",
    "Record",
    "Reject",
    "SchemaError",
    "Void",
    "connect",
    "ingest",
    "migrate",
]
