"""Every first-wave resource: SDK paths/ops, exact response keys, typed values, requests that
build into schema-valid qbXML."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from nxus.qbxml import spec
from nxus.resources import RESOURCES, build_create, build_update, to_json
from nxus.resources.model import Const, Nest, Resource, Shape
from tests.unit.resources.conftest import SDK_DEFS, SDK_MODELS, assert_builds_valid

NAMES = sorted(RESOURCES)


def _variant_models(name: str) -> list[tuple[str, type[BaseModel]]]:
    model = SDK_MODELS[name]
    if "root" in getattr(model, "model_fields", {}):
        union = typing.get_args(model.model_fields["root"].annotation)
        by_type = {typing.get_args(m.model_fields["item_type"].annotation)[0]: m for m in union}
        return [(v.ret, by_type[v.item_type]) for v in RESOURCES[name].variants]
    return [(v.ret, model) for v in RESOURCES[name].variants]


def _aliases(model: type[BaseModel]) -> set[str]:
    return {f.alias or k for k, f in model.model_fields.items()}


@pytest.mark.parametrize("name", NAMES)
def test_paths_and_operations_match_the_sdk(name: str) -> None:
    resource = RESOURCES[name]
    _, list_path, item_path, create_path, ops = SDK_DEFS[name]
    assert (resource.list_path, resource.item_path, resource.create_path) == (
        list_path,
        item_path,
        create_path,
    )
    assert set(resource.operations) - {"count"} <= set(ops)
    pages = spec.exists(f"{resource.query_request}/MaxReturned")
    assert resource.iterable == (resource.query_request in spec.iterator_queries() and pages)


def _sample(parent: str, shape: Shape) -> dict[str, Any]:
    """A fully populated Ret dict for `shape`: one plausible value per element of the schema."""
    record: dict[str, Any] = {}
    for source in shape.values():
        if source is None or isinstance(source, Const):
            continue
        path = source if isinstance(source, str) else source.path
        full = f"{parent}/{path}"
        node = spec.resolve(full)
        if isinstance(source, Nest):
            value: Any = _sample(full, source.shape)
        elif node.complex is not None:
            value = {"ListID": "80000001-1234567890", "FullName": "A:B"}
        else:
            value = _SIMPLE.get(node.simple.base, "x") if node.simple else "x"
            if node.simple and node.simple.enum:
                value = node.simple.enum[0]
        if node.child is not None and node.child.max_occurs != 1:
            value = [value]
        target = record
        steps = path.split("/")
        for step in steps[:-1]:
            target = target.setdefault(step, {})
        target[steps[-1]] = value
    return record


_SIMPLE = {
    "AMTTYPE": "12.50",
    "PRICETYPE": "1.5",
    "QUANTYPE": "2",
    "PERCENTTYPE": "5",
    "FLOATTYPE": "1",
    "INTTYPE": "3",
    "BOOLTYPE": "true",
    "DATETYPE": "2024-01-15",
    "DATETIMETYPE": "2024-01-15T10:00:00-08:00",
    "IDTYPE": "80000001-1234567890",
    "GUIDTYPE": "{12345678-ABCD-1234-ABCD-1234567890AB}",
}


@pytest.mark.parametrize("name", NAMES)
def test_response_keys_are_the_sdk_aliases_and_values_validate(name: str) -> None:
    resource = RESOURCES[name]
    for ret, model in _variant_models(name):
        variant = next(v for v in resource.variants if v.ret == ret)
        empty = to_json(resource, ret, {})
        assert set(empty) == _aliases(model), ret
        full = to_json(resource, ret, _sample(ret, variant.fields))
        assert full["objectType"] == variant.object_type
        for key, field in model.model_fields.items():
            alias = field.alias or key
            if full[alias] is None:
                continue
            try:
                TypeAdapter(field.annotation).validate_python(_drop_nulls(full[alias]))
            except ValidationError as error:
                if not _only_missing(error):
                    raise AssertionError(f"{ret}.{alias}: {error}") from None


def _drop_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value]
    return value


def _only_missing(error: ValidationError) -> bool:
    """Nested SDK models declare every field required; absent (null) ones are allowed."""
    return all(e["type"] == "missing" for e in error.errors())


ID = "80000001-1234567890"
TXN = "1A2-1234567890"
LINE = {"itemId": ID, "quantity": 1, "rate": 2.5}
# The smallest JSON each create needs: the schema's required elements and required choices
# (a transaction needs a line; an item needs its sales/purchase details).
MINIMAL: dict[str, dict[str, Any]] = {
    "customers": {"name": "Acme"},
    "vendors": {"name": "Supplies Inc"},
    "employees": {"firstName": "Ada", "lastName": "Lovelace"},
    "accounts": {"name": "Bank", "accountType": "Bank"},
    "qbd_classes": {"name": "East"},
    "payment_methods": {"name": "Cash"},
    "terms": {"name": "Net 30", "dueDays": 30},
    "sales_tax_codes": {"name": "Tax", "isTaxable": True},
    "service_items": {"name": "Labor", "salesOrPurchase": {"price": 10, "accountId": ID}},
    "item_non_inventory": {"name": "Widget", "salesOrPurchaseDetails": {"postingAccountId": ID}},
    "item_other_charges": {"name": "Freight", "salesOrPurchaseDetails": {"postingAccountId": ID}},
    "inventory_items": {"name": "Gadget"},
    "invoices": {"customerId": ID, "lines": [LINE]},
    "sales_receipts": {"customerId": ID, "lines": [LINE]},
    "receive_payments": {"customerId": ID, "isAutoApply": True},
    "bills": {"vendorId": ID, "expenseLines": [{"accountId": ID, "amount": 5}]},
    "checks": {"accountId": ID, "expenseLines": [{"accountId": ID, "amount": 5}]},
    "estimates": {"customerId": ID, "lineItems": [LINE]},
    "purchase_orders": {"vendorId": ID, "lines": [LINE]},
    "credit_memos": {"customerId": ID, "lines": [LINE]},
    "journal_entries": {
        "debitLines": [{"accountId": ID, "amount": 5}],
        "creditLines": [{"accountId": ID, "amount": 5}],
    },
    "sales_orders": {"customerId": ID, "lines": [LINE]},
    "vendor_credits": {"vendorId": ID, "expenseLines": [{"accountId": ID, "amount": 5}]},
    "credit_card_charges": {"accountId": ID, "expenseLines": [{"accountId": ID, "amount": 5}]},
    "credit_card_credits": {"accountId": ID, "expenseLines": [{"accountId": ID, "amount": 5}]},
    "item_receipts": {"vendorId": ID, "itemLines": [{"itemId": ID, "quantity": 1}]},
    "charges": {"customerId": ID, "itemId": ID, "amount": 80},
    "deposits": {
        "depositToAccountId": ID,
        "depositLines": [
            {"manualLine": {"accountId": ID, "amount": 5}},
            {"paymentLine": {"id": TXN}},
        ],
    },
    "check_bill_payments": {
        "payeeId": ID,
        "bankAccountId": ID,
        "refNumber": "101",
        "appliedToTransactions": [{"id": TXN, "paymentAmount": 5}],
    },
    "credit_card_bill_payments": {
        "payeeId": ID,
        "creditCardAccountId": ID,
        "applyToTransactions": [{"id": TXN, "paymentAmount": 5}],
    },
    "ar_refund_credit_cards": {
        "customerId": ID,
        "refundAppliedToTransactions": [{"id": TXN, "refundAmount": 5}],
    },
    "sales_tax_payment_checks": {
        "transactionDate": "2024-01-15",
        "refNumber": "102",
        "payeeId": ID,
        "bankAccountId": ID,
        "lines": [{"itemSalesTaxId": ID, "amount": 5}],
    },
    "time_trackings": {"transactionDate": "2024-01-15", "entityId": ID, "duration": "PT2H30M"},
    "build_assemblies": {"inventoryAssemblyItemId": ID, "quantityToBuild": 2},
    "inventory_adjustments": {
        "accountId": ID,
        "inventoryAdjustmentLines": [{"itemId": ID, "quantityAdjustment": {"newQuantity": 3}}],
    },
    "customer_types": {"name": "Retail"},
    "vendor_types": {"name": "Tools"},
    "ship_methods": {"name": "Courier"},
    "other_names": {"name": "Owner"},
    "price_levels": {"name": "Wholesale", "priceLevelFixedPercentage": -5},
    "billing_rates": {"name": "Crew", "fixedBillingRate": 50},
    "date_driven_terms": {"name": "15th", "dueDayOfMonth": "15"},
    "payroll_item_wages": {"name": "Hourly", "wageType": "HourlyRegular", "expenseAccountId": ID},
    "currencies": {"name": "Euro", "currencyCode": "EUR"},
    "inventory_sites": {"name": "Warehouse"},
    "unit_of_measure_sets": {
        "name": "Count",
        "unitOfMeasureType": "Count",
        "baseUnit": {"name": "Each", "abbreviation": "ea"},
    },
    "workers_comp_codes": {
        "name": "5403",
        "rateEntries": [{"rate": 4.5, "effectiveDate": "2024-01-01"}],
    },
    "item_discounts": {"name": "Promo", "discountRatePercent": 5, "accountId": ID},
    "item_fixed_assets": {
        "name": "Truck",
        "acquiredAs": "New",
        "purchaseDescription": "Truck",
        "purchaseDate": "2024-01-15",
    },
    "item_groups": {"name": "Bundle"},
    "item_inventory_assemblies": {
        "name": "Kit",
        "incomeAccountId": ID,
        "assetAccountId": ID,
        "cogsAccountId": ID,
    },
    "item_payments": {"name": "Deposit"},
    "item_sales_tax": {"name": "County", "taxRate": 1.25},
    "item_sales_tax_groups": {"name": "Region", "itemSalesTaxIds": [ID]},
    "item_subtotals": {"name": "Sub"},
    "special_items": {"specialItemType": "FinanceCharge"},
}
# What an update must send besides revisionNumber (QuickBooks requires it in the Mod).
MINIMAL_UPDATE: dict[str, dict[str, Any]] = {
    "time_trackings": {"transactionDate": "2024-01-15", "entityId": ID, "duration": "PT2H"},
}
WRITABLE = [n for n in NAMES if "create" in RESOURCES[n].operations]


def test_every_writable_resource_has_a_minimal_create() -> None:
    assert sorted(MINIMAL) == sorted(WRITABLE)


@pytest.mark.parametrize("name", WRITABLE)
def test_minimal_create_and_update_build_schema_valid_requests(name: str) -> None:
    resource: Resource = RESOURCES[name]
    create = build_create(resource, MINIMAL[name])
    assert_builds_valid(create.request, create.body, create.attributes)
    if "update" in resource.operations:
        update = build_update(resource, ID, {"revisionNumber": "1", **MINIMAL_UPDATE.get(name, {})})
        assert_builds_valid(update.request, update.body, update.attributes)
