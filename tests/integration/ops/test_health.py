"""/healthz and /readyz: no session, no cookie, no database for /healthz; /readyz follows the
database (reachable, at the migrations' head) and says why when it is not ready."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import make_url

from nxus import create_app
from nxus.db import engine_for
from nxus.migrate import upgrade
from tests.integration.ops.relay import TcpRelay


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
    assert body["revision"] == "0002" or body["revision"].isalnum()
    assert "Set-Cookie" not in response.headers


def test_readyz_says_migrations_are_missing_on_a_create_all_schema(app: Flask) -> None:
    """The test `app` is built with create_all: tables but no Alembic revision. A real
    server never runs like that (make run migrates first), so readyz must refuse it."""
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
        assert response.get_json()["reason"] == "migrations behind: at 0001, head 0002"
        upgrade(app)
        assert client.get("/readyz").status_code == 200
        with engine_for(app).begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.get_json()["reason"] == (
            "database is newer than this code: at 9999_future, head 0002"
        )
    finally:
        engine_for(app).dispose()


def _sqlite_path(app: Flask) -> Path | None:
    url = make_url(app.config["DATABASE_URL"])
    return Path(url.database) if url.get_backend_name() == "sqlite" else None


def test_readyz_goes_503_when_the_database_is_gone_and_comes_back(migrated_app: Flask) -> None:
    client = migrated_app.test_client()
    assert client.get("/readyz").status_code == 200
    engine = engine_for(migrated_app)
    path = _sqlite_path(migrated_app)
    if path is None:
        pytest.skip("PostgreSQL: see test_readyz_postgres_goes_away_and_comes_back")
    moved = path.with_name("moved-away.db")
    # The file disappears and a directory takes its name: nothing can open it any more.
    engine.dispose()
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


def test_readyz_postgres_unreachable_hides_credentials(
    migrated_app: Flask, app_factory: Any, postgres_base_url: str | None
) -> None:
    """A PostgreSQL URL whose server does not answer (a closed port, with a password in
    the URL): 503 naming the failure, never the password or the user."""
    if postgres_base_url is None:
        pytest.skip("needs NXUS_TEST_DATABASE_URL on PostgreSQL")
    url = make_url(postgres_base_url).set(password="hunter2-secret", port=1)
    down = app_factory(DATABASE_URL=url.render_as_string(hide_password=False))
    client = down.test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    reason = response.get_json()["reason"]
    assert reason.startswith("database unreachable:"), reason
    assert "hunter2-secret" not in reason
    # The real server comes back into view as soon as the URL points at it again.
    assert migrated_app.test_client().get("/readyz").status_code == 200


def test_readyz_postgres_goes_away_and_comes_back(
    app_factory: Any, postgres_base_url: str | None, app_config: dict[str, Any]
) -> None:
    """PostgreSQL stops answering (here: the TCP path to it is cut, pooled connections
    included) and comes back on the same address: 503 then 200, with no restart."""
    if postgres_base_url is None:
        pytest.skip("needs NXUS_TEST_DATABASE_URL on PostgreSQL")
    target = make_url(app_config["DATABASE_URL"])
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
        relay.start()
        assert client.get("/readyz").status_code == 200
