"""The database's space on disk: how big it is, free pages handed back after each purge
(SQLite's incremental vacuum), and `flask nxus compact` (nxus.services.retention deletes the
rows; this gives their space back)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select, text

from nxus.db import engine_for

# SQLite: free pages kept for new rows (the purge frees about what new work takes), and the
# most handed back to the file system per run (16 MiB pages: 64 MiB).
FREE_PAGES_KEPT = 256
# The tables the retention purge deletes from or slims (compact vacuums them on PostgreSQL).
PURGED_TABLES = (
    "jobs",
    "qbwc_exchanges",
    "events",
    "webhook_deliveries",
    "request_log",
    "api_idempotency",
    "api_cursors",
)
VACUUM_PAGES_PER_RUN = 4096


def vacuum_free_pages(app: Flask, keep: int = 0, most: int = VACUUM_PAGES_PER_RUN) -> int:
    """SQLite with auto_vacuum=INCREMENTAL: give free pages beyond `keep` back to the file
    system (at most `most`); returns how many. 0 elsewhere."""
    engine = engine_for(app)
    if engine.dialect.name != "sqlite":
        return 0
    raw = engine.raw_connection()  # the pragma's own statement, no BEGIN around it
    try:
        sqlite = raw.driver_connection
        assert sqlite is not None
        if _pragma(sqlite, "auto_vacuum") != 2:
            return 0  # a file made before auto_vacuum: `flask nxus compact` converts it
        free = _pragma(sqlite, "freelist_count")
        pages = min(free - keep, most)
        if pages <= 0:
            return 0
        # executescript steps the pragma to its end (execute() frees one page per call).
        sqlite.executescript(f"PRAGMA incremental_vacuum({int(pages)});")
        return free - _pragma(sqlite, "freelist_count")
    finally:
        raw.close()


def _pragma(sqlite: Any, name: str) -> int:
    return int(sqlite.execute(f"PRAGMA {name}").fetchone()[0] or 0)


def database_bytes(app: Flask) -> int:
    """The database's size on disk: SQLite's file and WAL, or PostgreSQL's database."""
    engine = engine_for(app)
    if engine.dialect.name == "sqlite":
        path = Path(engine.url.database or "")
        return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    with engine.connect() as conn:
        size = conn.execute(select(func.pg_database_size(func.current_database()))).scalar()
        conn.rollback()
    return int(size or 0)


def compact(app: Flask) -> tuple[int, int]:
    """Give the space of purged rows back; (bytes before, bytes after).

    SQLite: VACUUM rewrites the file (it needs as much free disk again, and the write lock for
    the while), first turning on incremental auto-vacuum for a file made before it (the purge
    then gives space back by itself). PostgreSQL: VACUUM (ANALYZE) of the purged tables makes
    their space reusable (it goes back to the system only with VACUUM FULL, which locks them:
    left to the operator)."""
    before = database_bytes(app)
    engine = engine_for(app)
    if engine.dialect.name == "sqlite":
        raw = engine.raw_connection()
        try:
            sqlite = raw.driver_connection
            assert sqlite is not None
            sqlite.executescript(
                "PRAGMA auto_vacuum=INCREMENTAL; VACUUM; PRAGMA wal_checkpoint(TRUNCATE);"
            )
        finally:
            raw.close()
    else:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in PURGED_TABLES:
                conn.execute(text(f'VACUUM (ANALYZE) "{table}"'))
    return before, database_bytes(app)
