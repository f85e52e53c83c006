"""The official SDK (nxus-qbd 0.6.2), unchanged, against a live nXus server.

The SDK's pydantic models declare every field required and non-null; nXus returns absent
values as null (SPEC §2: billingStatus, a never-connected connection's lastConnectedAt …).
So each SDK call either returns its model, or raises a ValidationError whose every failure is
a null: the helpers below accept exactly that, and check the raw body's field names and
present values against the same model."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from nxus_qbd import NxusClient
from nxus_qbd.errors import NxusApiError
from nxus_qbd.models.core import AuthSessionResponse, ConnectionResponse, ConnectionStatus
from nxus_qbd.pagination import build_sync_cursor_page
from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlalchemy import select

from nxus.db import new_session, utcnow
from nxus.models import ApiKey, Connection
from nxus.security import sha256_hex
from tests.conftest import LiveServer
from tests.integration.api.conftest import Tenant

pytestmark = pytest.mark.slow


def sdk(server: LiveServer, key: str) -> NxusClient:
    return NxusClient(
        api_key=key,
        base_url=server.url + "/",
        max_retries=0,
        http_client_options={"trust_env": False},
    )


@pytest.fixture
def client(live_server: LiveServer, tenant: Tenant) -> Iterator[NxusClient]:
    with sdk(live_server, tenant.test_key) as c:
        yield c


def nulls_only(call: Callable[[], Any]) -> Any:
    """The SDK's parsed model, or None when the only complaints of its model are nulls."""
    try:
        return call()
    except ValidationError as exc:
        not_null = [e for e in exc.errors() if e["input"] is not None]
        assert not not_null, not_null
        return None


def matches_model(body: dict[str, Any], model: type[BaseModel]) -> None:
    """Every field of the model is present under its alias; present values validate."""
    for name, info in model.model_fields.items():
        alias = info.alias or name
        assert alias in body, f"{alias} missing"
        if body[alias] is not None:
            TypeAdapter(info.annotation).validate_python(body[alias])


def raw(client: NxusClient, method: str, path: str, **kwargs: Any) -> Any:
    """The same transport the SDK's resources use (auth header, error parsing, retries)."""
    return client._transport.request(method, path, **kwargs)


def test_connections_crud_through_the_sdk(client: NxusClient) -> None:
    created = nulls_only(lambda: client.connections.create(description="SDK", external_id="e-1"))
    assert created is None  # billingStatus is null, as SPEC §2.2 says
    listed = raw(client, "GET", "/api/v1/connections")
    body = listed["data"][0]
    matches_model(body, ConnectionResponse)
    cid = body["id"]
    assert body["externalId"] == "e-1" and body["mode"] == "development"
    nulls_only(lambda: client.connections.retrieve(cid))
    nulls_only(lambda: client.connections.retrieve("e-1"))
    nulls_only(lambda: client.connections.update(cid, description="Renamed", is_active=False))
    after = raw(client, "GET", f"/api/v1/connections/{cid}")
    assert after["description"] == "Renamed" and after["isActive"] is False
    nulls_only(lambda: client.connections.list(limit=10))
    archived = client.connections.delete(cid)  # the SDK returns the raw JSON here
    matches_model(archived, ConnectionResponse)
    assert archived["isArchived"] is True and archived["lifecycleState"] == "archived"


def test_a_connected_connection_parses_into_the_sdk_models(app: Flask, client: NxusClient) -> None:
    """Once QuickBooks has filled the company fields, only the nulls SPEC §2.2 fixes remain
    (billing, and no restriction on an active connection)."""
    cid = raw(client, "POST", "/api/v1/connections", json={"externalId": "full"})["id"]
    with new_session(app) as session:
        row = session.get(Connection, uuid.UUID(cid[5:]))
        assert row is not None
        row.company_name, row.company_file, row.edition = "Rock Castle", r"C:\rc.qbw", "Pro"
        row.last_connected_at = utcnow()
        session.commit()
    status = client.connections.retrieve_status_authenticated(cid)
    assert isinstance(status, ConnectionStatus)
    assert status.connection_id == uuid.UUID(cid[5:]) and status.is_connected
    assert status.company_name == "Rock Castle"
    with pytest.raises(ValidationError) as info:
        client.connections.retrieve(cid)
    failing = {e["loc"][0] for e in info.value.errors()}
    assert failing == {
        "billingStatus",
        "billingUrl",
        "billingCheckoutEndpoint",
        "restrictionReason",
    }


def test_status_authenticated_before_the_first_exchange(client: NxusClient) -> None:
    cid = raw(client, "POST", "/api/v1/connections", json={})["id"]
    assert nulls_only(lambda: client.connections.retrieve_status_authenticated(cid)) is None
    body = raw(client, "GET", f"/api/v1/qwc-auth-setup/{cid}/status/authenticated")
    matches_model(body, ConnectionStatus)
    assert body["isConnected"] is False


def test_auth_sessions_through_the_sdk(client: NxusClient) -> None:
    cid = raw(client, "POST", "/api/v1/connections", json={})["id"]
    created = client.auth_sessions.create(
        connection_id=cid, redirect_url="https://app.example.com/ok", link_expiry_mins=15
    )
    assert isinstance(created, AuthSessionResponse)
    assert created.connection_id == cid and created.status == "pending"
    assert created.object_type == "auth_session" and created.id.startswith("auth_sess_")
    again = client.auth_sessions.retrieve(created.id)
    assert again.auth_flow_url == created.auth_flow_url
    assert again.client_secret == created.client_secret
    no_redirect = nulls_only(lambda: client.auth_sessions.create(connection_id=cid))
    assert no_redirect is None  # redirectUrl is null when none was given


def test_cursor_pages_iterate_with_the_sdk_paginator(client: NxusClient) -> None:
    ids = [raw(client, "POST", "/api/v1/connections", json={})["id"] for _ in range(5)]

    def fetch(cursor: str | None = None, **_kwargs: Any) -> Any:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        body = raw(client, "GET", "/api/v1/connections", params=params)
        return build_sync_cursor_page(body, fetcher=fetch, fetch_kwargs={})

    first = fetch()
    assert first.has_more and first.total_count == 5 and first.page == 1
    assert [item["id"] for item in first] == ids


def _error(call: Callable[[], Any]) -> NxusApiError:
    with pytest.raises(NxusApiError) as info:
        call()
    return info.value


def test_error_fields_through_the_sdk(
    live_server: LiveServer, client: NxusClient, tenant: Tenant, other_tenant: Tenant
) -> None:
    with sdk(live_server, "sk_live_" + "x" * 43) as bad:
        invalid = _error(lambda: bad.connections.list())
    assert (invalid.status, invalid.code) == (401, "API_KEY_INVALID")
    assert invalid.type == "AUTHENTICATION_ERROR_TYPE" and invalid.is_auth_error
    assert invalid.request_id and invalid.request_id.startswith("req_")
    assert invalid.integration_code is None and invalid.user_message

    with sdk(live_server, other_tenant.test_key) as other:
        theirs = raw(other, "POST", "/api/v1/connections", json={})["id"]
    missing = _error(lambda: client.connections.retrieve(theirs))
    assert (missing.status, missing.code, missing.type) == (
        404,
        "NOT_FOUND",
        "NOT_FOUND_ERROR_TYPE",
    )
    invalid_body = _error(lambda: client.connections.create(external_id="x" * 256))
    assert (invalid_body.status, invalid_body.code) == (400, "VALIDATION_ERROR")
    assert "externalId" in str(invalid_body)
    unknown = _error(lambda: client.connections.create(colour="blue"))
    assert unknown.code == "VALIDATION_ERROR" and "colour" in str(unknown)
    not_allowed = _error(lambda: raw(client, "PUT", "/api/v1/connections"))
    assert (not_allowed.status, not_allowed.code) == (405, "METHOD_NOT_ALLOWED")
    mismatch = _error(lambda: client.connections.create(mode=1))
    assert (mismatch.status, mismatch.code) == (401, "KEY_MODE_MISMATCH")


def test_revoked_and_expired_keys_through_the_sdk(
    app: Flask, live_server: LiveServer, tenant: Tenant
) -> None:
    with new_session(app) as session:
        test_row = session.scalar(
            select(ApiKey).where(ApiKey.key_hash == sha256_hex(tenant.test_key))
        )
        live_row = session.scalar(
            select(ApiKey).where(ApiKey.key_hash == sha256_hex(tenant.live_key))
        )
        assert test_row is not None and live_row is not None
        test_row.revoked_at = utcnow()
        live_row.expires_at = utcnow() - timedelta(seconds=1)
        session.commit()
    with sdk(live_server, tenant.test_key) as revoked:
        assert _error(lambda: revoked.connections.list()).code == "API_KEY_REVOKED"
    with sdk(live_server, tenant.live_key) as expired:
        assert _error(lambda: expired.connections.list()).code == "API_KEY_EXPIRED"


def test_x_should_retry_false_stops_the_sdk_retrying_a_500(
    live_server: LiveServer, tenant: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def boom(*_args: object) -> int:
        calls.append(1)
        raise RuntimeError("boom")

    monkeypatch.setattr("nxus.services.connections.count", boom)
    retrying = NxusClient(
        api_key=tenant.test_key,
        base_url=live_server.url + "/",
        max_retries=2,
        http_client_options={"trust_env": False},
    )
    with retrying:
        error = _error(lambda: raw(retrying, "GET", "/api/v1/connections"))
    assert error.status == 500 and error.code == "INTERNAL_ERROR"
    assert len(calls) == 1
