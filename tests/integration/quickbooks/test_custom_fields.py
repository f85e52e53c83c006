"""Custom fields (qbXML data extensions) through the SDK's client against the simulated company:
a field defined, set on a customer, read back on the record (the SDK's `QbdDataExt` shape),
selected by `ownerIds`, updated, deleted, and its definition deleted; values written with
invoice lines; bad input refused with a 400 naming the field before anything reaches
QuickBooks. Every request sent is schema-checked (conftest)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from nxus_qbd import NxusApiError, NxusClient
from nxus_qbd.models import QbdDataExt

from tests.integration.quickbooks.conftest import QbEnv

pytestmark = pytest.mark.slow

PRIVATE = "{6B1D5F0E-2C4A-4E7B-9A51-3D2F8C7E1A90}"


@pytest.fixture(scope="module")
def client(qb_env: QbEnv) -> Iterator[NxusClient]:
    with NxusClient(api_key=qb_env.key, base_url=qb_env.server.url + "/", max_retries=0) as c:
        yield c


def call(client: NxusClient, env: QbEnv, method: str, path: str, **kwargs: Any) -> Any:
    """The SDK's own transport (auth, errors) with the connection header: the SDK has no
    namespace for custom fields, and its record models refuse QuickBooks' nulls."""
    headers = {"X-Connection-Id": env.public_id}
    return client._transport.request(method, f"/api/v1{path}", headers=headers, **kwargs)


def refused(client: NxusClient, env: QbEnv, method: str, path: str, **kwargs: Any) -> str:
    """A 400 VALIDATION_ERROR with nothing sent to QuickBooks; its message."""
    sent = len(env.quickbooks.requests)
    with pytest.raises(NxusApiError) as info:
        call(client, env, method, path, **kwargs)
    assert (info.value.status, info.value.code) == (400, "VALIDATION_ERROR"), info.value.raw
    assert len(env.quickbooks.requests) == sent
    return str(info.value)


def fields_of(record: dict[str, Any]) -> dict[tuple[str, str], str]:
    for item in record["customFields"]:
        QbdDataExt.model_validate(item)
    return {(f["ownerId"], f["name"]): f["value"] for f in record["customFields"]}


@pytest.fixture
def customer_id(client: NxusClient, qb_env: QbEnv) -> str:
    return call(client, qb_env, "GET", "/customers", params={"limit": 1})["data"][0]["id"]


def test_a_custom_field_defined_set_read_filtered_updated_and_deleted(
    client: NxusClient, qb_env: QbEnv, customer_id: str
) -> None:
    name = f"Tier {uuid.uuid4().hex[:6]}"
    created = call(
        client,
        qb_env,
        "POST",
        "/custom-field-definitions",
        json={"name": name, "type": "STR255TYPE", "assignToObjects": ["Customer", "Invoice"]},
    )
    assert created["objectType"] == "qbd_custom_field_definition"
    assert (created["ownerId"], created["name"], created["type"]) == ("0", name, "STR255TYPE")
    assert created["assignToObjects"] == ["Customer", "Invoice"]
    listed = call(client, qb_env, "GET", "/custom-field-definitions")["data"]
    assert name in [d["name"] for d in listed]
    private = {"ownerId": PRIVATE, "name": "sync id", "type": "STR1024TYPE"}
    call(client, qb_env, "POST", "/custom-field-definitions", json=private)

    target = {"objectType": "Customer", "objectId": customer_id}
    value = call(
        client, qb_env, "POST", "/custom-fields", json={"name": name, "value": "Gold", **target}
    )
    assert (value["name"], value["type"], value["value"]) == (name, "STR255TYPE", "Gold")
    assert value["object"] == {"type": "Customer", "id": customer_id, "lineId": None}
    secret = {"ownerId": PRIVATE, "name": "sync id", "value": "x" * 600, **target}
    call(client, qb_env, "POST", "/custom-fields", json=secret)

    record = call(client, qb_env, "GET", f"/customer/{customer_id}")
    assert fields_of(record) == {("0", name): "Gold"}  # public fields only, by default
    rows = call(
        client,
        qb_env,
        "GET",
        "/customers",
        params={"ids": customer_id, "ownerIds[]": ["0", PRIVATE]},
    )["data"]
    assert fields_of(rows[0]) == {("0", name): "Gold", (PRIVATE, "sync id"): "x" * 600}
    only_private = call(
        client, qb_env, "GET", "/customers", params={"ids": customer_id, "ownerIds": PRIVATE}
    )["data"]
    assert fields_of(only_private[0]) == {(PRIVATE, "sync id"): "x" * 600}

    changed = call(
        client,
        qb_env,
        "PATCH",
        "/custom-fields",
        json={"name": name, "value": "Platinum", **target},
    )
    assert changed["value"] == "Platinum"
    assert fields_of(call(client, qb_env, "GET", f"/customer/{customer_id}")) == {
        ("0", name): "Platinum"
    }
    gone = call(client, qb_env, "DELETE", "/custom-fields", params={"name": name, **target})
    assert gone["deleted"] is True
    assert fields_of(call(client, qb_env, "GET", f"/customer/{customer_id}")) == {}

    renamed = call(
        client,
        qb_env,
        "POST",
        f"/custom-field-definitions/{name}",
        json={
            "newName": f"{name}b",
            "assignToObjects": ["Vendor"],
            "removeFromObjects": ["Invoice"],
        },
    )
    assert (renamed["name"], renamed["assignToObjects"]) == (f"{name}b", ["Customer", "Vendor"])
    deleted = call(client, qb_env, "DELETE", f"/custom-field-definitions/{name}b")
    assert deleted["deleted"] is True and deleted["name"] == f"{name}b"
    listed = call(client, qb_env, "GET", "/custom-field-definitions", params={"ownerIds": "0"})
    assert f"{name}b" not in [d["name"] for d in listed["data"]]
    privates = call(
        client, qb_env, "GET", "/custom-field-definitions", params={"ownerIds[]": PRIVATE}
    )["data"]
    assert [(d["ownerId"], d["name"]) for d in privates] == [(PRIVATE, "sync id")]


def test_invoice_lines_carry_custom_fields_written_with_them(
    client: NxusClient, qb_env: QbEnv, customer_id: str
) -> None:
    name = f"Lot {uuid.uuid4().hex[:6]}"
    definition = {"name": name, "type": "STR255TYPE", "assignToObjects": ["Invoice"]}
    call(client, qb_env, "POST", "/custom-field-definitions", json=definition)
    item = call(client, qb_env, "GET", "/items-service", params={"limit": 1})["data"][0]
    line = {"itemId": item["id"], "quantity": 1, "rate": 10, "customFields": []}
    line["customFields"] = [{"name": name, "value": "L-17"}]
    invoice = call(
        client, qb_env, "POST", "/invoice", json={"customerId": customer_id, "lines": [line]}
    )
    assert fields_of(invoice["itemLines"][0]) == {("0", name): "L-17"}
    again = call(client, qb_env, "GET", f"/invoice/{invoice['id']}")
    assert fields_of(again["itemLines"][0]) == {("0", name): "L-17"}
    header = {"name": name, "value": "whole", "objectType": "Invoice", "objectId": invoice["id"]}
    call(client, qb_env, "POST", "/custom-fields", json=header)
    assert fields_of(call(client, qb_env, "GET", f"/invoice/{invoice['id']}")) == {
        ("0", name): "whole"
    }


def test_bad_input_is_refused_before_quickbooks(
    client: NxusClient, qb_env: QbEnv, customer_id: str
) -> None:
    name = f"Region {uuid.uuid4().hex[:6]}"
    definition = {"name": name, "type": "STR255TYPE", "assignToObjects": ["Vendor"]}
    call(client, qb_env, "POST", "/custom-field-definitions", json=definition)
    target = {"objectType": "Customer", "objectId": customer_id}
    # Known definition: a customer is not among the object types the field is assigned to.
    message = refused(
        client, qb_env, "POST", "/custom-fields", json={"name": name, "value": "x", **target}
    )
    assert "objectType" in message and "not assigned to Customer" in message
    long = {"name": "Anything", "value": "v" * 256, **target}
    assert "value" in refused(client, qb_env, "POST", "/custom-fields", json=long)
    bad_type = {"name": "Size", "type": "STR99TYPE", "assignToObjects": ["Customer"]}
    assert "type" in refused(client, qb_env, "POST", "/custom-field-definitions", json=bad_type)
    bad_object = {"name": "Size", "type": "STR255TYPE", "assignToObjects": ["Spaceship"]}
    message = refused(client, qb_env, "POST", "/custom-field-definitions", json=bad_object)
    assert "assignToObjects[0]" in message
    unknown_kind = {"name": name, "value": "x", "objectType": "Planet", "objectId": customer_id}
    assert "objectType" in refused(client, qb_env, "POST", "/custom-fields", json=unknown_kind)
    assert "ownerIds" in refused(client, qb_env, "GET", "/customers", params={"ownerIds": "me"})
    item = call(client, qb_env, "GET", "/items-service", params={"limit": 1})["data"][0]
    line = {
        "itemId": item["id"],
        "quantity": 1,
        "customFields": [{"name": name, "value": "w" * 300}],
    }
    body = {"customerId": customer_id, "lines": [line]}
    message = refused(client, qb_env, "POST", "/invoice", json=body)
    assert "lines[0].customFields[0].value" in message


def test_what_only_quickbooks_knows_comes_back_as_its_error(
    client: NxusClient, qb_env: QbEnv, customer_id: str
) -> None:
    target = {"objectType": "Customer", "objectId": customer_id}
    with pytest.raises(NxusApiError) as info:
        call(
            client,
            qb_env,
            "POST",
            "/custom-fields",
            json={"name": "Nowhere", "value": "x", **target},
        )
    error = info.value
    assert (error.status, error.code, error.integration_code) == (
        404,
        "QBD_OBJECT_NOT_FOUND",
        "3120",
    )
    name = f"Dup {uuid.uuid4().hex[:6]}"
    definition = {"name": name, "type": "INTTYPE", "assignToObjects": ["Customer"]}
    call(client, qb_env, "POST", "/custom-field-definitions", json=definition)
    with pytest.raises(NxusApiError) as info:
        call(client, qb_env, "POST", "/custom-field-definitions", json=definition)
    assert (info.value.status, info.value.code) == (409, "QBD_NAME_NOT_UNIQUE")
    # The definition is known now: a value that is no whole number never leaves nXus.
    message = refused(
        client, qb_env, "POST", "/custom-fields", json={"name": name, "value": "ten", **target}
    )
    assert "value" in message and "INTTYPE" in message
