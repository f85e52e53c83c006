"""Two organizations, each with a test and a live key, and helpers to call /api/v1."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from nxus.db import new_session
from nxus.services import accounts, api_keys


@dataclass(frozen=True)
class Tenant:
    org_id: uuid.UUID
    user_email: str
    test_key: str
    live_key: str


def make_tenant(app: Flask, name: str) -> Tenant:
    email = f"owner@{name.lower().replace(' ', '-')}.example.com"
    with app.app_context(), new_session(app) as session:
        account = accounts.create_user(session, email, "a long enough password", name, True)
        org_id = account.organization.id
        test = api_keys.create_api_key(session, org_id, "tests", "test").secret
        live = api_keys.create_api_key(session, org_id, "tests live", "live").secret
    return Tenant(org_id, email, test, live)


@pytest.fixture
def tenant(app: Flask) -> Tenant:
    return make_tenant(app, "Acme Books")


@pytest.fixture
def other_tenant(app: Flask) -> Tenant:
    return make_tenant(app, "Other Org")


def bearer(key: str, **extra: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}", **extra}


class Api:
    """Calls /api/v1 with a key (the tenant's test key unless told otherwise)."""

    def __init__(self, client: FlaskClient, key: str) -> None:
        self.client = client
        self.key = key

    def call(
        self,
        method: str,
        path: str,
        json: Any = None,
        key: str | None = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> Any:
        all_headers = bearer(key or self.key, **(headers or {}))
        return self.client.open(
            "/api/v1" + path, method=method, json=json, headers=all_headers, **kwargs
        )

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.call("POST", path, json=json, **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> Any:
        return self.call("PATCH", path, json=json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.call("DELETE", path, **kwargs)

    def create_connection(self, key: str | None = None, **body: Any) -> dict[str, Any]:
        response = self.post("/connections", json=body, key=key)
        assert response.status_code == 201, response.get_json()
        return response.get_json()


@pytest.fixture
def api(client: FlaskClient, tenant: Tenant) -> Api:
    return Api(client, tenant.test_key)


def assert_error(response: Any, status: int, code: str, *fragments: str) -> dict[str, Any]:
    """The nXus error shape with this status and code, mentioning every fragment."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert set(error) >= {
        "message",
        "userFacingMessage",
        "type",
        "code",
        "httpStatusCode",
        "integrationCode",
        "requestId",
    }
    assert error["code"] == code and error["httpStatusCode"] == status
    assert error["requestId"].startswith("req_")
    assert response.headers["X-Request-Id"] == error["requestId"]
    assert response.headers["x-should-retry"] in ("true", "false")
    for fragment in fragments:
        assert fragment in error["message"], error["message"]
    return error
