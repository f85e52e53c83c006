"""The wizard's own key for a signed-in user: made on a CSRF-checked POST, answered once in the
body (never in a URL or a log), a normal API key of the user's organization that expires in a
day; the API still refuses the session cookie. And the sample company from the wizard."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from nxus.db import new_session, utcnow
from nxus.models import ApiKey, Connection
from nxus.services import sample_company
from tests.conftest import AuthActions, csrf_token_from, same_origin


def _csrf(signed_in: AuthActions) -> dict[str, str]:
    token = csrf_token_from(signed_in.client.get("/wizard").get_data(as_text=True))
    return {"X-CSRFToken": token, **same_origin(signed_in.client, "/wizard")}


def test_the_wizard_key_is_made_once_and_expires(
    app: Flask, signed_in: AuthActions, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    refused = signed_in.client.post("/wizard/key", json={"mode": "test"})
    assert refused.status_code == 400  # no CSRF header
    response = signed_in.client.post("/wizard/key", json={"mode": "test"}, headers=_csrf(signed_in))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    key = body["key"]
    assert key.startswith("sk_test_") and body["name"].startswith("Setup wizard (")
    with new_session(app) as session:
        row = session.scalars(select(ApiKey).where(ApiKey.name == body["name"])).one()
        assert row.expires_at is not None
        assert timedelta(hours=23) < row.expires_at - utcnow() <= timedelta(hours=24)
    # The key works on the API ...
    me = signed_in.client.get("/api/v1/tenant/me", headers={"Authorization": f"Bearer {key}"})
    assert me.status_code == 200 and me.get_json()["keyMode"] == "test"
    # ... the signed-in cookie alone never does.
    assert signed_in.client.get("/api/v1/tenant/me").status_code == 401
    assert key not in caplog.text
    live = signed_in.client.post("/wizard/key", json={"mode": "live"}, headers=_csrf(signed_in))
    assert live.get_json()["key"].startswith("sk_live_")


@pytest.mark.parametrize("body", [None, {}, {"mode": "prod"}, {"mode": 1}, ["test"]])
def test_the_wizard_key_needs_a_mode(signed_in: AuthActions, body: object) -> None:
    response = signed_in.client.post("/wizard/key", json=body, headers=_csrf(signed_in))
    error = response.get_json()["error"]
    assert response.status_code == 400 and error["code"] == "VALIDATION_ERROR"
    assert error["message"] == "mode must be test or live."


def test_the_wizard_key_needs_a_signed_in_user(auth: AuthActions) -> None:
    auth.setup()
    auth.logout()
    response = auth.client.post("/wizard/key", json={"mode": "test"})
    assert response.status_code in (302, 400)
    with auth.client.application.app_context():
        with new_session(auth.client.application) as session:
            assert not list(session.scalars(select(ApiKey)))


def test_the_sample_company_from_the_wizard(
    app: Flask, signed_in: AuthActions, make_connection: Callable[..., Connection]
) -> None:
    mine = make_connection()
    path = f"/wizard/connections/{mine.id}/sample-company"
    assert signed_in.client.post(path).status_code == 400  # no CSRF header
    try:
        response = signed_in.client.post(path, headers=_csrf(signed_in))
        assert response.status_code == 200 and response.get_json() == {"attached": True}
        assert sample_company.get_run(mine.id) is not None
    finally:
        sample_company.detach_all(timeout=10)
    production = make_connection("Live books", mode="production")
    refused = signed_in.client.post(
        f"/wizard/connections/{production.id}/sample-company", headers=_csrf(signed_in)
    )
    error = refused.get_json()["error"]
    assert refused.status_code == 409 and "development" in error["userFacingMessage"]
    other = signed_in.client.post(
        f"/wizard/connections/{uuid.uuid4()}/sample-company", headers=_csrf(signed_in)
    )
    assert other.status_code == 404
