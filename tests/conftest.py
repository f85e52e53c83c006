"""Shared fixtures: a fresh database per test (SQLite file, or a fresh PostgreSQL schema when
NXUS_TEST_DATABASE_URL / NXUS_DATABASE_URL points at PostgreSQL), the app, its test client and
CLI runner, an `auth` helper, and a live threaded server for HTTP, SOAP and SDK tests."""

from __future__ import annotations

import os
import re
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from nxus import create_app
from nxus.db import Base, engine_for

REPO = Path(__file__).resolve().parent.parent
# Protocol data the project owns (envelopes, qbXML requests, responses): tests/fixtures/README.md
FIXTURES = REPO / "tests" / "fixtures"

# Cheap argon2 parameters: tests only (production uses config/default.py).
CHEAP_ARGON2 = {"ARGON2_TIME_COST": 1, "ARGON2_MEMORY_COST": 8, "ARGON2_PARALLELISM": 1}
OWNER = {
    "organization": "Acme Books",
    "email": "owner@example.com",
    "password": "correct horse battery",
}


def _postgres_base_url() -> str | None:
    for name in ("NXUS_TEST_DATABASE_URL", "NXUS_DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith("postgresql"):
            return url
    return None


@pytest.fixture(scope="session")
def postgres_base_url() -> str | None:
    return _postgres_base_url()


@pytest.fixture
def database_url(tmp_path: Path, postgres_base_url: str | None) -> Iterator[str]:
    """A database nobody else uses: a SQLite file, or a new PostgreSQL schema."""
    with fresh_database(tmp_path, postgres_base_url) as url:
        yield url


@contextmanager
def fresh_database(folder: Path, postgres_base_url: str | None) -> Iterator[str]:
    """A SQLite file in `folder`, or a new PostgreSQL schema dropped afterwards (for fixtures
    of a wider scope than `database_url`)."""
    if postgres_base_url is None:
        yield f"sqlite:///{folder / 'nxus.db'}"
        return
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(postgres_base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in postgres_base_url else "?"
    try:
        yield f"{postgres_base_url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> dict[str, Any]:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret-key-not-for-production",
        # Wake-up listeners of finished tests' apps stop soon (no thread or connection piles up).
        "WAKEUP_LISTENER_IDLE_SECONDS": 1.0,
        **CHEAP_ARGON2,
    }


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    app = create_app(app_config)
    Base.metadata.create_all(engine_for(app))
    yield app
    engine_for(app).dispose()


@pytest.fixture
def app_factory(app_config: dict[str, Any]) -> Iterator[Any]:
    """More app instances on the same database (like more processes); engines disposed after."""
    made: list[Flask] = []

    def make(**overrides: Any) -> Flask:
        made.append(create_app({**app_config, **overrides}))
        return made[-1]

    yield make
    for extra in made:
        engine_for(extra).dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def same_origin(client: FlaskClient, path: str) -> dict[str, str]:
    """The Referer a browser sends; Flask-WTF requires it on HTTPS (the test client's scheme
    follows PREFERRED_URL_SCHEME, https while secure cookies are on)."""
    scheme = client.application.config["PREFERRED_URL_SCHEME"]
    return {"Referer": f"{scheme}://localhost{path}"}


class AuthActions:
    """Drives the portal's forms the way a browser does (GET the form, POST with its token)."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def post_form(self, path: str, data: dict[str, str], follow: bool = False) -> Any:
        page = self.client.get(path)
        token = csrf_token_from(page.get_data(as_text=True))
        return self.client.post(
            path,
            data={**data, "csrf_token": token},
            headers=same_origin(self.client, path),
            follow_redirects=follow,
        )

    def setup(self, **overrides: str) -> Any:
        return self.post_form("/setup", {**OWNER, **overrides})

    def login(self, email: str = OWNER["email"], password: str = OWNER["password"]) -> Any:
        return self.post_form("/login", {"email": email, "password": password})

    def logout(self) -> Any:
        return self.post_form("/logout", {})


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


class LiveServer:
    def __init__(self, app: Flask) -> None:
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    """The app served over real HTTP by a threaded server in this process."""
    with LiveServer(app) as server:
        yield server
