"""`flask nxus compact`: the purge to its end, then the space back (SQLite: VACUUM, which
also converts a file made before incremental auto-vacuum)."""

from __future__ import annotations

import os
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import text

from nxus import create_app
from nxus.db import Base, engine_for, new_session, utcnow
from nxus.models import Job
from nxus.services import disk_space, jobs
from tests.integration.qbwc.conftest import customer_query, make_connection


def _old_jobs(app: Flask, count: int) -> None:
    conn = make_connection(app)
    noise = os.urandom(300_000).hex()
    with new_session(app) as db:
        for _ in range(count):
            job = jobs.submit_qbxml(db, conn.id, customer_query(), commit=False)
            job.state, job.response_body = "done", f"<QBXML>{noise}</QBXML>"
            job.finished_at = utcnow() - timedelta(hours=2)
        db.commit()


def test_compact_converts_an_old_sqlite_file_and_shrinks_it(
    tmp_path: Path, app_config: dict[str, Any]
) -> None:
    if not app_config["DATABASE_URL"].startswith("sqlite"):
        return  # the PostgreSQL case: test_compact_on_any_database
    path = tmp_path / "before-auto-vacuum.db"
    with sqlite3.connect(path) as old:
        old.execute("PRAGMA page_size=16384")
        old.execute("CREATE TABLE unrelated (x)")  # made the way nXus did before: no auto_vacuum
    app = create_app({**app_config, "DATABASE_URL": f"sqlite:///{path}"})
    engine = engine_for(app)
    try:
        Base.metadata.create_all(engine)
        _old_jobs(app, 20)
        before = disk_space.database_bytes(app)
        result = app.test_cli_runner().invoke(args=["nxus", "compact"])
        assert result.exit_code == 0, result.output
        assert "Purged: 20 job payloads" in result.output and "MB after" in result.output
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA auto_vacuum")).scalar() == 2
        assert disk_space.database_bytes(app) < before / 2
        with new_session(app) as db:
            assert all(job.payload_purged_at for job in db.query(Job))
    finally:
        engine.dispose()


def test_compact_on_any_database(app: Flask) -> None:
    _old_jobs(app, 3)
    result = app.test_cli_runner().invoke(args=["nxus", "compact"])
    assert result.exit_code == 0, result.output
    assert "Purged: 3 job payloads" in result.output
