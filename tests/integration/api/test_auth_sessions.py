"""POST/GET /api/v1/auth-sessions and the page authFlowUrl opens: one connection, expiry,
revocation by a newer link, no portal login. The link's token rides in the URL fragment, so
the server sees only `/auth-flow/<id>` (a shell, the same for every id) and gets the token in
the X-Nxus-Setup-Token header on the link's endpoints."""

from __future__ import annotations

import logging
import re
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from nxus.db import new_session, utcnow
from nxus.models import AuthSession
from nxus.services import auth_sessions
from nxus.web.auth_flow import TOKEN_HEADER
from tests.conftest import LiveServer
from tests.integration.api.conftest import Api, Tenant, assert_error

SESSION_FIELDS = {
    "id",
    "objectType",
    "connectionId",
    "clientSecret",
    "authFlowUrl",
    "expiresAt",
    "redirectUrl",
    "status",
    "createdAt",
    "requestId",
}


def create_session(api: Api, **body: Any) -> dict[str, Any]:
    response = api.post("/auth-sessions", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def link_of(url: str) -> tuple[str, str]:
    """(path, token) of an authFlowUrl: `/auth-flow/<id>`, and the fragment."""
    parts = urlsplit(url)
    assert parts.query == "" and parts.fragment
    return parts.path, parts.fragment


def call(client: FlaskClient, path: str, token: str | None, method: str = "GET") -> Any:
    headers = {} if token is None else {TOKEN_HEADER: token}
    return client.open(path, method=method, headers=headers)


def refused(response: Any, status: int, code: str, words: str) -> None:
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == code and words in error["userFacingMessage"], error
    assert response.headers["Cache-Control"] == "no-store"


def session_count(app: Flask) -> int:
    with new_session(app) as session:
        return session.scalar(select(func.count()).select_from(AuthSession)) or 0


def test_create_and_retrieve(app: Flask, api: Api) -> None:
    app.config["PUBLIC_URL"] = "https://qb.example.com"
    cid = api.create_connection(externalId="cust-9")["id"]
    body = create_session(
        api, connectionId="cust-9", redirectUrl="https://app.example.com/done", linkExpiryMins=60
    )
    assert set(body) == SESSION_FIELDS
    assert body["id"].startswith("auth_sess_") and body["objectType"] == "auth_session"
    assert body["connectionId"] == cid and body["status"] == "pending"
    assert body["clientSecret"].startswith("cs_")
    token = auth_sessions.link_token(app.config["SECRET_KEY"], body["id"])
    assert body["authFlowUrl"] == f"https://qb.example.com/auth-flow/{body['id']}#{token}"
    assert body["redirectUrl"] == "https://app.example.com/done"
    with new_session(app) as session:
        row = session.scalar(select(AuthSession))
        assert row is not None
        assert row.expires_at - row.created_at == timedelta(minutes=60)
        stored = str({k: v for k, v in row.__dict__.items() if not k.startswith("_")})
        assert body["clientSecret"] not in stored and token not in stored
    again = api.get(f"/auth-sessions/{body['id']}").get_json()
    assert {k: again[k] for k in SESSION_FIELDS - {"requestId"}} == {
        k: body[k] for k in SESSION_FIELDS - {"requestId"}
    }


def test_connection_may_come_from_the_header(api: Api) -> None:
    """The SDK sends auth_sessions.create(connection_id=...) as X-Connection-Id."""
    cid = api.create_connection(externalId="by-header")["id"]
    response = api.post("/auth-sessions", json={}, headers={"X-Connection-Id": "by-header"})
    assert response.status_code == 201 and response.get_json()["connectionId"] == cid


def test_default_expiry_is_thirty_minutes_and_redirect_is_optional(app: Flask, api: Api) -> None:
    cid = api.create_connection()["id"]
    body = create_session(api, connectionId=cid)
    assert body["redirectUrl"] is None
    with new_session(app) as session:
        row = session.scalar(select(AuthSession))
        assert row is not None and row.expires_at - row.created_at == timedelta(minutes=30)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "connectionId is required"),
        ({"connectionId": None}, "connectionId is required"),
        ({"connectionId": ""}, "or as the X-Connection-Id header"),
        ({"connectionId": 5}, "connectionId must be a string"),
        ({"connectionId": "X", "linkExpiryMins": 0}, "linkExpiryMins must be at least 1"),
        ({"connectionId": "X", "linkExpiryMins": 10081}, "between 1 and 10080"),
        ({"connectionId": "X", "linkExpiryMins": "60"}, "linkExpiryMins must be an integer"),
        ({"connectionId": "X", "linkExpiryMins": 1.5}, "linkExpiryMins must be an integer"),
        ({"connectionId": "X", "redirectUrl": "javascript:alert(1)"}, "http(s) URL"),
        ({"connectionId": "X", "redirectUrl": "/relative"}, "http(s) URL"),
        ({"connectionId": "X", "extra": 1}, "Unknown field: extra"),
    ],
)
def test_bad_bodies_create_nothing(app: Flask, api: Api, body: Any, fragment: str) -> None:
    api.create_connection(externalId="X")
    assert_error(api.post("/auth-sessions", json=body), 400, "VALIDATION_ERROR", fragment)
    assert session_count(app) == 0


def test_other_organization_or_mode_is_404(
    app: Flask, api: Api, tenant: Tenant, other_tenant: Tenant
) -> None:
    theirs = api.create_connection(key=other_tenant.test_key)["id"]
    live = api.create_connection(key=tenant.live_key)["id"]
    assert_error(api.post("/auth-sessions", json={"connectionId": theirs}), 404, "NOT_FOUND")
    # The organization's own production connection: the test key has the wrong mode.
    assert_error(api.post("/auth-sessions", json={"connectionId": live}), 401, "KEY_MODE_MISMATCH")
    assert session_count(app) == 0
    their_session = api.post(
        "/auth-sessions", json={"connectionId": theirs}, key=other_tenant.test_key
    ).get_json()
    assert_error(api.get(f"/auth-sessions/{their_session['id']}"), 404, "NOT_FOUND")
    assert_error(api.get("/auth-sessions/auth_sess_nope"), 404, "NOT_FOUND")


def test_archived_connection_gets_no_link(api: Api) -> None:
    cid = api.create_connection()["id"]
    api.delete(f"/connections/{cid}")
    assert_error(api.post("/auth-sessions", json={"connectionId": cid}), 403, "CONNECTION_ARCHIVED")


def test_the_link_shell_names_nothing_and_the_session_call_opens_the_link(
    app: Flask, api: Api, client: FlaskClient
) -> None:
    cid = api.create_connection(description="Acme HQ")["id"]
    body = create_session(api, connectionId=cid, redirectUrl="https://app.example.com/back")
    path, token = link_of(body["authFlowUrl"])
    page = app.test_client().get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Acme HQ" not in html and "app.example.com" not in html and token not in html
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in page.headers
    # The shell does not even look the link up: it is still pending.
    assert api.get(f"/auth-sessions/{body['id']}").get_json()["status"] == "pending"

    link = call(client, f"{path}/session", token)
    assert link.status_code == 200 and link.headers["Referrer-Policy"] == "no-referrer"
    assert link.get_json() == {
        "connectionId": cid,
        "connectionName": "Acme HQ",
        "qbwcUsername": link.get_json()["qbwcUsername"],
        "appName": link.get_json()["appName"],
        "expiresAt": body["expiresAt"],
        "redirectUrl": "https://app.example.com/back",
    }
    assert "Acme HQ" in link.get_json()["appName"]
    assert api.get(f"/auth-sessions/{body['id']}").get_json()["status"] == "in_progress"


def test_the_shell_of_any_well_formed_id_is_the_same_page(api: Api, client: FlaskClient) -> None:
    """A prober learns nothing from the shell: a made-up id gets the very same answer."""
    body = create_session(api, connectionId=api.create_connection(description="Real Co")["id"])
    real_path, _ = link_of(body["authFlowUrl"])
    made_up = f"auth_sess_{secrets.token_hex(12)}"
    real = client.get(real_path)
    fake = client.get(f"/auth-flow/{made_up}")
    assert real.status_code == fake.status_code == 200
    assert dict(real.headers) == dict(fake.headers)
    assert real.get_data(as_text=True).replace(body["id"], "ID") == fake.get_data(
        as_text=True
    ).replace(made_up, "ID")


@pytest.mark.parametrize(
    "path",
    [
        "/auth-flow/nope",
        "/auth-flow/auth_sess_",
        f"/auth-flow/auth_sess_{'G' * 24}",
        f"/auth-flow/auth_sess_{'0' * 25}",
    ],
)
def test_malformed_ids_are_404(client: FlaskClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 404 and "not valid" in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_forged_missing_or_unknown_tokens_are_refused_in_words(
    app: Flask, api: Api, client: FlaskClient
) -> None:
    cid = api.create_connection()["id"]
    body = create_session(api, connectionId=cid)
    path, token = link_of(body["authFlowUrl"])
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    for endpoint, method in (("session", "GET"), ("qwc", "GET"), ("password", "POST")):
        url = f"{path}/{endpoint}"
        refused(call(client, url, forged, method), 404, "LINK_UNKNOWN", "not valid")
        refused(call(client, url, None, method), 401, "LINK_MISSING", "after the #")
        refused(call(client, url, "  ", method), 401, "LINK_MISSING", "after the #")
    # A genuine token of another link id, and a made-up id.
    refused(
        call(client, f"/auth-flow/auth_sess_{'0' * 24}/session", token),
        404,
        "LINK_UNKNOWN",
        "not valid",
    )
    other = create_session(api, connectionId=api.create_connection()["id"])
    refused(
        call(client, f"{link_of(other['authFlowUrl'])[0]}/session", token),
        404,
        "LINK_UNKNOWN",
        "not valid",
    )
    # Nothing was opened by the refused calls.
    assert api.get(f"/auth-sessions/{body['id']}").get_json()["status"] == "pending"


def test_links_of_the_old_form_open_nothing(app: Flask, api: Api, client: FlaskClient) -> None:
    """`/auth-flow/<id>/<token>` put the token in access logs; such tokens no longer work,
    neither in the path nor in the header."""
    body = create_session(api, connectionId=api.create_connection()["id"])
    path, token = link_of(body["authFlowUrl"])
    old_token = auth_sessions._mac(app.config["SECRET_KEY"], "auth-flow-link", body["id"])
    assert old_token != token
    for old in (old_token, token):
        page = client.get(f"{path}/{old}")
        assert page.status_code == 404 and "out of date" in page.get_data(as_text=True)
    refused(call(client, f"{path}/session", old_token), 404, "LINK_UNKNOWN", "not valid")
    assert api.get(f"/auth-sessions/{body['id']}").get_json()["status"] == "pending"


def test_status_is_completed_once_the_web_connector_exchanged(app: Flask, api: Api) -> None:
    cid = api.create_connection()["id"]
    body = create_session(api, connectionId=cid)
    with new_session(app) as session:
        row = session.scalar(select(AuthSession))
        assert row is not None
        row.connection.last_connected_at = utcnow()
        session.commit()
    assert api.get(f"/auth-sessions/{body['id']}").get_json()["status"] == "completed"


def test_expired_link_is_refused(app: Flask, api: Api, client: FlaskClient) -> None:
    body = create_session(api, connectionId=api.create_connection()["id"])
    with new_session(app) as session:
        row = session.scalar(select(AuthSession))
        assert row is not None
        row.expires_at = utcnow() - timedelta(seconds=1)
        session.commit()
    path, token = link_of(body["authFlowUrl"])
    for endpoint, method in (("session", "GET"), ("status", "GET"), ("first-exchange", "POST")):
        refused(
            call(client, f"{path}/{endpoint}", token, method),
            410,
            "LINK_EXPIRED",
            "This setup link has expired; ask for a new one.",
        )


def test_a_newer_link_revokes_the_older_one(api: Api, client: FlaskClient) -> None:
    cid = api.create_connection()["id"]
    old_path, old_token = link_of(create_session(api, connectionId=cid)["authFlowUrl"])
    new_path, new_token = link_of(create_session(api, connectionId=cid)["authFlowUrl"])
    refused(call(client, f"{old_path}/session", old_token), 410, "LINK_SUPERSEDED", "newer one")
    assert call(client, f"{new_path}/session", new_token).status_code == 200
    # The old link's token does not open the new link either.
    refused(call(client, f"{new_path}/session", old_token), 404, "LINK_UNKNOWN", "not valid")


def test_link_of_an_archived_connection_stops_working(api: Api, client: FlaskClient) -> None:
    cid = api.create_connection()["id"]
    path, token = link_of(create_session(api, connectionId=cid)["authFlowUrl"])
    api.delete(f"/connections/{cid}")
    refused(call(client, f"{path}/qwc", token), 410, "LINK_ARCHIVED", "was archived")


def test_link_shows_only_its_own_connection(api: Api, client: FlaskClient) -> None:
    first = api.create_connection(description="First Company")["id"]
    api.create_connection(description="Second Company")
    path, token = link_of(create_session(api, connectionId=first)["authFlowUrl"])
    info = call(client, f"{path}/session", token).get_json()
    assert info["connectionId"] == first and info["connectionName"] == "First Company"
    qwc = call(client, f"{path}/qwc", token).get_data(as_text=True)
    assert "First Company" in qwc and "Second Company" not in qwc
    # The link grants no portal session.
    assert client.get("/dashboard").status_code == 302


def test_the_access_log_never_sees_the_token(
    api: Api, app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    """Served over real HTTP: the request lines the server logs (as gunicorn's `%(r)s` and
    any proxy would) hold the link id, never its token."""
    body = create_session(api, connectionId=api.create_connection()["id"])
    path, token = link_of(body["authFlowUrl"])
    caplog.set_level(logging.INFO, logger="werkzeug")
    with LiveServer(app) as server, requests.Session() as http:
        assert http.get(server.url + path, timeout=10).status_code == 200
        for endpoint, method in (("session", "GET"), ("qwc", "GET"), ("status", "GET")):
            response = http.request(
                method, f"{server.url}{path}/{endpoint}", headers={TOKEN_HEADER: token}, timeout=10
            )
            assert response.status_code == 200
        assert http.get(f"{server.url}{path}/session", timeout=10).status_code == 401
    lines = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    request_lines = [line for line in lines if re.search(rf"GET {path}[/ ]", line)]
    assert len(request_lines) == 5, lines  # the log really was captured
    assert not [line for line in lines if token in line]
    assert token not in caplog.text
