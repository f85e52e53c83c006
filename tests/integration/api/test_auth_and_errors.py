"""Bearer keys only, one 401 code per failure, the JSON error shape everywhere under /api."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from nxus.db import new_session, utcnow
from nxus.models import ApiKey
from nxus.security import sha256_hex
from nxus.services import api_keys
from tests.conftest import AuthActions
from tests.integration.api.conftest import Api, Tenant, assert_error, bearer


def _key_row(app: Flask, secret: str) -> ApiKey:
    with new_session(app) as session:
        row = session.scalar(select(ApiKey).where(ApiKey.key_hash == sha256_hex(secret)))
        assert row is not None
        return row


def _set(app: Flask, secret: str, **values: object) -> None:
    with new_session(app) as session:
        row = session.scalar(select(ApiKey).where(ApiKey.key_hash == sha256_hex(secret)))
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)
        session.commit()


def test_a_valid_key_reaches_the_api(api: Api, tenant: Tenant) -> None:
    response = api.get("/tenant/me")
    assert response.status_code == 200
    body = response.get_json()
    assert body["name"] == "Acme Books" and body["id"] == str(tenant.org_id)
    assert body["keyMode"] == "test" and body["requestId"].startswith("req_")
    assert response.headers["X-Request-Id"] == body["requestId"]
    assert response.headers["Cache-Control"] == "no-store"


def test_rotating_the_publishable_key(api: Api, client: FlaskClient) -> None:
    from nxus_qbd.models.qbd.tenant_me import RotatePublishableKeyResponse

    before = api.get("/tenant/me").get_json()["publishableKey"]
    assert before.startswith("pk_nxus_live_")
    response = api.post("/tenant/me/rotate-publishable-key")
    assert response.status_code == 200
    body = response.get_json()
    RotatePublishableKeyResponse.model_validate(body)
    assert body["publishableKey"].startswith("pk_nxus_live_")
    assert body["publishableKey"] != before
    assert api.get("/tenant/me").get_json()["publishableKey"] == body["publishableKey"]
    again = api.post("/tenant/me/rotate-publishable-key").get_json()["publishableKey"]
    assert again not in (before, body["publishableKey"])
    # A publishable key is an identifier, never a credential.
    refused = client.get("/api/v1/tenant/me", headers={"Authorization": f"Bearer {again}"})
    assert refused.status_code == 401
    assert client.post("/api/v1/tenant/me/rotate-publishable-key").status_code == 401


@pytest.mark.parametrize(
    ("headers", "code", "fragment"),
    [
        ({}, "API_KEY_REQUIRED", "Authorization: Bearer"),
        ({"Authorization": ""}, "API_KEY_REQUIRED", "No API key"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, "API_KEY_INVALID", "Bearer <your API key>"),
        ({"Authorization": "Bearer "}, "API_KEY_INVALID", "Bearer <your API key>"),
        ({"Authorization": "Bearer sk_test_short"}, "API_KEY_INVALID", "not a valid nXus key"),
        ({"Authorization": "Bearer pk_live_" + "a" * 43}, "API_KEY_INVALID", "not a valid"),
        ({"Authorization": "Bearer sk_live_" + "a" * 43}, "API_KEY_INVALID", "not valid"),
    ],
)
def test_missing_or_bad_keys_are_401(
    client: FlaskClient, tenant: Tenant, headers: dict[str, str], code: str, fragment: str
) -> None:
    response = client.get("/api/v1/connections", headers=headers)
    error = assert_error(response, 401, code, fragment)
    assert error["type"] == "AUTHENTICATION_ERROR_TYPE"
    assert response.headers["x-should-retry"] == "false"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_revoked_key_is_refused(app: Flask, api: Api, tenant: Tenant) -> None:
    assert api.get("/tenant/me").status_code == 200
    with new_session(app) as session:
        api_keys.revoke(session, tenant.org_id, _key_row(app, tenant.test_key).id)
    assert_error(api.get("/tenant/me"), 401, "API_KEY_REVOKED")


def test_expired_key_is_refused(app: Flask, api: Api, tenant: Tenant) -> None:
    _set(app, tenant.test_key, expires_at=utcnow() - timedelta(seconds=1))
    assert_error(api.get("/tenant/me"), 401, "API_KEY_EXPIRED")


def test_key_whose_prefix_disagrees_with_its_mode_is_a_mode_mismatch(
    app: Flask, api: Api, tenant: Tenant
) -> None:
    _set(app, tenant.test_key, mode="live")
    assert_error(api.get("/tenant/me"), 401, "KEY_MODE_MISMATCH")


def test_scheme_is_case_insensitive(client: FlaskClient, tenant: Tenant) -> None:
    headers = {"Authorization": f"bearer {tenant.test_key}"}
    assert client.get("/api/v1/tenant/me", headers=headers).status_code == 200


def test_key_in_query_string_is_refused_even_with_a_good_header(api: Api, tenant: Tenant) -> None:
    response = api.get("/tenant/me", query_string={"api_key": tenant.test_key})
    assert_error(response, 401, "API_KEY_REQUIRED", "not accepted in the URL")


def test_the_portal_session_cookie_is_never_accepted(
    client: FlaskClient, auth: AuthActions
) -> None:
    auth.setup()
    assert client.get("/dashboard").status_code == 200  # signed in to the portal
    response = client.get("/api/v1/tenant/me")
    assert_error(response, 401, "API_KEY_REQUIRED")
    # And no CSRF token is needed (or looked at) for a keyed POST: the API is exempt.
    post = client.post("/api/v1/connections", json={})
    assert_error(post, 401, "API_KEY_REQUIRED")


def test_stored_value_is_never_the_key(app: Flask, tenant: Tenant) -> None:
    row = _key_row(app, tenant.live_key)
    assert row.key_hash == sha256_hex(tenant.live_key) and row.key_hash != tenant.live_key
    assert tenant.live_key not in (row.key_hash, row.display_prefix)
    assert row.display_prefix == tenant.live_key[:12] + "…"
    assert tenant.live_key.startswith("sk_live_") and len(tenant.live_key) == 8 + 43


def test_last_used_is_written_at_most_once_a_minute(app: Flask, api: Api, tenant: Tenant) -> None:
    assert _key_row(app, tenant.test_key).last_used_at is None
    api.get("/tenant/me")
    first = _key_row(app, tenant.test_key).last_used_at
    assert first is not None
    api.get("/tenant/me")
    assert _key_row(app, tenant.test_key).last_used_at == first
    earlier = first - timedelta(seconds=app.config["API_KEY_LAST_USED_INTERVAL_SECONDS"] + 1)
    _set(app, tenant.test_key, last_used_at=earlier)
    api.get("/tenant/me")
    later = _key_row(app, tenant.test_key).last_used_at
    assert later is not None and later > earlier


def test_correlation_id_is_echoed_and_junk_is_dropped(api: Api) -> None:
    ok = api.get("/tenant/me", headers={"X-Correlation-ID": "order-42"})
    assert ok.headers["X-Correlation-ID"] == "order-42"
    junk = api.get("/tenant/me", headers={"X-Correlation-ID": "has space"})
    assert "X-Correlation-ID" not in junk.headers


def test_every_request_gets_its_own_request_id(api: Api) -> None:
    ids = {api.get("/tenant/me").headers["X-Request-Id"] for _ in range(3)}
    assert len(ids) == 3 and all(i.startswith("req_") for i in ids)


def test_unknown_route_is_json_404(client: FlaskClient) -> None:
    error = assert_error(client.get("/api/v1/no-such-thing"), 404, "NOT_FOUND")
    assert error["type"] == "NOT_FOUND_ERROR_TYPE"
    assert_error(client.get("/api/nothing"), 404, "NOT_FOUND")


def test_wrong_method_is_json_405_with_allow(api: Api) -> None:
    response = api.call("PUT", "/connections")
    error = assert_error(response, 405, "METHOD_NOT_ALLOWED")
    assert error["type"] == "APPLICATION_ERROR_TYPE"
    assert "POST" in response.headers["Allow"] and "GET" in response.headers["Allow"]


def test_too_large_body_is_json_413(app: Flask, api: Api) -> None:
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = api.post("/connections", data="x" * 2000, content_type="application/json")
    assert_error(response, 413, "REQUEST_TOO_LARGE")


def test_unexpected_errors_are_json_500_without_internals(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_args: object) -> int:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr("nxus.services.connections.count", boom)
    response = api.get("/connections")
    error = assert_error(response, 500, "INTERNAL_ERROR")
    assert error["type"] == "UNEXPECTED_ERROR_TYPE"
    text = response.get_data(as_text=True)
    assert "secret internals" not in text and "Traceback" not in text
    assert response.headers["x-should-retry"] == "false"


def test_api_keys_of_two_organizations_see_only_their_own(
    api: Api, tenant: Tenant, other_tenant: Tenant
) -> None:
    mine = api.get("/tenant/me").get_json()
    theirs = api.get("/tenant/me", key=other_tenant.live_key).get_json()
    assert mine["name"] == "Acme Books" and theirs["name"] == "Other Org"
    assert bearer("x")["Authorization"] == "Bearer x"
