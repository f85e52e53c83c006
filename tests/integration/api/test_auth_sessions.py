"""POST/GET /api/v1/auth-sessions and the page authFlowUrl opens: one connection, expiry,
revocation by a newer link, no portal login."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from nxus.db import new_session, utcnow
from nxus.models import AuthSession
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


def path_of(url: str) -> str:
    return urlsplit(url).path


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
    assert body["authFlowUrl"].startswith(f"https://qb.example.com/auth-flow/{body['id']}/")
    assert body["redirectUrl"] == "https://app.example.com/done"
    with new_session(app) as session:
        row = session.scalar(select(AuthSession))
        assert row is not None
        assert row.expires_at - row.created_at == timedelta(minutes=60)
        assert body["clientSecret"] not in str(row.__dict__)
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
    for cid in (theirs, live):
        assert_error(api.post("/auth-sessions", json={"connectionId": cid}), 404, "NOT_FOUND")
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


def test_link_opens_the_wizard_without_login_and_marks_it_in_progress(
    app: Flask, api: Api, client: FlaskClient
) -> None:
    cid = api.create_connection(description="Acme HQ")["id"]
    body = create_session(api, connectionId=cid, redirectUrl="https://app.example.com/back")
    page = app.test_client().get(path_of(body["authFlowUrl"]))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Acme HQ" in html and "https://app.example.com/back" in html
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert api.get(f"/auth-sessions/{body['id']}").get_json()["status"] == "in_progress"


def test_status_is_completed_once_the_web_connector_exchanged(app: Flask, api: Api) -> None:
    cid = api.create_connection()["id"]
    body = create_session(api, connectionId=cid)
    with new_session(app) as session:
        row = session.scalar(select(AuthSession))
        assert row is not None
        row.connection.last_connected_at = utcnow()
        session.commit()
    assert api.get(f"/auth-sessions/{body['id']}").get_json()["status"] == "completed"


def test_forged_or_unknown_links_are_404(api: Api, client: FlaskClient) -> None:
    cid = api.create_connection()["id"]
    body = create_session(api, connectionId=cid)
    path = path_of(body["authFlowUrl"])
    prefix, token = path.rsplit("/", 1)
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"{prefix}/{forged}").status_code == 404
    assert client.get(f"/auth-flow/auth_sess_{'0' * 24}/{token}").status_code == 404
    assert client.get(f"/auth-flow/{body['id']}").status_code == 404


def test_expired_link_is_refused(app: Flask, api: Api, client: FlaskClient) -> None:
    body = create_session(api, connectionId=api.create_connection()["id"])
    with new_session(app) as session:
        row = session.scalar(select(AuthSession))
        assert row is not None
        row.expires_at = utcnow() - timedelta(seconds=1)
        session.commit()
    page = client.get(path_of(body["authFlowUrl"]))
    assert page.status_code == 410 and "expired" in page.get_data(as_text=True)


def test_a_newer_link_revokes_the_older_one(api: Api, client: FlaskClient) -> None:
    cid = api.create_connection()["id"]
    old = create_session(api, connectionId=cid)
    new = create_session(api, connectionId=cid)
    assert client.get(path_of(old["authFlowUrl"])).status_code == 410
    assert client.get(path_of(new["authFlowUrl"])).status_code == 200


def test_link_of_an_archived_connection_stops_working(api: Api, client: FlaskClient) -> None:
    cid = api.create_connection()["id"]
    body = create_session(api, connectionId=cid)
    api.delete(f"/connections/{cid}")
    page = client.get(path_of(body["authFlowUrl"]))
    assert page.status_code == 410 and "archived" in page.get_data(as_text=True)


def test_link_shows_only_its_own_connection(api: Api, client: FlaskClient) -> None:
    first = api.create_connection(description="First Company")["id"]
    api.create_connection(description="Second Company")
    body = create_session(api, connectionId=first)
    html = client.get(path_of(body["authFlowUrl"])).get_data(as_text=True)
    assert "First Company" in html and "Second Company" not in html
    # The link grants no portal session.
    assert client.get("/dashboard").status_code == 302
