"""The wizard's server side: the page (no secrets, no inline script), the first-exchange
helper, and the setup link's own endpoints (token in a header, never a cookie)."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from nxus.db import new_session
from nxus.models import Connection
from nxus.models.qbwc import Job
from nxus.services import auth_sessions
from nxus.web.auth_flow import TOKEN_HEADER
from tests.conftest import AuthActions, csrf_token_from, same_origin


def link_for(app: Flask, connection_id: object) -> tuple[str, str, str]:
    """(page path, endpoint base, token) of a new setup link; the link itself is
    `<page path>#<token>`, and the page path is also the base of the link's endpoints."""
    with app.app_context(), new_session(app) as session:
        connection = session.get(Connection, connection_id)
        assert connection is not None
        link = auth_sessions.create(session, connection, None, 30)
        token = auth_sessions.link_token(app.config["SECRET_KEY"], link.public_id)
        return f"/auth-flow/{link.public_id}", f"/auth-flow/{link.public_id}", token


def queued_jobs(app: Flask, connection_id: object) -> int:
    with new_session(app) as session:
        return len(list(session.scalars(select(Job).where(Job.connection_id == connection_id))))


def test_wizard_page(signed_in: AuthActions) -> None:
    response = signed_in.client.get("/wizard")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert 'href="/wizard"' in html and 'aria-current="page"' in html  # in the nav
    assert 'data-mode="portal"' in html and 'data-api="/api/v1"' in html
    assert "js/wizard.js" in html and not re.search(r"<script(?![^>]*\bsrc=)", html)
    for text in (
        "Auto-Run",
        "Run on a Schedule",
        "Personal Data Sharing",
        "Yes, always; allow access even if QuickBooks is not running",
    ):
        assert text in html
    # Every input has a label.
    for input_id in re.findall(r'<input[^>]*\bid="([^"]+)"', html):
        assert f'for="{input_id}"' in html, input_id


def test_first_exchange_needs_csrf_and_queues_once(
    app: Flask, signed_in: AuthActions, make_connection: Callable[..., Connection]
) -> None:
    connection = make_connection()
    path = f"/wizard/connections/{connection.id}/first-exchange"
    assert signed_in.client.post(path).status_code == 400
    token = csrf_token_from(
        signed_in.client.get("/wizard")
        .get_data(as_text=True)
        .replace('data-csrf="', 'name="csrf_token" value="')
    )
    headers = {"X-CSRFToken": token, **same_origin(signed_in.client, "/wizard")}
    first = signed_in.client.post(path, headers=headers)
    assert first.status_code == 200 and first.get_json() == {"queued": True}
    again = signed_in.client.post(path, headers=headers)
    assert again.get_json() == {"queued": False}
    assert queued_jobs(app, connection.id) == 1


def test_setup_link_runs_the_wizard_for_its_connection(
    app: Flask,
    client: FlaskClient,
    signed_in: AuthActions,
    make_connection: Callable[..., Connection],
) -> None:
    connection = make_connection("Acme HQ")
    signed_in.logout()
    page_path, base, token = link_for(app, connection.id)
    html = client.get(page_path).get_data(as_text=True)
    assert 'data-mode="link"' in html and "js/wizard.js" in html
    assert f'data-session-url="{base}/session"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
    # The shell names nothing: the connection comes from the link's /session endpoint.
    assert token not in html and "Acme HQ" not in html and "data-connection-id" not in html
    assert 'data-step="1"' not in html  # the connection exists: no step 1, no API key

    header = {TOKEN_HEADER: token}
    info = client.get(f"{base}/session", headers=header).get_json()
    assert info["connectionName"] == "Acme HQ" and info["connectionId"] == connection.public_id
    qwc = client.get(f"{base}/qwc", headers=header)
    assert qwc.status_code == 200 and b"<QBWCXML>" in qwc.data
    assert qwc.headers["Cache-Control"] == "no-store"
    password = client.post(f"{base}/password", headers=header).get_json()["password"]
    assert len(password) == 24
    status = client.get(f"{base}/status", headers=header).get_json()
    assert status["isConnected"] is False and status["state"] == "waiting"
    assert status["warnings"] == []  # http://localhost is fine for the Web Connector
    app.config["PUBLIC_URL"] = "http://10.0.0.5:8000"
    warnings = client.get(f"{base}/status", headers=header).get_json()["warnings"]
    assert len(warnings) == 2 and "IP address" in warnings[0] and "not https" in warnings[1]
    assert client.post(f"{base}/first-exchange", headers=header).get_json() == {"queued": True}
    assert client.get(page_path).get_data(as_text=True).count(password) == 0

    # No token, a wrong token, or a superseded link: refused, in words.
    for headers, status, code in (
        ({}, 401, "LINK_MISSING"),
        ({TOKEN_HEADER: token[:-2] + "xx"}, 404, "LINK_UNKNOWN"),
    ):
        refused = client.post(f"{base}/password", headers=headers)
        assert refused.status_code == status
        assert refused.get_json()["error"]["code"] == code
    link_for(app, connection.id)
    refused = client.get(f"{base}/status", headers=header)
    assert refused.status_code == 410
    assert "newer one" in refused.get_json()["error"]["userFacingMessage"]
