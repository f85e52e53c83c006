"""The Web Connector's address rules are shown where they matter: a red banner with the fix on
a production connection, a quiet note on a development one, nothing while the sample company
serves it; and `make run`'s gunicorn names one address, localhost."""

from __future__ import annotations

import importlib.util
import uuid
from typing import Any

import pytest
from flask import Flask

from nxus.db import new_session
from nxus.services import connections
from nxus.services.connections import Scope
from tests.conftest import REPO, AuthActions
from tests.integration.portal.test_keys_and_connections_pages import org_id

IP_BASE = "http://127.0.0.1:8000"


@pytest.fixture
def signed_in(auth: AuthActions) -> AuthActions:
    auth.setup()
    return auth


def _connection(app: Flask, mode: str) -> uuid.UUID:
    with app.app_context(), new_session(app) as session:
        return connections.create(session, Scope(org_id(app), mode), "Books", None).id


def _page(signed_in: AuthActions, connection_id: uuid.UUID, base: str) -> str:
    # The address the .qwc would use (as if the browser had opened nXus there).
    signed_in.client.application.config["PUBLIC_URL"] = base
    response = signed_in.client.get(f"/connections/{connection_id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_production_connection_at_an_ip_address_gets_the_banner_and_fix(
    app: Flask, signed_in: AuthActions
) -> None:
    html = _page(signed_in, _connection(app, "production"), IP_BASE)
    assert 'class="error banner" role="status" data-address-warning' in html
    assert "refuses IP-address hosts" in html and "http://localhost:8000" in html


def test_development_connection_gets_a_quiet_note_not_a_red_banner(
    app: Flask, signed_in: AuthActions
) -> None:
    html = _page(signed_in, _connection(app, "development"), IP_BASE)
    assert "error banner" not in html
    assert 'class="warning-box" data-address-warning' in html
    assert "The sample company needs nothing more" in html


@pytest.mark.parametrize("mode", ["production", "development"])
def test_localhost_has_no_address_warning(app: Flask, signed_in: AuthActions, mode: str) -> None:
    html = _page(signed_in, _connection(app, mode), "http://localhost:8000")
    assert "data-address-warning" not in html


def _gunicorn_conf(monkeypatch: pytest.MonkeyPatch, **env: str) -> Any:
    for name in ("NXUS_PUBLIC_URL", "HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("gconf", REPO / "config" / "gunicorn.conf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Log:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def info(self, message: str, *args: object) -> None:
        self.lines.append(message % args)


class _Server:
    def __init__(self) -> None:
        self.log = _Log()


def _ready_line(conf: Any) -> str:
    server = _Server()
    conf.when_ready(server)
    return server.log.lines[-1]


def test_gunicorn_says_the_localhost_address(monkeypatch: pytest.MonkeyPatch) -> None:
    """gunicorn logs the one address to open (through its logger: JSON logs stay JSON)."""
    assert _ready_line(_gunicorn_conf(monkeypatch)) == "nXus is ready: open http://localhost:8000"
    line = _ready_line(_gunicorn_conf(monkeypatch, PORT="8123", HOST="0.0.0.0"))
    assert "open http://localhost:8123" in line
    public = _gunicorn_conf(monkeypatch, NXUS_PUBLIC_URL="https://books.example.com/")
    assert _ready_line(public) == "nXus is ready: open https://books.example.com"
