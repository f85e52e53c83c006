"""/healthz and /readyz: no session, no cookie, no database for /healthz; /readyz follows the
database (reachable, at the migrations' head) and says why when it is not ready."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import make_url

from nxus import create_app
from nxus.db import engine_for
from nxus.migrate import script_revisions, upgrade
from tests.integration.ops.relay import TcpRelay

# The newest shipped revision (later helpers add their own; never hard-coded).
HEAD = ", ".join(sorted(script_revisions()[0]))


def test_healthz_answers_without_touching_the_database(migrated_app: Flask) -> None:
    engine = engine_for(migrated_app)
    engine.dispose()
    migrated_app.extensions["nxus.engine"] = None  # any database use would now raise
    try:
        response = migrated_app.test_client().get("/healthz")
    finally:
        migrated_app.extensions["nxus.engine"] = engine
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_readyz_is_ready_at_head_and_sets_no_cookie(migrated_app: Flask) -> None:
    response = migrated_app.test_client().get("/readyz")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "ready"
    assert body["revision"] == HEAD
    assert "Set-Cookie" not in response.headers


def test_create_all_records_the_head_revision(app: Flask) -> None:
    """The test `app` is built with create_all, which makes the models' schema, the head:
    it is stamped so (Alembic's cookbook), and readyz is ready."""
    assert app.test_client().get("/readyz").status_code == 200
    with engine_for(app).connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD


def test_readyz_says_migrations_are_missing_without_a_revision(app: Flask) -> None:
    """Tables but no Alembic revision (a schema made by hand, or by an old tool)."""
    with engine_for(app).begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    reason = response.get_json()["reason"]
    assert reason.startswith("migrations not applied:")
    assert "flask nxus db-upgrade" in reason


def test_readyz_reports_migrations_behind_and_ahead(app_config: dict[str, Any]) -> None:
    app = create_app(app_config)
    try:
        upgrade(app, "0001")
        client = app.test_client()
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.get_json()["reason"] == f"migrations behind: at 0001, head {HEAD}"
        upgrade(app)
        assert client.get("/readyz").status_code == 200
        with engine_for(app).begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.get_json()["reason"] == (
            f"database is newer than this code: at 9999_future, head {HEAD}"
        )
    finally:
        engine_for(app).dispose()


def test_readyz_goes_503_when_the_database_is_gone_and_comes_back(
    migrated_app: Flask, app_factory: Any, app_config: dict[str, Any]
) -> None:
    url = make_url(app_config["DATABASE_URL"])
    if url.get_backend_name() == "postgresql":
        _postgres_goes_away_and_comes_back(app_factory, url)
        return
    client = migrated_app.test_client()
    assert client.get("/readyz").status_code == 200
    path = Path(str(url.database))
    moved = path.with_name("moved-away.db")
    # The file disappears and a directory takes its name: nothing can open it any more.
    engine_for(migrated_app).dispose()
    os.rename(path, moved)
    path.mkdir()
    try:
        response = client.get("/readyz")
        assert response.status_code == 503
        reason = response.get_json()["reason"]
        assert reason.startswith("database unreachable: OperationalError:"), reason
        assert client.get("/healthz").status_code == 200  # alive all the same
    finally:
        path.rmdir()
        os.rename(moved, path)
    assert client.get("/readyz").status_code == 200


def _postgres_goes_away_and_comes_back(app_factory: Any, target: Any) -> None:
    """PostgreSQL stops answering (the TCP path to it is cut, pooled connections included)
    and comes back on the same address: 503 then 200, with no restart."""
    with TcpRelay(target.host or "127.0.0.1", target.port or 5432) as relay:
        served = app_factory(
            DATABASE_URL=target.set(host="127.0.0.1", port=relay.port).render_as_string(
                hide_password=False
            )
        )
        upgrade(served)
        client = served.test_client()
        assert client.get("/readyz").status_code == 200
        relay.stop()
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.get_json()["reason"].startswith("database unreachable:")
        assert client.get("/healthz").status_code == 200
        relay.start()
        assert client.get("/readyz").status_code == 200


def test_readyz_hides_the_credentials_of_an_unreachable_database(app_factory: Any) -> None:
    """A PostgreSQL URL with a password whose server does not answer (a closed port on
    loopback; no PostgreSQL needed): 503 naming the failure, never the password."""
    url = "postgresql+psycopg://nxus:hunter2-secret@127.0.0.1:1/nxus?connect_timeout=5"
    client = app_factory(DATABASE_URL=url).test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    reason = response.get_json()["reason"]
    assert reason.startswith("database unreachable: OperationalError:"), reason
    assert "hunter2-secret" not in reason
