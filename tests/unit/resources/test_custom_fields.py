"""Custom field requests from JSON (nxus.resources.custom_fields): schema-valid DataExtDef* and
DataExt* bodies, and bad input refused naming the field, with and without a known definition."""

from __future__ import annotations

from typing import Any

import pytest

from nxus.qbxml.builder import RequestSpec, build_request
from nxus.qbxml.validate import validate_request
from nxus.resources import custom_fields as cf
from nxus.resources.model import ResourceValidationError

GUID = "6b1d5f0e-2c4a-4e7b-9a51-3d2f8c7e1a90"
PUBLIC = cf.Definition("0", "Tier", "STR255TYPE", ("Customer", "Invoice"))
COUNT = cf.Definition("0", "Count", "INTTYPE", ("Customer",))
LONG = cf.Definition("{6B1D5F0E-2C4A-4E7B-9A51-3D2F8C7E1A90}", "Sync", "STR1024TYPE", ())
CUSTOMER = {"objectType": "Customer", "objectId": "80000001-1234567890"}


def _valid(request: str, body: dict[str, Any], version: str = "16.0") -> None:
    validate_request(build_request(version, [RequestSpec(request, body)]), check_lengths=True)


@pytest.mark.parametrize(
    "built",
    [
        cf.definitions_query({}),
        cf.definitions_query({"ownerIds": ["0", GUID]}),
        cf.definitions_query({"assignToObjects": ["invoice"]}),
        cf.definition_add({"name": "Tier", "type": "str255type", "assignToObjects": "Customer"}),
        cf.definition_add({"ownerId": GUID, "name": "Sync", "type": "STR1024TYPE"}),
        cf.definition_mod("Tier", {"newName": "Level", "removeFromObjects": ["Invoice"]}),
        cf.definition_del("Tier", {"ownerId": GUID}),
        cf.value_request("create", {"name": "Tier", "value": "Gold", **CUSTOMER}, PUBLIC),
        cf.value_request("update", {"name": "Count", "value": 7, **CUSTOMER}, COUNT),
        cf.value_request(
            "create",
            {"name": "Tier", "value": "x", "objectType": "Invoice", "objectId": "1A-1"}
            | {"lineId": "1B-1"},
        ),
        cf.value_request("delete", {"name": "Tier", "objectType": "Company"}),
    ],
)
def test_requests_are_schema_valid_at_every_version(built: tuple[str, dict[str, Any]]) -> None:
    for version in ("5.0", "13.0", "16.0"):
        _valid(*built, version)


def test_owner_ids_are_normalised_and_the_public_owner_is_the_default() -> None:
    assert cf.definitions_query({})[1] == {"OwnerID": ["0"]}
    body = cf.definitions_query({"ownerIds": f"0,{GUID},{{{GUID}}}"})[1]
    assert body == {"OwnerID": ["0", "{" + GUID.upper() + "}"]}


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: cf.definition_add({"name": "T", "type": "STR99TYPE"}), "type"),
        (lambda: cf.definition_add({"name": "T", "type": "INTTYPE"}), "assignToObjects"),
        (
            lambda: cf.definition_add({"name": "T", "type": "AMTTYPE", "assignToObjects": ["X"]}),
            "assignToObjects[0]",
        ),
        (lambda: cf.definition_add({"name": "x" * 32, "type": "AMTTYPE"}), "name"),
        (lambda: cf.definition_add({"name": "T\ud800", "type": "AMTTYPE"}), "name"),
        (lambda: cf.value_request("create", {"name": "T\x01", "value": "v", **CUSTOMER}), "name"),
        (lambda: cf.definition_add({"name": "T", "type": "AMTTYPE", "colour": 1}), "colour"),
        (lambda: cf.definition_add({"ownerId": "me", "name": "T", "type": "AMTTYPE"}), "ownerId"),
        (
            lambda: cf.definition_add(
                {"name": "T", "type": "STR1024TYPE", "assignToObjects": ["Customer"]}
            ),
            "type",
        ),
        (lambda: cf.definition_mod("T", {}), ""),
        (
            lambda: cf.definitions_query({"ownerIds": "0", "assignToObjects": "Bill"}),
            "assignToObjects",
        ),
        (
            lambda: cf.value_request("create", {"name": "T", "value": "v" * 256, **CUSTOMER}),
            "value",
        ),
        (lambda: cf.value_request("create", {"name": "T", "value": "", **CUSTOMER}), "value"),
        (lambda: cf.value_request("create", {"name": "T", "value": True, **CUSTOMER}), "value"),
        (
            lambda: cf.value_request("create", {"name": "T", "value": "v", "objectType": "Moon"}),
            "objectType",
        ),
        (
            lambda: cf.value_request("create", {"name": "T", "value": "v", "objectType": "Bill"}),
            "objectId",
        ),
        (
            lambda: cf.value_request(
                "create", {"name": "T", "value": "v", **CUSTOMER, "lineId": "1"}
            ),
            "lineId",
        ),
        (lambda: cf.value_request("delete", {"name": "T", "value": "v", **CUSTOMER}), "value"),
        (
            lambda: cf.value_request(
                "create",
                {"name": "Tier", "value": "v", "objectType": "Vendor", "objectId": "8-1"},
                PUBLIC,
            ),
            "objectType",
        ),
        (
            lambda: cf.value_request(
                "create", {"name": "Count", "value": "7.5", **CUSTOMER}, COUNT
            ),
            "value",
        ),
    ],
)
def test_bad_input_names_the_field(call: Any, field: str) -> None:
    with pytest.raises(ResourceValidationError) as info:
        call()
    assert info.value.field == field


def test_value_lengths_follow_the_owner_and_the_known_type() -> None:
    private = {"ownerId": GUID, "name": "Sync", "value": "v" * 1024, **CUSTOMER}
    assert cf.value_request("create", private)[1]["DataExtAdd"]["DataExtValue"] == "v" * 1024
    assert cf.value_request("create", private, LONG)  # private data goes on any object
    with pytest.raises(ResourceValidationError):
        cf.value_request("create", private | {"value": "v" * 1025})
    short = cf.Definition(LONG.owner_id, "Sync", "STR255TYPE", ())
    with pytest.raises(ResourceValidationError):
        cf.value_request("create", private, short)


def test_answers_become_json() -> None:
    record = {"OwnerID": "0", "DataExtID": "4", "DataExtName": "Tier", "DataExtType": "STR255TYPE"}
    one = cf.definition_json(record | {"AssignToObject": "Customer"})
    assert one["assignToObjects"] == ["Customer"] and one["objectType"] == cf.DEFINITION_OBJECT
    assert cf.definition_of(one) == cf.Definition("0", "Tier", "STR255TYPE", ("Customer",))
    request = cf.value_request("create", {"name": "Tier", "value": "Gold", **CUSTOMER})[1]
    value = cf.value_json(request, {"OwnerID": "0", "DataExtName": "Tier", "DataExtValue": "Gold"})
    assert value["object"] == {"type": "Customer", "id": CUSTOMER["objectId"], "lineId": None}
