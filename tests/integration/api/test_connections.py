"""POST/GET/PATCH/DELETE /api/v1/connections, restore, permanent delete, pagination, isolation
and a table of bad inputs that change nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from nxus.db import new_session
from nxus.models import Connection
from tests.integration.api.conftest import Api, Tenant, assert_error

CONNECTION_FIELDS = {
    "id",
    "objectType",
    "externalId",
    "description",
    "mode",
    "lifecycleState",
    "restrictionReason",
    "isActive",
    "isArchived",
    "isOperational",
    "requiresPayment",
    "billingStatus",
    "billingUrl",
    "billingCheckoutEndpoint",
    "companyName",
    "companyFile",
    "edition",
    "timeZone",
    "lastConnectedAt",
    "createdAt",
    "updatedAt",
}


def snapshot(app: Flask) -> list[tuple[Any, ...]]:
    with new_session(app) as session:
        rows = session.scalars(select(Connection).order_by(Connection.id)).all()
        return [
            (c.id, c.external_id, c.description, c.is_active, c.archived_at, c.updated_at)
            for c in rows
        ]


def test_create_with_test_key_makes_a_development_connection(api: Api) -> None:
    body = api.create_connection(description="Acme HQ", externalId="cust-1")
    assert set(body) == CONNECTION_FIELDS | {"requestId"}
    assert body["id"].startswith("conn_") and len(body["id"]) == 5 + 32
    assert body["objectType"] == "connection" and body["mode"] == "development"
    assert body["description"] == "Acme HQ" and body["externalId"] == "cust-1"
    assert body["lifecycleState"] == "active" and body["isActive"] and body["isOperational"]
    assert body["isArchived"] is False and body["restrictionReason"] is None
    assert body["requiresPayment"] is False
    assert body["billingStatus"] is None and body["billingUrl"] is None
    assert body["billingCheckoutEndpoint"] is None
    assert body["companyName"] is None and body["lastConnectedAt"] is None
    assert body["createdAt"].endswith("Z")


def test_live_key_makes_production_and_empty_body_gets_defaults(api: Api, tenant: Tenant) -> None:
    response = api.call("POST", "/connections", key=tenant.live_key)
    assert response.status_code == 201
    body = response.get_json()
    assert body["mode"] == "production" and body["description"] == "QuickBooks Connection"
    assert body["externalId"] is None


@pytest.mark.parametrize("mode", [0, "development"])
def test_mode_in_body_must_agree_with_the_key(api: Api, tenant: Tenant, mode: Any) -> None:
    assert api.create_connection(mode=mode)["mode"] == "development"
    response = api.post("/connections", json={"mode": mode}, key=tenant.live_key)
    assert_error(response, 401, "KEY_MODE_MISMATCH", "sk_live_")


def test_retrieve_by_prefixed_id_uuid_and_external_id(api: Api) -> None:
    created = api.create_connection(externalId="shop-7")
    raw_uuid = str(uuid.UUID(created["id"][5:]))
    for ref in (created["id"], raw_uuid, "shop-7"):
        response = api.get(f"/connections/{ref}")
        assert response.status_code == 200 and response.get_json()["id"] == created["id"]


def test_update_with_patch_and_with_post(api: Api) -> None:
    created = api.create_connection(externalId="a-1")
    patched = api.patch(f"/connections/{created['id']}", json={"description": "Renamed"})
    assert patched.status_code == 200 and patched.get_json()["description"] == "Renamed"
    posted = api.post("/connections/a-1", json={"isActive": False, "externalId": ""})
    body = posted.get_json()
    assert posted.status_code == 200
    assert body["externalId"] is None and body["isActive"] is False
    assert body["isOperational"] is False and body["restrictionReason"] == "inactive"
    assert api.get("/connections/a-1").status_code == 404  # externalId cleared


def test_archive_revokes_the_password_restore_and_permanent_delete(app: Flask, api: Api) -> None:
    created = api.create_connection()
    cid = created["id"]
    assert api.post(f"/qwc-auth-setup/{cid}/password").status_code == 200
    archived = api.delete(f"/connections/{cid}").get_json()
    assert archived["isArchived"] and archived["lifecycleState"] == "archived"
    assert archived["restrictionReason"] == "archived" and not archived["isOperational"]
    with new_session(app) as session:
        row = session.get(Connection, uuid.UUID(cid[5:]))
        assert row is not None and row.qbwc_password_hash is None and row.password_set_at is None
    assert_error(api.post(f"/qwc-auth-setup/{cid}/password"), 403, "CONNECTION_ARCHIVED")
    restored = api.post(f"/connections/{cid}/restore").get_json()
    assert restored["lifecycleState"] == "active" and restored["isOperational"]
    gone = api.delete(f"/connections/{cid}/permanent")
    assert gone.status_code == 200
    assert gone.get_json()["deleted"] is True and gone.get_json()["id"] == cid
    assert_error(api.get(f"/connections/{cid}"), 404, "NOT_FOUND")


def test_list_pages_through_every_connection_with_cursors(app: Flask, api: Api) -> None:
    ids = [api.create_connection(description=f"c{i}")["id"] for i in range(5)]
    seen: list[str] = []
    page = api.get("/connections", query_string={"limit": 2}).get_json()
    pages = [page]
    while page["hasMore"]:
        page = api.get(
            "/connections", query_string={"limit": 2, "cursor": page["nextCursor"]}
        ).get_json()
        pages.append(page)
    for number, p in enumerate(pages, start=1):
        seen.extend(item["id"] for item in p["data"])
        assert p["success"] is True and p["page"] == number and p["limit"] == 2
        assert p["totalCount"] == 5 and p["pageCount"] == 3 and p["count"] == len(p["data"])
        assert p["requestId"].startswith("req_") and p["timestamp"].endswith("Z")
    assert seen == ids
    assert [p["remainingCount"] for p in pages] == [3, 1, 0]
    assert pages[-1]["nextCursor"] is None and pages[-1]["hasMore"] is False


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ({"limit": "0"}, "limit must be between 1 and 150"),
        ({"limit": "151"}, "limit must be between 1 and 150"),
        ({"limit": "ten"}, "limit must be an integer"),
        ({"cursor": "not-a-cursor"}, "cursor is not a cursor"),
        ({"cursor": "eyJwYWdlIjogMn0"}, "cursor is not a cursor"),  # {"page": 2} only
    ],
)
def test_bad_list_parameters(api: Api, query: dict[str, str], fragment: str) -> None:
    assert_error(api.get("/connections", query_string=query), 400, "VALIDATION_ERROR", fragment)


def test_other_organization_is_404_and_other_mode_a_mismatch(
    api: Api, tenant: Tenant, other_tenant: Tenant
) -> None:
    mine = api.create_connection(externalId="shared-name")
    theirs = api.create_connection(key=other_tenant.test_key, externalId="shared-name")
    live = api.create_connection(key=tenant.live_key, externalId="live-one")
    for ref, status, code in (
        (theirs["id"], 404, "NOT_FOUND"),
        (str(uuid.UUID(theirs["id"][5:])), 404, "NOT_FOUND"),
        # The organization's own production connection: the test key has the wrong mode.
        (live["id"], 401, "KEY_MODE_MISMATCH"),
        ("live-one", 401, "KEY_MODE_MISMATCH"),
    ):
        assert_error(api.get(f"/connections/{ref}"), status, code)
        assert_error(api.patch(f"/connections/{ref}", json={"description": "x"}), status, code)
        assert_error(api.delete(f"/connections/{ref}"), status, code)
        assert_error(api.delete(f"/connections/{ref}/permanent"), status, code)
        assert_error(api.post(f"/connections/{ref}/restore"), status, code)
    # The same externalId in another organization is a different connection.
    assert api.get("/connections/shared-name").get_json()["id"] == mine["id"]
    listed = api.get("/connections").get_json()
    assert [c["id"] for c in listed["data"]] == [mine["id"]] and listed["totalCount"] == 1


BAD_CREATES: list[tuple[Any, str]] = [
    ({"descripton": "typo"}, "Unknown field: descripton"),
    ({"description": 5}, "description must be a string, not an integer"),
    ({"description": "x" * 501}, "description is 501 characters long; the limit is 500"),
    ({"externalId": 12}, "externalId must be a string, not an integer"),
    ({"externalId": ["a"]}, "externalId must be a string, not an array"),
    ({"externalId": "x" * 256}, "externalId is 256 characters long; the limit is 255"),
    ({"externalId": " padded"}, "must not start or end with spaces"),
    ({"externalId": "conn_" + "a" * 32}, "must not look like a connection id"),
    ({"externalId": str(uuid.uuid4())}, "must not look like a connection id"),
    ({"externalId": "taken"}, "externalId must be unique within your organization"),
    ({"mode": True}, "mode must be an integer or a string, not a boolean"),
    ({"mode": 7}, "mode must be development (0) or production (1)"),
    ([1, 2], "The body must be a JSON object, not an array"),
    ("just text", "The body must be a JSON object, not a string"),
]


@pytest.mark.parametrize(("body", "fragment"), BAD_CREATES)
def test_bad_create_bodies_change_nothing(app: Flask, api: Api, body: Any, fragment: str) -> None:
    api.create_connection(externalId="taken")
    before = snapshot(app)
    error = assert_error(api.post("/connections", json=body), 400, "VALIDATION_ERROR", fragment)
    assert error["type"] == "VALIDATION_ERROR_TYPE"
    assert snapshot(app) == before


@pytest.mark.parametrize(
    ("data", "content_type", "fragment"),
    [
        ('{"description": ', "application/json", "Malformed JSON"),
        ("{'a': 1}", "application/json", "Malformed JSON"),
        (b"\xff\xfe{}", "application/json", "not valid UTF-8"),
        ('{"description": "x"}', "text/plain", "Content-Type: application/json"),
        ("description=x", "application/x-www-form-urlencoded", "Content-Type: application/json"),
    ],
)
def test_malformed_bodies_change_nothing(
    app: Flask, api: Api, data: Any, content_type: str, fragment: str
) -> None:
    response = api.call("POST", "/connections", data=data, content_type=content_type)
    assert_error(response, 400, "VALIDATION_ERROR", fragment)
    assert snapshot(app) == []


BAD_UPDATES: list[tuple[Any, str]] = [
    ({"isActive": "yes"}, "isActive must be true or false, not a string"),
    ({"isActive": None}, "isActive must not be null"),
    ({"isActive": 1}, "isActive must be true or false, not an integer"),
    ({"mode": "production"}, "Unknown field: mode"),
    ({"externalId": "y" * 256}, "the limit is 255"),
    ({"externalId": "other"}, "externalId must be unique within your organization"),
    ({"description": {"a": 1}}, "description must be a string, not an object"),
]


@pytest.mark.parametrize(("body", "fragment"), BAD_UPDATES)
def test_bad_updates_change_nothing(app: Flask, api: Api, body: Any, fragment: str) -> None:
    target = api.create_connection(externalId="mine")
    api.create_connection(externalId="other")
    before = snapshot(app)
    response = api.patch(f"/connections/{target['id']}", json=body)
    assert_error(response, 400, "VALIDATION_ERROR", fragment)
    assert snapshot(app) == before


def test_update_of_another_organizations_connection_changes_nothing(
    app: Flask, api: Api, other_tenant: Tenant
) -> None:
    theirs = api.create_connection(key=other_tenant.test_key, description="Theirs")
    before = snapshot(app)
    response = api.patch(f"/connections/{theirs['id']}", json={"description": "Mine now"})
    assert_error(response, 404, "NOT_FOUND")
    assert api.delete(f"/connections/{theirs['id']}").status_code == 404
    assert snapshot(app) == before
