"""Recorded QuickBooks responses through to_json; every SDK request field built into XSD-valid
qbXML; bad input named by field; every list filter as schema-valid XML; version limits."""

from __future__ import annotations

import copy
import enum
import sys
import types
import typing
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from nxus.qbxml import spec
from nxus.qbxml.builder import QbxmlBuildError, RequestSpec, build_request
from nxus.qbxml.parser import iter_response_sets
from nxus.qbxml.validate import validate_request
from nxus.resources import (
    RESOURCES,
    ResourceValidationError,
    build_count,
    build_create,
    build_query,
    build_update,
    to_json,
)
from nxus.resources.engine import QbxmlCall
from nxus.resources.model import Enum, Text
from nxus.resources.query import FILTERS
from tests.qbxml_checks import assert_valid_request
from tests.unit.resources.conftest import RESPONSES, SDK_MODELS, assert_builds_valid
from tests.unit.resources.test_tables import ID, MINIMAL, _aliases, _variant_models

# -- recorded responses -------------------------------------------------------------------------

SAMPLES = sorted(RESPONSES.glob("*_rs.xml"))
BY_RET = {
    v.ret: (name, v)
    for name, r in RESOURCES.items()
    if name not in ("items", "special_items")  # many Rets; special items: a short shape
    for v in r.variants
}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_recorded_responses_map_to_sdk_aliases_with_valid_values(path: Path) -> None:
    mapped = 0
    for rs in iter_response_sets(path.read_bytes()):
        assert rs.ok, rs.status_message
        for record in rs.records:
            name, variant = BY_RET[record.tag]
            model = dict(_variant_models(name))[record.tag]
            out = to_json(RESOURCES[name], record.tag, record)
            assert set(out) == _aliases(model)
            assert out["id"] and out["revisionNumber"]
            for key, field in model.model_fields.items():
                value = out[field.alias or key]
                if value is None:
                    continue
                try:
                    TypeAdapter(field.annotation).validate_python(_drop_nulls(value))
                except ValidationError as error:
                    missing = all(e["type"] == "missing" for e in error.errors())
                    assert missing, f"{record.tag}.{field.alias or key}: {error}"
            mapped += 1
    assert mapped > 0


def _drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


# -- every field of the SDK's Create*/Update* models ----------------------------------------------


# Request models the SDK names otherwise than its response model.
SDK_REQUEST_STEMS = {"credit_card_charges": "CreditCard"}


def _request_model(name: str, kind: str) -> type[BaseModel] | None:
    model = SDK_MODELS[name]
    module = sys.modules[model.__module__]
    stem = SDK_REQUEST_STEMS.get(name, model.__name__)
    found = getattr(module, f"{kind}{stem}Request", None)
    return found if isinstance(found, type) and issubclass(found, BaseModel) else None


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    many = False
    while True:
        origin = typing.get_origin(annotation)
        if origin in (typing.Union, types.UnionType):
            annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
        elif origin is list:
            many, annotation = True, typing.get_args(annotation)[0]
        elif origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation, many


def _sdk_value(alias: str, source: Any, annotation: Any, parent: str) -> Any:  # noqa: C901
    kind, many = _unwrap(annotation)
    path = getattr(source, "path", source)
    full = f"{parent}/{path}" if isinstance(path, str) and path else parent
    simple = spec.simple_type(full) if isinstance(path, str) else None
    value: Any
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        value = _sdk_sample(kind, source.shape if hasattr(source, "shape") else {}, full)
    elif isinstance(kind, type) and issubclass(kind, enum.Enum):
        value = [m.value for m in kind if m.value is not None][-1]
    elif isinstance(source, Enum) and source.values:  # the SDK's own spelling (a number)
        value = next(iter(source.values.values()))
    elif kind is bool:
        value = True
    elif kind in (int, float):
        value = 3
    elif kind in (date, datetime) or alias.endswith("Date"):
        value = "2024-01-15"
    elif isinstance(source, Text):
        value = "5"
    elif simple is not None and simple.enum:  # the SDK declares a string: QuickBooks' spelling
        value = simple.enum[0]
    elif simple is not None and simple.base == "GUIDTYPE":
        value = "12345678-abcd-1234-abcd-1234567890ab"
    elif simple is not None and simple.base == "TIMEINTERVALTYPE":
        value = "PT1H30M"
    elif simple is not None and simple.base == "STRTYPE":
        value = "x"
    elif alias.endswith(("Id", "Ids")):
        value = ID
    else:
        value = "x"
    return [value] if many else value


def _sdk_sample(model: type[BaseModel], shape: Any, parent: str) -> dict[str, Any]:
    """One value of the SDK's own type for every field the table maps to a qbXML element."""
    return {
        alias: _sdk_value(alias, shape[alias], field.annotation, parent)
        for key, field in model.model_fields.items()
        if (alias := field.alias or key) in shape and shape[alias] is not None
    }


def _build_all(build: Any, shape: Any, data: dict[str, Any]) -> int:
    """Build `data` into XSD-valid requests; when a schema choice excludes two fields, each goes
    into a request of its own (SalesOrPurchase vs SalesAndPurchase, Rate vs RatePercent)."""
    pending, built = [data], 0
    while pending:
        current = pending.pop()
        for _ in range(200):
            call = build(current)
            try:
                assert_builds_valid(call.request, call.body, call.attributes)
                break
            except QbxmlBuildError as error:
                if "cannot be combined with" not in error.message:
                    raise
                rival = error.message.rsplit(" ", 1)[-1]
                steps = error.path.split("/")[1:]
                pending.append(_without(shape, copy.deepcopy(current), steps[:-1] + [rival]))
                current = _without(shape, current, steps)
        else:
            raise AssertionError("choices did not settle")
        built += 1
    return built


def _produces(shape: Any, element: str) -> bool:
    paths = (getattr(source, "path", source) for source in shape.values())
    return any(isinstance(p, str) and p.split("/")[0] == element for p in paths)


def _without(shape: Any, data: Any, steps: list[str]) -> Any:
    """`data` without the JSON field that produces the element at `steps` (below the Add)."""
    for alias, source in shape.items():
        path = getattr(source, "path", source)
        if path == "" and alias in data and _produces(source.shape, steps[0]):
            data.pop(alias)  # one choice of the parent element (a deposit's paymentLine)
            return data
        if alias not in data or not isinstance(path, str) or path.split("/")[0] != steps[0]:
            continue
        if len(steps) == 1 or not hasattr(source, "shape"):
            data.pop(alias)
        else:
            items = data[alias] if isinstance(data[alias], list) else [data[alias]]
            for item in items:
                _without(source.shape, item, steps[1:])
        return data
    raise AssertionError(f"no field produces {steps}")


WRITABLE = sorted(MINIMAL)
# Per-item prices and rates: a three-way choice whose third branch is a pair (a custom price,
# a custom percent, or AdjustPercentage with AdjustRelativeTo) that `_build_all` cannot split;
# test_request_side builds each branch.
THREE_WAY_CHOICES = {"price_levels": ("priceLevelPerItem",), "billing_rates": ("billingRateItems",)}
# Not built here: updates of resources without a qbXML Mod (docs/resources.md), and creates of
# resources with a choice of kinds (the SDK's CreateTermRequest declares only externalId:
# test_request_side covers them).
SDK_REQUESTS = [
    (kind, name)
    for kind in ("Create", "Update")
    for name in WRITABLE
    if not (kind == "Update" and "update" not in RESOURCES[name].operations)
    and not (kind == "Create" and RESOURCES[name].choices)
]


@pytest.mark.parametrize(("kind", "name"), SDK_REQUESTS)
def test_every_sdk_request_field_builds_into_an_xsd_valid_request(kind: str, name: str) -> None:
    resource = RESOURCES[name]
    model = _request_model(name, kind)
    assert model is not None
    shape = resource.create if kind == "Create" else resource.update
    op = "Add" if kind == "Create" else "Mod"
    data = _sdk_sample(model, shape, f"{resource.qb}{op}Rq/{resource.qb}{op}")
    for alias in THREE_WAY_CHOICES.get(name, ()):
        data.pop(alias, None)
    sent = set(data)
    if kind == "Create":
        data = MINIMAL[name] | data

        def build(d: dict[str, Any]) -> QbxmlCall:
            return build_create(resource, d)
    else:

        def build(d: dict[str, Any]) -> QbxmlCall:
            return build_update(resource, ID, {"revisionNumber": "1", **d})

    assert sent, f"{name} {kind}: no field maps"
    assert _build_all(build, shape, data) >= 1


# -- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("customers", {"name": "A", "bogus": 1}, "bogus"),
        ("customers", {"name": 5}, "name"),
        ("customers", {"name": "x" * 42}, "name"),
        ("customers", {"name": "A", "openBalance": "ten"}, "openBalance"),
        ("customers", {"name": "A", "openBalance": 1.005}, "openBalance"),
        ("customers", {"name": "A", "openBalanceDate": "2024-02-30"}, "openBalanceDate"),
        ("customers", {"name": "A", "isActive": "yes"}, "isActive"),
        ("customers", {"name": "A", "billingAddress": {"line1": "x" * 42}}, "billingAddress.line1"),
        ("customers", {"name": "A", "additionalNotes": "n"}, "additionalNotes"),
        ("customers", {"name": "A", "parentId": ""}, "parentId"),
        ("invoices", {"customerId": ID, "lines": [{"itemId": ID, "bogus": 1}]}, "lines[0].bogus"),
        ("invoices", {"customerId": ID, "lines": {"itemId": ID}}, "lines"),
        ("employees", {"usCitizenshipStatus": "yes"}, "usCitizenshipStatus"),
        ("vendors", {"name": "V", "defaultExpenseAccountIds": ID}, "defaultExpenseAccountIds"),
    ],
)
def test_bad_input_names_the_camelcase_field(name: str, data: dict[str, Any], field: str) -> None:
    with pytest.raises(ResourceValidationError) as info:
        build_create(RESOURCES[name], data)
    assert info.value.field == field


def test_update_needs_a_revision_number_and_refuses_unknown_fields() -> None:
    with pytest.raises(ResourceValidationError) as info:
        build_update(RESOURCES["customers"], ID, {"name": "A"})
    assert info.value.field == "revisionNumber"
    with pytest.raises(ResourceValidationError) as info:
        build_update(RESOURCES["customers"], ID, {"revisionNumber": "1", "nope": 1})
    assert info.value.field == "nope"


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("customers", {"bogus": "1"}, "bogus"),
        ("customers", {"ids": ID, "nameContains": "a"}, "nameContains"),
        ("customers", {"nameContains": "a", "nameStartsWith": "b"}, "nameStartsWith"),
        ("invoices", {"refNumberContains": "1", "refNumberFrom": "2"}, "refNumberFrom"),
        ("invoices", {"refNumbers": "1", "status": "active"}, "status"),
        ("customers", {"status": "sleeping"}, "status"),
        ("customers", {"limit": 0}, "limit"),
        ("customers", {"updatedAfter": "yesterday"}, "updatedAfter"),
        ("invoices", {"fromTransactionDate": "2024-13-01"}, "fromTransactionDate"),
        ("customers", {"fields": "bogusField"}, "fields"),
        ("accounts", {"refNumbers": "1"}, "refNumbers"),
        ("invoices", {"entityIds": [ID, "Acme"]}, "entityIds"),
        ("invoices", {"vendorIds": ID}, "vendorIds"),
        ("bills", {"customerIds": ID}, "customerIds"),
        ("invoices", {"entityIds": ID, "customerIds": ID}, "customerIds"),
        (
            "invoices",
            {"updatedAfter": "2024-01-01", "fromTransactionDate": "2024-01-01"},
            "fromTransactionDate",
        ),
        ("customers", {"nameContains": "a", "nameFrom": "b"}, "nameFrom"),
        ("customers", {"status": "all", "ActiveStatus": "All"}, "ActiveStatus"),
        ("customers", {"ActiveStatus": "Sometimes"}, "ActiveStatus"),
        ("customers", {"NameFilter": '{"matchCriterion": "near", "name": "a"}'}, "NameFilter"),
        ("customers", {"NameFilter": '{"name": "a", "color": "red"}'}, "NameFilter"),
        ("customers", {"NameFilter": "{not json"}, "NameFilter"),
        ("customers", {"totalBalanceGreaterThan": "lots"}, "totalBalanceGreaterThan"),
        ("customers", {"totalBalance": "1", "totalBalanceLessThan": "2"}, "totalBalanceLessThan"),
        ("accounts", {"accountType": "money"}, "accountType"),
        ("invoices", {"paymentStatus": "maybe"}, "paymentStatus"),
        ("transactions", {"transactionTypes": "invoice,gift"}, "transactionTypes"),
        ("price_levels", {"itemIds": [ID, "80000002-1234567890"]}, "itemIds"),
        ("invoices", {"itemIds": ID}, "itemIds"),
        ("customers", {"classIds": "[]"}, "classIds"),
    ],
)
def test_bad_list_parameters_name_the_parameter(
    name: str, params: dict[str, Any], field: str
) -> None:
    with pytest.raises(ResourceValidationError) as info:
        build_query(RESOURCES[name], params)
    assert info.value.field == field


# -- every filter as schema-valid XML -----------------------------------------------------------

_FILTER_VALUES: dict[str, Any] = {
    "vendorId": ID,
    "ids": f"{ID},80000002-1234567890",
    "names": "A,B:C",
    "refNumbers": "1001,1002",
    "limit": 25,
    "status": "all",
    "updatedAfter": "2024-01-01T00:00:00",
    "updatedBefore": "2024-02-01T00:00:00",
    "fromTransactionDate": "2024-01-01",
    "toTransactionDate": "2024-01-31",
    "entityIds": f"{ID},80000002-1234567890",
    "accountIds": ID,
    "nameContains": "ac",
    "nameStartsWith": "A",
    "nameEndsWith": "e",
    "refNumberContains": "10",
    "refNumberStartsWith": "1",
    "refNumberEndsWith": "2",
    "refNumberFrom": "1000",
    "refNumberTo": "2000",
    "includeLineItems": "true",
    "includeLinkedTransactions": True,
    "fields": "id",
    "ActiveStatus": "InactiveOnly",
    "transactionDateFrom": "2024-01-01",
    "transactionDateTo": "2024-01-31",
    "customerIds": ID,
    "vendorIds": [ID, "80000002-1234567890"],
    "itemIds": ID,
    "classIds": "Consulting",
    "currencyIds": ID,
    "NameFilter": '{"matchCriterion": "startsWith", "name": "Ab"}',
    "nameFrom": "A",
    "nameTo": "M",
    "totalBalance": "10.00",
    "totalBalanceGreaterThan": 10,
    "totalBalanceGreaterThanOrEqualTo": "10.5",
    "totalBalanceLessThan": "99.99",
    "totalBalanceLessThanOrEqualTo": 100,
    "paymentStatus": "not_paid",
    "accountType": "accounts_receivable",
    "paymentMethodType": "Visa",
    "transactionTypes": "invoice,bill",
    "postingStatus": "posting",
    "pendingStatus": "pending",
    "detailLevel": "allExceptSummary",
    "DetailLevel": "All",
    "dueDate": "2024-02-01",
    "effectiveDateFrom": "2024-01-01",
    "effectiveDateTo": "2024-12-31",
    "includeComponentLineItems": "true",
    "ownerIds": "0,{57F3B9B1-86F1-4FCC-B1EE-566DE1813D21}",
}


def _with_required(resource: Any, param: str) -> dict[str, Any]:
    """`param` with the parameters the query cannot go without (BillToPay: vendorId)."""
    return {p: _FILTER_VALUES[p] for p in (*resource.required_params, param)}


def _filter_cases() -> list[tuple[str, str]]:
    cases = []
    for name, resource in sorted(RESOURCES.items()):
        if "list" not in resource.operations:
            continue
        for param in FILTERS:
            if param == "fields" and "id" not in resource.variants[0].fields:
                continue  # rows without an id of their own (bill_to_pay): fields=id is refused
            try:
                build_query(resource, _with_required(resource, param))
            except ResourceValidationError as error:
                assert "is not a filter of" in error.message, (name, param, error)
                continue
            cases.append((name, param))
    return cases


FILTER_CASES = _filter_cases()


def test_every_filter_applies_somewhere() -> None:
    assert {param for _, param in FILTER_CASES} == set(FILTERS)


@pytest.mark.parametrize(("name", "param"), FILTER_CASES)
def test_each_filter_builds_schema_valid_xml(name: str, param: str) -> None:
    resource = RESOURCES[name]
    for call in (
        build_query(resource, _with_required(resource, param), iterate=True),
        build_count(resource, _with_required(resource, param)),
    ):
        doc = assert_builds_valid(call.request, call.body, call.attributes)
        validate_request(doc, check_lengths=True)


def test_combined_filters_build_schema_valid_xml() -> None:
    call = build_query(
        RESOURCES["invoices"],
        {
            "limit": 10,
            "updatedAfter": "2024-01-01T00:00:00",
            "entityIds": ID,
            "refNumberFrom": "1",
            "refNumberTo": "9",
            "includeLineItems": True,
            "fields": "refNumber,customer",
        },
        iterate=True,
    )
    doc = assert_builds_valid(call.request, call.body, call.attributes)
    validate_request(doc, check_lengths=True)


# -- versions -------------------------------------------------------------------------------------


def test_a_13_0_request_validates_against_the_13_0_schema() -> None:
    call = build_create(RESOURCES["invoices"], MINIMAL["invoices"] | {"memo": "m"})
    doc = build_request("13.0", [RequestSpec(call.request, call.body, call.attributes)])
    assert assert_valid_request(doc).version == "13.0"


def test_a_field_qbxml_5_lacks_needs_a_newer_version() -> None:
    call = build_create(RESOURCES["customers"], {"name": "A", "classId": ID})
    with pytest.raises(QbxmlBuildError) as info:
        build_request("5.0", [RequestSpec(call.request, call.body, call.attributes)])
    assert info.value.path == "CustomerAdd/ClassRef"
    assert info.value.needs_version == "12.0"
    plain = build_create(RESOURCES["customers"], {"name": "A"})
    doc = build_request("5.0", [RequestSpec(plain.request, plain.body, plain.attributes)])
    assert validate_request(doc).version == "5.0"
