"""Settings → API Keys and the connection pages: behind login, CSRF on every form, one
organization's data only."""

from __future__ import annotations

import re
import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from nxus.db import new_session
from nxus.models import ApiKey, Connection, User
from nxus.services import accounts, api_keys, connections
from nxus.services.connections import Scope
from tests.conftest import AuthActions, csrf_token_from, same_origin

KEY_RE = re.compile(r'id="new-key-value">(sk_(?:test|live)_[A-Za-z0-9_-]{43})<')


def org_id(app: Flask, email: str = "owner@example.com") -> uuid.UUID:
    with new_session(app) as session:
        row = session.scalar(select(User).where(User.email == email))
        assert row is not None
        return accounts.organization_of(session, row).id


def make_connection(app: Flask, organization: uuid.UUID, description: str) -> Connection:
    with app.app_context(), new_session(app) as session:
        return connections.create(session, Scope(organization, "development"), description, None)


@pytest.fixture
def signed_in(auth: AuthActions) -> AuthActions:
    auth.setup()
    return auth


def other_org_connection(app: Flask) -> Connection:
    with app.app_context(), new_session(app) as session:
        other = accounts.create_user(
            session, "eve@example.net", "a long enough password", "Eve", True
        )
        return connections.create(
            session, Scope(other.organization.id, "development"), "Eve's books", None
        )


@pytest.mark.parametrize(
    "path", ["/settings/api-keys", "/connections", f"/connections/{uuid.uuid4()}"]
)
def test_pages_require_login(client: FlaskClient, auth: AuthActions, path: str) -> None:
    auth.setup()
    auth.logout()
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_nav_shows_keys_and_connections(signed_in: AuthActions) -> None:
    html = signed_in.client.get("/dashboard").get_data(as_text=True)
    assert 'href="/settings/api-keys"' in html and 'href="/connections"' in html


def test_create_key_shows_it_once_and_it_works(app: Flask, signed_in: AuthActions) -> None:
    response = signed_in.post_form(
        "/settings/api-keys", {"name": "Invoicing app", "mode": "live", "expires_in_days": "30"}
    )
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    match = KEY_RE.search(html)
    assert match and match.group(1).startswith("sk_live_")
    key = match.group(1)
    assert 'data-copy-target="new-key-value"' in html and "js/copy.js" in html
    assert "<script>" not in html  # CSP: script-src 'self' only
    listing = signed_in.client.get("/settings/api-keys").get_data(as_text=True)
    assert key not in listing and "Invoicing app" in listing and key[:12] + "…" in listing
    api = signed_in.client.get("/api/v1/tenant/me", headers={"Authorization": f"Bearer {key}"})
    assert api.status_code == 200 and api.get_json()["name"] == "Acme Books"
    with new_session(app) as session:
        row = session.scalar(select(ApiKey))
        assert row is not None and row.expires_at is not None and row.mode == "live"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "mode": "test"}, "Give the key a name."),
        ({"name": "x" * 101, "mode": "test"}, "Use at most 100 characters."),
        ({"name": "ok", "mode": "admin"}, "Not a valid choice"),
        ({"name": "ok", "mode": "test", "expires_in_days": "9999"}, "Not a valid choice"),
    ],
)
def test_bad_key_forms_create_nothing(
    app: Flask, signed_in: AuthActions, data: dict[str, str], message: str
) -> None:
    response = signed_in.post_form("/settings/api-keys", data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    with new_session(app) as session:
        assert session.scalar(select(ApiKey)) is None


def test_key_form_needs_csrf(app: Flask, signed_in: AuthActions) -> None:
    response = signed_in.client.post("/settings/api-keys", data={"name": "x", "mode": "test"})
    assert response.status_code == 400
    with new_session(app) as session:
        assert session.scalar(select(ApiKey)) is None


def test_revoke_key(app: Flask, signed_in: AuthActions) -> None:
    html = signed_in.post_form("/settings/api-keys", {"name": "Old", "mode": "test"}).get_data(
        as_text=True
    )
    match = KEY_RE.search(html)
    assert match
    with new_session(app) as session:
        row = session.scalar(select(ApiKey))
        assert row is not None
        key_id = row.id
    path = f"/settings/api-keys/{key_id}/revoke"
    assert signed_in.client.post(path).status_code == 400  # no CSRF token
    token = csrf_token_from(signed_in.client.get("/settings/api-keys").get_data(as_text=True))
    revoked = signed_in.client.post(
        path, data={"csrf_token": token}, headers=same_origin(signed_in.client, path)
    )
    assert revoked.status_code == 302
    api = signed_in.client.get(
        "/api/v1/tenant/me", headers={"Authorization": f"Bearer {match.group(1)}"}
    )
    assert api.get_json()["error"]["code"] == "API_KEY_REVOKED"
    assert "revoked" in signed_in.client.get("/settings/api-keys").get_data(as_text=True)


def test_cannot_revoke_another_organizations_key(app: Flask, signed_in: AuthActions) -> None:
    with app.app_context(), new_session(app) as session:
        eve = accounts.create_user(
            session, "eve@example.net", "a long enough password", "Eve", True
        )
        theirs = api_keys.create_api_key(session, eve.organization.id, "Eve's", "live").api_key
    path = f"/settings/api-keys/{theirs.id}/revoke"
    token = csrf_token_from(signed_in.client.get("/settings/api-keys").get_data(as_text=True))
    response = signed_in.client.post(
        path, data={"csrf_token": token}, headers=same_origin(signed_in.client, path)
    )
    assert response.status_code == 404
    with new_session(app) as session:
        row = session.get(ApiKey, theirs.id)
        assert row is not None and row.revoked_at is None
    assert "Eve&#39;s" not in signed_in.client.get("/settings/api-keys").get_data(as_text=True)


def test_connections_list_and_detail(app: Flask, signed_in: AuthActions) -> None:
    mine = make_connection(app, org_id(app), "Acme HQ")
    theirs = other_org_connection(app)
    listing = signed_in.client.get("/connections").get_data(as_text=True)
    assert "Acme HQ" in listing and "Eve&#39;s books" not in listing
    detail = signed_in.client.get(f"/connections/{mine.id}")
    html = detail.get_data(as_text=True)
    assert detail.status_code == 200 and mine.qbwc_username in html and mine.public_id in html
    assert "not yet" in html
    assert signed_in.client.get(f"/connections/{theirs.id}").status_code == 404


def test_archive_and_restore_from_the_portal(app: Flask, signed_in: AuthActions) -> None:
    mine = make_connection(app, org_id(app), "Acme HQ")
    page = f"/connections/{mine.id}"
    assert signed_in.client.post(f"{page}/archive").status_code == 400  # no CSRF token
    token = csrf_token_from(signed_in.client.get(page).get_data(as_text=True))
    archived = signed_in.client.post(
        f"{page}/archive", data={"csrf_token": token}, headers=same_origin(signed_in.client, page)
    )
    assert archived.status_code == 302
    with new_session(app) as session:
        row = session.get(Connection, mine.id)
        assert row is not None and row.archived_at is not None
    html = signed_in.client.get(page).get_data(as_text=True)
    assert "Restore connection" in html
    token = csrf_token_from(html)
    signed_in.client.post(
        f"{page}/restore", data={"csrf_token": token}, headers=same_origin(signed_in.client, page)
    )
    with new_session(app) as session:
        row = session.get(Connection, mine.id)
        assert row is not None and row.archived_at is None


def test_cannot_archive_another_organizations_connection(
    app: Flask, signed_in: AuthActions
) -> None:
    theirs = other_org_connection(app)
    token = csrf_token_from(signed_in.client.get("/connections").get_data(as_text=True))
    path = f"/connections/{theirs.id}/archive"
    response = signed_in.client.post(
        path, data={"csrf_token": token}, headers=same_origin(signed_in.client, path)
    )
    assert response.status_code == 404
    with new_session(app) as session:
        row = session.get(Connection, theirs.id)
        assert row is not None and row.archived_at is None
