"""A key of the wrong mode for one of its own organization's connections is told so (401
KEY_MODE_MISMATCH), by id, UUID, externalId and the X-Connection-Id header; another
organization's connection stays 404 NOT_FOUND whatever the mode."""

from __future__ import annotations

import uuid

import pytest

from tests.integration.api.conftest import Api, Tenant, assert_error


@pytest.mark.parametrize("kind", ["public", "uuid", "external"])
def test_live_key_on_a_development_connection(api: Api, tenant: Tenant, kind: str) -> None:
    dev = api.create_connection(description="Dev", externalId="dev-books")
    ref = {
        "public": dev["id"],
        "uuid": str(uuid.UUID(dev["id"].removeprefix("conn_"))),
        "external": "dev-books",
    }[kind]
    response = api.get(f"/connections/{ref}", key=tenant.live_key)
    error = assert_error(response, 401, "KEY_MODE_MISMATCH", dev["id"], "sk_test_")
    assert "No connection" not in error["message"]


def test_test_key_on_a_production_connection_through_the_header(api: Api, tenant: Tenant) -> None:
    prod = api.create_connection(key=tenant.live_key, description="Prod")
    response = api.get("/customers", headers={"X-Connection-Id": prod["id"]})
    assert_error(response, 401, "KEY_MODE_MISMATCH", prod["id"], "sk_live_")


@pytest.mark.parametrize("key_kind", ["test_key", "live_key"])
def test_another_organizations_connection_stays_not_found(
    api: Api, tenant: Tenant, other_tenant: Tenant, key_kind: str
) -> None:
    theirs = api.create_connection(key=other_tenant.test_key, description="Theirs")
    response = api.get(f"/connections/{theirs['id']}", key=getattr(tenant, key_kind))
    assert_error(response, 404, "NOT_FOUND")


def test_unknown_connection_is_not_found(api: Api, tenant: Tenant) -> None:
    assert_error(
        api.get(f"/connections/conn_{uuid.uuid4().hex}", key=tenant.live_key), 404, "NOT_FOUND"
    )
