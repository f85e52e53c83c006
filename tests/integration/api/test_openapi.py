"""GET /api/v1/openapi.json: valid OpenAPI 3.1, public, and naming every path of this server
(the Flask url_map under /api/v1, methods included) and every SDK path it serves."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from nxus_qbd import resources as sdk
from openapi_spec_validator import validate

from nxus.resources import RESOURCES

_PARAM = re.compile(r"<[^>]+>|\{[^}]+\}")
_IGNORED = {"HEAD", "OPTIONS"}


def _norm(path: str) -> str:
    return _PARAM.sub("{}", path)


@pytest.fixture
def doc(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")  # no Authorization header
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def test_document_validates_as_openapi_31(doc: dict[str, Any]) -> None:
    assert doc["openapi"].startswith("3.1")
    validate(doc)
    schemas = doc["components"]["schemas"]
    assert {"Error", "ListPage"} <= set(schemas)
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert doc["components"]["parameters"]["ConnectionId"]["name"] == "X-Connection-Id"
    assert doc["paths"]["/api/v1/openapi.json"]["get"]["security"] == []


def test_every_route_of_the_server_is_documented_with_its_methods(
    app: Flask, doc: dict[str, Any]
) -> None:
    served: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            methods = set(rule.methods or ()) - _IGNORED
            served.setdefault(_norm(rule.rule), set()).update(m.lower() for m in methods)
    documented = {_norm(p): set(ops) for p, ops in doc["paths"].items()}
    assert documented == served


def test_every_sdk_path_this_server_serves_is_documented(doc: dict[str, Any]) -> None:
    documented = {_norm(p) for p in doc["paths"]}
    ours = {r.list_path for r in RESOURCES.values()}
    sdk_defs = [d for d in sdk._RESOURCE_DEFS if d[1] in ours]
    # Every resource is one of the SDK's but POST /special-item (the hosted API has it; the
    # SDK 0.6.2 does not).
    beyond = {r.name for r in RESOURCES.values() if r.list_path not in {d[1] for d in sdk_defs}}
    assert beyond == {"special_items"}
    for _, list_path, item_path, create_path, methods in sdk_defs:
        assert {_norm(list_path), _norm(item_path), _norm(create_path)} <= documented
        if "void" in methods:
            assert _norm(item_path + "/void") in documented
    assert _norm(sdk.CURSOR_CLOSE_PATH) in documented
    assert set(sdk._REPORT_ENDPOINTS.values()) <= documented


def test_supported_operations_carry_schemas_and_unsupported_answer_405(
    doc: dict[str, Any],
) -> None:
    customers = doc["paths"]["/api/v1/customer"]["post"]
    body = customers["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/customers_create"}
    create = doc["components"]["schemas"]["customers_create"]
    assert create["additionalProperties"] is False
    assert create["properties"]["name"]["maxLength"] == 41  # from the qbXML schema
    record = doc["components"]["schemas"]["customers"]
    assert record["properties"]["objectType"] == {"const": "qbd_customer"}
    void = doc["paths"]["/api/v1/customer/{id}/void"]["post"]
    assert set(void["responses"]) == {"405"}
    assert "void" not in RESOURCES["customers"].operations
    invoice_void = doc["paths"]["/api/v1/invoice/{id}/void"]["post"]
    assert "200" in invoice_void["responses"]


def test_list_parameters_are_the_filters_each_query_takes(doc: dict[str, Any]) -> None:
    def names(path: str) -> set[str]:
        return {p.get("name") for p in doc["paths"][path]["get"]["parameters"] if "name" in p}

    assert {"fromTransactionDate", "refNumbers", "includeLineItems"} <= names("/api/v1/invoices")
    assert "fromTransactionDate" not in names("/api/v1/customers")
    assert {"nameContains", "status", "ids"} <= names("/api/v1/customers")


def test_custom_fields_are_documented_with_their_schemas(doc: dict[str, Any]) -> None:
    paths, schemas = doc["paths"], doc["components"]["schemas"]
    assert set(paths["/api/v1/custom-fields"]) == {"post", "patch", "delete"}
    assert set(paths["/api/v1/custom-field-definitions/{name}"]) == {"post", "patch", "delete"}
    create = schemas["CustomFieldDefinitionCreate"]
    assert "STR255TYPE" in create["properties"]["type"]["enum"]
    assert "Invoice" in create["properties"]["assignToObjects"]["items"]["enum"]
    params = {p.get("name"): p for p in paths["/api/v1/customers"]["get"]["parameters"]}
    assert params["ownerIds"]["schema"]["type"] == "array"
    record = schemas["customers"]["properties"]["customFields"]
    assert "ownerId" in str(record)
