"""`flask nxus backup` while a writer keeps inserting, and `flask nxus restore` into a new
server that then serves the same keys, connections and jobs; a backup from a newer schema is
refused, one from an older schema is migrated."""

from __future__ import annotations

import sqlite3
import stat
import threading
import uuid
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from nxus import create_app
from nxus.db import engine_for, new_session
from nxus.migrate import script_revisions, upgrade
from nxus.models import Connection, Job
from tests.integration.ops.conftest import make_tenant

# The newest shipped revision (later helpers add their own; never hard-coded).
HEAD = ", ".join(sorted(script_revisions()[0]))


class Writer(threading.Thread):
    """Adds a connection and a job for it in one transaction, again and again."""

    def __init__(self, app: Flask) -> None:
        super().__init__(daemon=True)
        self.app = app
        self.stop = threading.Event()
        self.org_id: uuid.UUID | None = None
        self.written = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                with new_session(self.app) as session:
                    conn = Connection(
                        organization_id=self.org_id,
                        mode="development",
                        description=f"writer {self.written}",
                        qbwc_username=f"writer-{uuid.uuid4().hex[:12]}",
                    )
                    session.add(conn)
                    session.flush()
                    session.add(
                        Job(connection_id=conn.id, request_names="X", request_body="<QBXML/>")
                    )
                    session.commit()
                self.written += 1
        except BaseException as exc:  # reported by the test
            self.error = exc


def _invoke(app: Flask, *args: str, input: str | None = None) -> Any:
    return app.test_cli_runner().invoke(args=["nxus", *args], input=input)


def _counts(app: Flask) -> tuple[int, int]:
    with new_session(app) as session:
        return (
            session.scalar(select(func.count()).select_from(Connection)) or 0,
            session.scalar(select(func.count()).select_from(Job)) or 0,
        )


def _second_app(app_config: dict[str, Any], tmp_path: Path, postgres: bool) -> Flask:
    if postgres:  # PostgreSQL: the same schema, emptied, stands for the new server's
        return create_app(app_config)
    return create_app({**app_config, "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.db'}"})


def test_backup_while_writing_restores_into_a_server_that_serves_the_same_data(
    migrated_app: Flask, app_config: dict[str, Any], tmp_path: Path
) -> None:
    tenant = make_tenant(migrated_app)
    writer = Writer(migrated_app)
    writer.org_id = tenant.org_id
    writer.start()
    try:
        while writer.written < 20 and writer.error is None:
            threading.Event().wait(0.01)
        target = tmp_path / "nxus-backup.db"
        result = _invoke(migrated_app, "backup", str(target))
        written_at_backup = writer.written
        while writer.written < written_at_backup + 20 and writer.error is None:
            threading.Event().wait(0.01)
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert writer.error is None, writer.error
    assert result.exit_code == 0, result.output
    postgres = engine_for(migrated_app).dialect.name == "postgresql"
    assert ("pg_dump" in result.output) == postgres
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    if not postgres:
        assert not Path(f"{target}-wal").exists()
    assert _invoke(migrated_app, "backup", str(target)).exit_code != 0  # no silent overwrite

    if postgres:  # the server's database is lost: every table dropped
        with engine_for(migrated_app).begin() as conn:
            for table in ("jobs", "connections", "api_keys", "alembic_version"):
                conn.execute(text(f'DROP TABLE "{table}" CASCADE'))
    restored = _second_app(app_config, tmp_path, postgres)
    try:
        result = _invoke(restored, "restore", "--yes", str(target))
        assert result.exit_code == 0, result.output
        assert "Restored" in result.output
        connections, jobs = _counts(restored)
        # A consistent snapshot: each writer transaction is in it whole or not at all, and
        # the writer went on after the backup (so the backup is not simply the end state).
        # (The tenant adds one connection with two jobs.)
        assert connections - 1 == jobs - 2
        assert connections >= 21
        assert postgres or connections < _counts(migrated_app)[0]
        client = restored.test_client()
        auth = {"Authorization": f"Bearer {tenant.key}"}
        response = client.get(f"/api/v1/connections/{tenant.connection_id}", headers=auth)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["id"] == tenant.connection_id
        with new_session(restored) as session:
            for job_id in tenant.job_ids:
                assert session.get(Job, job_id) is not None
        assert client.get("/readyz").status_code == 200
    finally:
        engine_for(restored).dispose()


def _is_postgres(app: Flask) -> bool:
    return make_url(app.config["DATABASE_URL"]).get_backend_name() == "postgresql"


def test_restore_refuses_a_backup_from_a_newer_schema(
    migrated_app: Flask, app_config: dict[str, Any], tmp_path: Path
) -> None:
    if _is_postgres(migrated_app):
        _postgres_refuses_a_newer_dump(migrated_app, tmp_path)
        return
    make_tenant(migrated_app)
    target = tmp_path / "b.db"
    assert _invoke(migrated_app, "backup", str(target)).exit_code == 0
    with sqlite3.connect(target) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.close()
    other = _second_app(app_config, tmp_path, False)
    try:
        result = _invoke(other, "restore", "--yes", str(target))
        assert result.exit_code != 0
        assert "newer nXus" in result.output and "0099_from_the_future" in result.output
        assert not (tmp_path / "restored.db").exists() or _counts_or_none(other) is None
        not_sqlite = tmp_path / "notes.txt"
        not_sqlite.write_text("hello")
        result = _invoke(other, "restore", "--yes", str(not_sqlite))
        assert result.exit_code != 0 and "not a SQLite database" in result.output
        result = _invoke(other, "restore", str(target), input="n\n")
        assert result.exit_code != 0  # asked, and declined
    finally:
        engine_for(other).dispose()


def _postgres_refuses_a_newer_dump(app: Flask, tmp_path: Path) -> None:
    engine = engine_for(app)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    target = tmp_path / "future.dump"
    result = _invoke(app, "backup", str(target))
    assert result.exit_code == 0 and "revision 0099_from_the_future" in result.output
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": HEAD})
        conn.execute(text("CREATE TABLE untouched_marker (x integer)"))
    result = _invoke(app, "restore", "--yes", str(target))
    assert result.exit_code != 0 and "newer nXus" in result.output
    with engine.begin() as conn:  # nothing was restored over the database
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        conn.execute(text("DROP TABLE untouched_marker"))


def _counts_or_none(app: Flask) -> tuple[int, int] | None:
    try:
        return _counts(app)
    except Exception:
        return None


def test_restore_migrates_an_older_backup_to_head(
    app_config: dict[str, Any], tmp_path: Path
) -> None:
    old = create_app(app_config)
    postgres = _is_postgres(old)
    try:
        upgrade(old, "0001")
        target = tmp_path / "old.db"
        result = _invoke(old, "backup", str(target))
        assert result.exit_code == 0 and "revision 0001" in result.output
    finally:
        engine_for(old).dispose()
    new = _second_app(app_config, tmp_path, postgres)
    try:
        if postgres:  # the server moved on meanwhile: restore must take it back, then up
            upgrade(new)
        result = _invoke(new, "restore", "--yes", str(target))
        assert result.exit_code == 0, result.output
        assert f"revision 0001, migrated to {HEAD}" in result.output
        assert new.test_client().get("/readyz").status_code == 200
        if not postgres:
            db = tmp_path / "restored.db"
            assert stat.S_IMODE(db.stat().st_mode) == 0o600
    finally:
        engine_for(new).dispose()


def test_a_truncated_backup_is_refused_and_the_database_is_untouched(
    migrated_app: Flask, tmp_path: Path
) -> None:
    """Half a backup (a copy cut short) never becomes half a database."""
    tenant = make_tenant(migrated_app)
    target = tmp_path / "whole.backup"
    assert _invoke(migrated_app, "backup", str(target)).exit_code == 0
    data = target.read_bytes()
    cut = tmp_path / "cut.backup"
    cut.write_bytes(data[: len(data) * 2 // 3])
    before = _counts(migrated_app)
    result = _invoke(migrated_app, "restore", "--yes", str(cut))
    assert result.exit_code != 0
    assert "Traceback" not in result.output and result.output.startswith("Error:"), result.output
    assert _counts(migrated_app) == before
    client = migrated_app.test_client()
    auth = {"Authorization": f"Bearer {tenant.key}"}
    assert (
        client.get(f"/api/v1/connections/{tenant.connection_id}", headers=auth).status_code == 200
    )
