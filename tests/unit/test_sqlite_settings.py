"""How nXus opens a SQLite database: WAL, foreign keys, and 4 KiB pages for a new file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from nxus.db import make_engine


def test_a_new_database_gets_wal_and_4k_pages(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA page_size")).scalar() == 4096
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        # A small page cache per pooled connection (nxus.db.SQLITE_PAGE_CACHE_KIB).
        assert conn.execute(text("PRAGMA cache_size")).scalar() == -256
    engine.dispose()


def test_an_existing_database_keeps_its_pages(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.execute("PRAGMA page_size=16384")  # as nXus made files for a while
        old.execute("CREATE TABLE t (x)")  # rollback journal
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA page_size")).scalar() == 16384
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("SELECT count(*) FROM t")).scalar() == 0
    engine.dispose()
