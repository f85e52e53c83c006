"""Every destructive portal action asks first: a GET page naming what stops working, whose
POST form carries the CSRF token; Cancel changes nothing. Rename and permanent delete; revoked
keys hidden unless asked for. Another organization's things are 404 on every page."""

from __future__ import annotations

import uuid

import pytest
from flask import Flask

from nxus.db import new_session
from nxus.models import ApiKey, Connection
from nxus.services import api_keys
from tests.conftest import AuthActions, csrf_token_from, same_origin
from tests.integration.portal.test_keys_and_connections_pages import (
    make_connection,
    org_id,
    other_org_connection,
)


@pytest.fixture
def signed_in(auth: AuthActions) -> AuthActions:
    auth.setup()
    return auth


def _row(app: Flask, connection_id: uuid.UUID) -> Connection | None:
    with new_session(app) as session:
        return session.get(Connection, connection_id)


def _confirm(signed_in: AuthActions, path: str, data: dict[str, str] | None = None) -> object:
    """GET the confirmation page, then POST its form with the page's CSRF token."""
    page = signed_in.client.get(path)
    assert page.status_code == 200, page.status_code
    token = csrf_token_from(page.get_data(as_text=True))
    return signed_in.client.post(
        path,
        data={"csrf_token": token, **(data or {})},
        headers=same_origin(signed_in.client, path),
    )


def test_archive_asks_first_and_names_what_stops(app: Flask, signed_in: AuthActions) -> None:
    mine = make_connection(app, org_id(app), "Acme HQ")
    detail = signed_in.client.get(f"/connections/{mine.id}").get_data(as_text=True)
    # The detail page links to the confirmation; it has no one-click archive form.
    assert f'action="/connections/{mine.id}/archive"' not in detail
    assert f'href="/connections/{mine.id}/archive"' in detail
    page = signed_in.client.get(f"/connections/{mine.id}/archive").get_data(as_text=True)
    assert "What stops working" in page and "CONNECTION_ARCHIVED" in page
    assert "Cancel, keep it working" in page
    row = _row(app, mine.id)
    assert row is not None and row.archived_at is None  # looking is not doing
    response = _confirm(signed_in, f"/connections/{mine.id}/archive")
    assert response.status_code == 302  # type: ignore[attr-defined]
    row = _row(app, mine.id)
    assert row is not None and row.archived_at is not None


def test_new_password_asks_first(app: Flask, signed_in: AuthActions) -> None:
    mine = make_connection(app, org_id(app), "Acme HQ")
    page = signed_in.client.get(f"/connections/{mine.id}/password").get_data(as_text=True)
    assert "stops working at once" in page and "keep the current password" in page
    assert _row(app, mine.id).password_set_at is None  # type: ignore[union-attr]
    response = _confirm(signed_in, f"/connections/{mine.id}/password")
    html = response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert response.status_code == 200 and 'id="qbwc-password"' in html  # type: ignore[attr-defined]
    assert _row(app, mine.id).password_set_at is not None  # type: ignore[union-attr]


def test_posts_without_csrf_change_nothing(app: Flask, signed_in: AuthActions) -> None:
    mine = make_connection(app, org_id(app), "Acme HQ")
    for action in ("archive", "password", "rename", "delete"):
        response = signed_in.client.post(f"/connections/{mine.id}/{action}")
        assert response.status_code == 400, action
    row = _row(app, mine.id)
    assert row is not None and row.archived_at is None and row.password_set_at is None


def test_rename(app: Flask, signed_in: AuthActions) -> None:
    mine = make_connection(app, org_id(app), "Acme HQ")
    response = _confirm(signed_in, f"/connections/{mine.id}/rename", {"description": "  "})
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Enter a name." in response.get_data(as_text=True)  # type: ignore[attr-defined]
    too_long = _confirm(signed_in, f"/connections/{mine.id}/rename", {"description": "x" * 501})
    assert too_long.status_code == 400  # type: ignore[attr-defined]
    assert "the limit is 500" in too_long.get_data(as_text=True)  # type: ignore[attr-defined]
    done = _confirm(signed_in, f"/connections/{mine.id}/rename", {"description": "Branch books"})
    assert done.status_code == 302  # type: ignore[attr-defined]
    assert _row(app, mine.id).description == "Branch books"  # type: ignore[union-attr]


def test_delete_needs_archive_then_confirmation(app: Flask, signed_in: AuthActions) -> None:
    mine = make_connection(app, org_id(app), "Acme HQ")
    refused = signed_in.client.get(f"/connections/{mine.id}/delete")
    assert refused.status_code == 302 and _row(app, mine.id) is not None
    _confirm(signed_in, f"/connections/{mine.id}/archive")
    page = signed_in.client.get(f"/connections/{mine.id}/delete").get_data(as_text=True)
    assert "cannot be undone" in page and mine.public_id in page
    response = _confirm(signed_in, f"/connections/{mine.id}/delete")
    assert response.status_code == 302 and _row(app, mine.id) is None  # type: ignore[attr-defined]


@pytest.mark.parametrize("action", ["archive", "password", "rename", "delete"])
def test_another_organizations_confirmations_are_404(
    app: Flask, signed_in: AuthActions, action: str
) -> None:
    theirs = other_org_connection(app)
    assert signed_in.client.get(f"/connections/{theirs.id}/{action}").status_code == 404
    token = csrf_token_from(signed_in.client.get("/connections").get_data(as_text=True))
    path = f"/connections/{theirs.id}/{action}"
    posted = signed_in.client.post(
        path,
        data={"csrf_token": token, "description": "mine now"},
        headers=same_origin(signed_in.client, path),
    )
    assert posted.status_code == 404
    row = _row(app, theirs.id)
    assert row is not None and row.archived_at is None and row.description == "Eve's books"


def _key(app: Flask, name: str) -> ApiKey:
    with app.app_context(), new_session(app) as session:
        return api_keys.create_api_key(session, org_id(app), name, "test", None, None).api_key


def test_revoke_asks_first_and_revoked_keys_are_hidden(app: Flask, signed_in: AuthActions) -> None:
    key = _key(app, "Invoicing app")
    listing = signed_in.client.get("/settings/api-keys").get_data(as_text=True)
    assert f'href="/settings/api-keys/{key.id}/revoke"' in listing
    assert f'action="/settings/api-keys/{key.id}/revoke"' not in listing
    page = signed_in.client.get(f"/settings/api-keys/{key.id}/revoke").get_data(as_text=True)
    assert "API_KEY_REVOKED" in page and "keep the key working" in page
    with new_session(app) as session:
        assert session.get(ApiKey, key.id).revoked_at is None  # type: ignore[union-attr]
    _confirm(signed_in, f"/settings/api-keys/{key.id}/revoke")
    with new_session(app) as session:
        assert session.get(ApiKey, key.id).revoked_at is not None  # type: ignore[union-attr]
    hidden = signed_in.client.get("/settings/api-keys").get_data(as_text=True)
    assert ">Invoicing app</td>" not in hidden and "1 revoked key hidden" in hidden
    shown = signed_in.client.get("/settings/api-keys?show=revoked").get_data(as_text=True)
    assert ">Invoicing app</td>" in shown and "Hide revoked keys" in shown


def test_revoke_page_of_another_organization_is_404(app: Flask, signed_in: AuthActions) -> None:
    assert signed_in.client.get(f"/settings/api-keys/{uuid.uuid4()}/revoke").status_code == 404
