"""The portal's webhook pages (secret shown once, last deliveries, Resend, Send test event,
CSRF, owners and admins only, one organization's endpoints) and the request log page."""

from __future__ import annotations

import re
import uuid

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from nxus.db import new_session
from nxus.models import Membership, User
from nxus.models.events import WebhookEndpoint
from nxus.services import accounts, api_keys, webhook_delivery
from tests.conftest import AuthActions, csrf_token_from, same_origin
from tests.integration.api.conftest import bearer
from tests.integration.events.conftest import Receiver

SECRET_RE = re.compile(r'id="new-secret-value">(whsec_[A-Za-z0-9_-]+)<')


def _org(app: Flask) -> uuid.UUID:
    with new_session(app) as db:
        user = db.scalar(select(User).where(User.email == "owner@example.com"))
        assert user is not None
        return accounts.organization_of(db, user).id


@pytest.fixture
def signed_in(auth: AuthActions) -> AuthActions:
    auth.setup()
    return auth


def _create(auth: AuthActions, url: str) -> tuple[str, str]:
    response = auth.post_form(
        "/settings/webhooks",
        {"url": url, "events": "*", "description": "ERP", "mode": "development"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    match = SECRET_RE.search(html)
    assert match, html
    endpoint_id = re.search(r"/settings/webhooks/([0-9a-f-]{36})/test", html)
    assert endpoint_id
    return match.group(1), endpoint_id.group(1)


def _post(client: FlaskClient, page: str, action: str) -> object:
    token = csrf_token_from(client.get(page).get_data(as_text=True))
    return client.post(action, data={"csrf_token": token}, headers=same_origin(client, page))


def test_create_test_event_deliveries_and_resend(
    app: Flask, client: FlaskClient, signed_in: AuthActions, receiver: Receiver
) -> None:
    secret, endpoint_id = _create(signed_in, receiver.url)
    page = f"/settings/webhooks/{endpoint_id}"
    assert secret not in client.get(page).get_data(as_text=True)  # shown once
    assert receiver.url.split("?")[0] in client.get("/settings/webhooks").get_data(as_text=True)

    sent = _post(client, page, f"{page}/test")
    assert sent.status_code == 302  # type: ignore[attr-defined]
    webhook_delivery.run_pass(app)
    html = client.get(page).get_data(as_text=True)
    assert "webhook.test" in html and "succeeded" in html and " ms" in html
    assert "<code>ok</code>" in html  # the answer's excerpt
    delivery = re.search(r'data-delivery-id="(\d+)"', html)
    assert delivery
    resent = _post(client, page, f"{page}/deliveries/{delivery.group(1)}/resend")
    assert resent.status_code == 302  # type: ignore[attr-defined]
    webhook_delivery.run_pass(app)
    assert len(receiver.received) == 2

    rolled = _post(client, page, f"{page}/roll")
    new_secret = SECRET_RE.search(rolled.get_data(as_text=True))  # type: ignore[attr-defined]
    assert new_secret and new_secret.group(1) != secret


def test_forms_need_csrf_and_bad_urls_name_the_field(
    app: Flask, client: FlaskClient, signed_in: AuthActions, receiver: Receiver
) -> None:
    _, endpoint_id = _create(signed_in, receiver.url)
    page = f"/settings/webhooks/{endpoint_id}"
    assert client.post(f"{page}/test", headers=same_origin(client, page)).status_code == 400
    assert client.post(f"{page}/delete", headers=same_origin(client, page)).status_code == 400
    bad = signed_in.post_form("/settings/webhooks", {"url": "ftp://x", "events": "*"})
    assert bad.status_code == 400 and "must start with https" in bad.get_data(as_text=True)
    unknown = signed_in.post_form(
        "/settings/webhooks", {"url": receiver.url, "events": "job.exploded"}
    )
    assert unknown.status_code == 400
    gone = _post(client, page, f"{page}/delete")
    assert gone.status_code == 302  # type: ignore[attr-defined]
    with new_session(app) as db:
        assert db.scalars(select(WebhookEndpoint)).all() == []


def test_members_may_look_but_not_change(
    app: Flask, client: FlaskClient, signed_in: AuthActions, receiver: Receiver
) -> None:
    _, endpoint_id = _create(signed_in, receiver.url)
    with new_session(app) as db:
        for m in db.scalars(select(Membership)):
            m.role = "member"
        db.commit()
    page = f"/settings/webhooks/{endpoint_id}"
    assert client.get(page).status_code == 200
    assert _post(client, page, f"{page}/test").status_code == 403  # type: ignore[attr-defined]


def test_another_organization_gets_404(
    app: Flask, client: FlaskClient, signed_in: AuthActions, receiver: Receiver
) -> None:
    _, endpoint_id = _create(signed_in, receiver.url)
    signed_in.logout()
    with app.app_context(), new_session(app) as db:
        accounts.create_user(db, "eve@example.net", "a long enough password", "Eve", True)
    signed_in.login("eve@example.net", "a long enough password")
    assert client.get(f"/settings/webhooks/{endpoint_id}").status_code == 404
    assert "ERP" not in client.get("/settings/webhooks").get_data(as_text=True)


def test_request_log_page_and_api(app: Flask, client: FlaskClient, signed_in: AuthActions) -> None:
    with new_session(app) as db:
        key = api_keys.create_api_key(db, _org(app), "Invoicing app", "test").secret
    assert client.get("/api/v1/connections?limit=2", headers=bearer(key)).status_code == 200
    assert client.get("/api/v1/connections/conn_nope", headers=bearer(key)).status_code == 404
    html = client.get("/settings/request-log").get_data(as_text=True)
    assert "Invoicing app" in html and "/api/v1/connections" in html and "NOT_FOUND" in html
    assert "limit=2" not in html  # never the query string
    errors = client.get("/settings/request-log?status=4xx").get_data(as_text=True)
    assert "NOT_FOUND" in errors and "2 calls match" not in errors
    listed = client.get("/api/v1/requests?status=4xx", headers=bearer(key)).get_json()
    assert [r["errorCode"] for r in listed["data"]] == ["NOT_FOUND"]
    assert listed["data"][0]["path"] == "/api/v1/connections/conn_nope"
    everything = client.get("/api/v1/requests", headers=bearer(key)).get_json()
    assert everything["totalCount"] == 3  # the two calls and the first list
    bad = client.get("/api/v1/requests?status=9xx", headers=bearer(key))
    assert bad.status_code == 400 and "status" in bad.get_json()["error"]["message"]
    assert client.get("/api/v1/requests?since=soon", headers=bearer(key)).status_code == 400


def test_a_disabled_endpoint_says_why_and_can_be_enabled(
    app: Flask, client: FlaskClient, signed_in: AuthActions, receiver: Receiver
) -> None:
    _, endpoint_id = _create(signed_in, receiver.url)
    with new_session(app) as db:
        row = db.get(WebhookEndpoint, uuid.UUID(endpoint_id))
        assert row is not None
        row.enabled, row.disabled_reason = False, "Disabled: every delivery failed (HTTP 500)."
        db.commit()
    page = f"/settings/webhooks/{endpoint_id}"
    html = client.get(page).get_data(as_text=True)
    assert "every delivery failed (HTTP 500)" in html and "Enable again" in html
    assert "disabled" in client.get("/settings/webhooks").get_data(as_text=True)
    assert _post(client, page, f"{page}/enable").status_code == 302  # type: ignore[attr-defined]
    with new_session(app) as db:
        row = db.get(WebhookEndpoint, uuid.UUID(endpoint_id))
        assert row is not None and row.enabled and row.disabled_reason is None
