"""Every resource of the SDK's `_RESOURCE_DEFS` against the live server and the simulated
company: which ones nXus serves (test_sdk_quickbooks.py drives each of them through list,
count, retrieve and every write the SDK lists), the cross-type transactions, and bad input on
the second-wave routes (400 naming the field, nothing sent to QuickBooks)."""

from __future__ import annotations

from typing import Any

import pytest
from nxus_qbd import NxusClient
from nxus_qbd.errors import NxusApiError
from nxus_qbd.resources import _RESOURCE_DEFS
from pydantic import ValidationError

from nxus.qbxml import spec
from nxus.resources import RESOURCES
from nxus.simulator.qb.entities import REFS
from tests.e2e import test_sdk_quickbooks as sdk_suite
from tests.e2e.test_sdk_quickbooks import create_body, matches_model, raw, variant_model
from tests.integration.quickbooks.conftest import QbEnv
from tests.unit.resources.test_tables import MINIMAL

qb_env = sdk_suite.qb_env
schema_check = sdk_suite.schema_check
client = sdk_suite.client
refs = sdk_suite.refs

pytestmark = pytest.mark.slow

# SDK resources nXus does not serve yet (404): none left. The set may only shrink: a resource
# served must leave it (the test below says which).
NOT_SERVED: set[str] = set()
# Operations the SDK lists that qbXML has no request for (405 `<OP>_NOT_SUPPORTED`).
NO_QBXML_REQUEST = {
    ("payment_methods", "update"),  # no PaymentMethodMod
    ("terms", "update"),  # no StandardTermsMod/DateDrivenTermsMod
    ("credit_card_bill_payments", "update"),  # no BillPaymentCreditCardMod
    ("ar_refund_credit_cards", "update"),  # no ARRefundCreditCardMod
    ("customer_types", "update"),  # no CustomerTypeMod
    ("ship_methods", "update"),  # no ShipMethodMod
    ("date_driven_terms", "update"),  # no DateDrivenTermsMod
    ("items", "create"),
    ("account_tax_line_infos", "retrieve"),  # AccountTaxLineInfoQuery takes no filter
    ("bar_codes", "delete"),  # ListDelType has no BarCode
    # BillToPayQuery only: its rows have no id of their own, qbXML cannot write them.
    *(("bill_to_pay", op) for op in ("retrieve", "create", "update", "delete")),
}


def test_every_sdk_resource_is_served_with_its_paths_and_operations() -> None:
    for name, list_path, item_path, create_path, ops in _RESOURCE_DEFS:
        if name in NOT_SERVED:
            assert name not in RESOURCES, f"{name} is served now: take it off NOT_SERVED"
            continue
        resource = RESOURCES[name]
        assert (resource.list_path, resource.item_path, resource.create_path) == (
            list_path,
            item_path,
            create_path,
        )
        missing = {op for op in ops if op not in resource.operations}
        assert missing == {op for n, op in NO_QBXML_REQUEST if n == name and op in ops}, name
        has_count = "metaData" in spec.attributes(resource.query_request)
        assert ("count" in resource.operations) == has_count, name


def test_transactions_across_types(client: NxusClient, qb_env: QbEnv, refs: dict[str, str]) -> None:
    rows: list[dict[str, Any]] = []
    params: dict[str, Any] = {"limit": 150}
    while True:
        page = raw(client, qb_env, "GET", "/api/v1/transactions", params=params)
        rows += page["data"]
        if not page["nextCursor"]:
            break
        params = {"limit": 150, "cursor": page["nextCursor"]}
    for row in rows[:200]:
        matches_model(row, variant_model("transactions", row))
    types = {row["transactionType"] for row in rows}
    served = {RESOURCES[n].qb for n in RESOURCES if RESOURCES[n].kind == "txn"}
    assert types == served - {"Transaction", "TimeTracking", "BillToPay"}
    count = raw(client, qb_env, "GET", "/api/v1/transactions/count")["count"]
    assert count == len(rows)
    per_type = sum(
        raw(client, qb_env, "GET", RESOURCES[n].list_path + "/count")["count"]
        for n in RESOURCES
        if RESOURCES[n].kind == "txn" and n not in ("transactions", "time_trackings", "bill_to_pay")
    )
    assert count == per_type  # every transaction type, time tracking is not one
    invoice = raw(client, qb_env, "POST", "/api/v1/invoice", json=create_body("invoices", refs))
    one = raw(client, qb_env, "GET", f"/api/v1/transaction/{invoice['id']}")
    assert (one["id"], one["transactionType"]) == (invoice["id"], "Invoice")
    assert one["amount"] == invoice["balanceRemaining"]  # nothing applied yet
    assert one["entity"]["id"] == refs["customer"]
    deleted = client.transactions.delete(invoice["id"], connection_id=qb_env.public_id)
    assert deleted["deleted"] is True and deleted["id"] == invoice["id"]
    with pytest.raises(NxusApiError) as gone:
        raw(client, qb_env, "GET", f"/api/v1/invoice/{invoice['id']}")
    assert gone.value.status == 404
    with pytest.raises(NxusApiError) as again:
        client.transactions.delete(invoice["id"], connection_id=qb_env.public_id)
    assert again.value.status == 404


@pytest.mark.parametrize("name", sdk_suite.FEATURE_OFF)
def test_a_list_of_a_feature_left_off_is_empty_and_refuses_writes(
    name: str, client: NxusClient, qb_env: QbEnv
) -> None:
    resource = RESOURCES[name]
    page = raw(client, qb_env, "GET", resource.list_path)
    assert page["data"] == [] and page["count"] == 0
    assert raw(client, qb_env, "GET", resource.list_path + "/count")["count"] == 0
    if "create" not in resource.operations:
        return  # bar codes are written on their items
    with pytest.raises(NxusApiError) as refused:
        raw(client, qb_env, "POST", resource.create_path, json=MINIMAL[name])
    assert refused.value.status == 422 and refused.value.integration_code == "3250"


SECOND_WAVE = sorted(
    n
    for n in RESOURCES
    if "create" in RESOURCES[n].operations
    and n not in sdk_suite.FEATURE_OFF
    and n != "special_items"
    and n
    not in (
        "customers vendors employees accounts qbd_classes payment_methods terms sales_tax_codes "
        "service_items item_non_inventory item_other_charges inventory_items invoices "
        "sales_receipts receive_payments bills checks estimates purchase_orders credit_memos "
        "journal_entries"
    ).split()
)


def _string_field(name: str) -> tuple[str, int]:
    """A top-level text field of the create and its maximum length."""
    resource = RESOURCES[name]
    add = f"{resource.qb}AddRq/{resource.qb}Add"
    for alias, source in resource.create.items():
        if isinstance(source, str) and "/" not in source and not source.endswith("Ref"):
            simple = spec.simple_type(f"{add}/{source}")
            if simple is not None and simple.base == "STRTYPE" and simple.max_length:
                return alias, simple.max_length
    raise AssertionError(f"{name} has no text field")


def _ref_field(name: str) -> str | None:
    """A reference of the create that the simulated company checks (3140 when unknown)."""
    refs = RESOURCES[name].create.items()
    return next((a for a, s in refs if isinstance(s, str) and s in REFS), None)


WITH_REFS = [n for n in SECOND_WAVE if _ref_field(n)]


@pytest.mark.parametrize("name", SECOND_WAVE)
@pytest.mark.parametrize("kind", ["unknown", "wrong type", "too long"])
def test_bad_input_on_second_wave_routes_sends_nothing(
    name: str, kind: str, client: NxusClient, qb_env: QbEnv, refs: dict[str, str]
) -> None:
    body: dict[str, Any] = create_body(name, refs)
    text, longest = _string_field(name)
    field = {"unknown": "bogusField", "wrong type": text, "too long": text}[kind]
    body[field] = {"unknown": 1, "wrong type": 5, "too long": "x" * (longest + 1)}[kind]
    sent = len(qb_env.quickbooks.requests)
    with pytest.raises(NxusApiError) as refused:
        raw(client, qb_env, "POST", RESOURCES[name].create_path, json=body)
    assert refused.value.status == 400 and field in str(refused.value)
    assert len(qb_env.quickbooks.requests) == sent


@pytest.mark.parametrize("name", WITH_REFS)
def test_an_id_quickbooks_does_not_have_is_a_400_naming_the_field(
    name: str, client: NxusClient, qb_env: QbEnv, refs: dict[str, str]
) -> None:
    body: dict[str, Any] = create_body(name, refs)
    field = _ref_field(name)
    assert field is not None
    body[field] = "80009999-1234567890"
    with pytest.raises(NxusApiError) as refused:
        raw(client, qb_env, "POST", RESOURCES[name].create_path, json=body)
    assert refused.value.status == 400 and field in str(refused.value)


def test_special_items_are_created_once(client: NxusClient, qb_env: QbEnv) -> None:
    from nxus_qbd.models.qbd.special_item import SpecialItem

    created = client.special_items.create(
        special_item_type="ReimbursableExpenseSubtotal", connection_id=qb_env.public_id
    )
    matches_model(created, SpecialItem)
    assert created["specialItemType"] == "ReimbursableExpenseSubtotal"
    item = raw(client, qb_env, "GET", f"/api/v1/item-subtotal/{created['id']}")
    assert item["name"] == created["name"]
    with pytest.raises(NxusApiError) as again:
        client.special_items.create(
            special_item_type="ReimbursableExpenseSubtotal", connection_id=qb_env.public_id
        )
    assert (again.value.status, again.value.code) == (409, "QBD_NAME_NOT_UNIQUE")
    sent = len(qb_env.quickbooks.requests)
    for body, field in (
        ({"specialItemType": "Coupon"}, "specialItemType"),
        ({"specialItemType": "FinanceCharge", "name": "x"}, "name"),
    ):
        with pytest.raises(NxusApiError) as refused:
            raw(client, qb_env, "POST", "/api/v1/special-item", json=body)
        assert refused.value.status == 400 and field in str(refused.value)
    assert len(qb_env.quickbooks.requests) == sent


def test_bills_to_pay_of_a_vendor(client: NxusClient, qb_env: QbEnv) -> None:
    credits = raw(client, qb_env, "GET", "/api/v1/vendor-credits", params={"limit": 1})["data"]
    vendor = credits[0]["vendor"]["id"]
    try:  # the SDK's typed list: its models declare every field non-null
        client.bill_to_pay.list(vendor_id=vendor, connection_id=qb_env.public_id)
    except ValidationError as exc:
        assert all(e["input"] is None for e in exc.errors())
    rows = raw(
        client, qb_env, "GET", "/api/v1/bill-payment-or-credits", params={"vendorId": vendor}
    )
    assert len(rows["data"]) > 1
    for row in rows["data"]:
        matches_model(row, variant_model("bill_to_pay", row))
        assert (row["bill"] is None) != (row["credit"] is None)
    credit_ids = {r["credit"]["id"] for r in rows["data"] if r["credit"]}
    assert credits[0]["id"] in credit_ids
    bills = raw(client, qb_env, "GET", "/api/v1/bills", params={"entityIds": vendor, "limit": 150})
    open_bills = {b["id"] for b in bills["data"] if not b["isPaid"]}
    assert {r["bill"]["id"] for r in rows["data"] if r["bill"]} == open_bills
    count = raw(
        client, qb_env, "GET", "/api/v1/bill-payment-or-credits/count", params={"vendorId": vendor}
    )
    assert count["count"] == len(rows["data"])
    sent = len(qb_env.quickbooks.requests)
    with pytest.raises(NxusApiError) as refused:
        raw(client, qb_env, "GET", "/api/v1/bill-payment-or-credits")
    assert refused.value.status == 400 and "vendorId" in str(refused.value)
    assert len(qb_env.quickbooks.requests) == sent


def test_account_tax_line_infos(client: NxusClient, qb_env: QbEnv) -> None:
    page = raw(client, qb_env, "GET", "/api/v1/accounts-tax-line-info")
    assert page["data"] and page["count"] == len(page["data"])
    for row in page["data"]:
        matches_model(row, variant_model("account_tax_line_infos", row))
    assert any(row["name"] == "<Unassigned>" and row["id"] == "1" for row in page["data"])
