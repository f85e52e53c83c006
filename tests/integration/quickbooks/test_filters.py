"""List filters over real HTTP and through the SDK against the shared simulated company: each
filter's result is checked against the unfiltered list it narrows (SPEC §2.3, issue 15)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from nxus_qbd import NxusClient

from tests.integration.quickbooks.conftest import QbEnv

pytestmark = pytest.mark.slow


@pytest.fixture
def http(qb_env: QbEnv) -> Iterator[httpx.Client]:
    with qb_env.http() as client:
        yield client


def rows(http: httpx.Client, path: str, params: Any = None) -> list[dict[str, Any]]:
    response = http.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def ids(records: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in records]


def refused(http: httpx.Client, path: str, params: Any, field: str, words: str) -> None:
    response = http.get(path, params=params)
    assert response.status_code == 400, response.text
    message = response.json()["error"]["message"]
    assert field in message and words in message, message


def test_account_type_and_payment_method_type(http: httpx.Client) -> None:
    accounts = rows(http, "/accounts", {"status": "all"})
    banks = rows(http, "/accounts", {"status": "all", "accountType": "bank"})
    assert banks and ids(banks) == [a["id"] for a in accounts if a["accountType"] == "Bank"]
    assert len(banks) < len(accounts)
    methods = rows(http, "/payment-methods")
    visa = rows(http, "/payment-methods", {"paymentMethodType": "visa"})
    assert visa and ids(visa) == [m["id"] for m in methods if m["paymentMethodType"] == "Visa"]
    refused(http, "/accounts", {"accountType": "money"}, "accountType", "must be one of")


def test_hosted_spellings_match_ours(http: httpx.Client) -> None:
    name = f"Filter {uuid.uuid4().hex[:6]}"
    made = http.post("/customer", json={"name": name, "isActive": False})
    assert made.status_code == 201, made.text
    inactive = rows(http, "/customers", {"status": "inactive"})
    assert made.json()["id"] in ids(inactive)
    assert rows(http, "/customers", {"ActiveStatus": "InactiveOnly"}) == inactive
    assert rows(http, "/customers", {"ActiveStatus": "inactive"}) == inactive
    contains = rows(http, "/customers", {"nameContains": "an", "limit": 50})
    hosted = rows(http, "/customers", {"NameFilter": "an", "limit": 50})
    assert contains and hosted == contains
    starts = rows(http, "/customers", {"nameStartsWith": "B"})
    as_object = json.dumps({"matchCriterion": "startsWith", "name": "B"})
    assert rows(http, "/customers", {"NameFilter": as_object}) == starts
    refused(http, "/customers", {"status": "all", "ActiveStatus": "All"}, "ActiveStatus", "status")


def count(http: httpx.Client, path: str, params: Any = None) -> int:
    response = http.get(path + "/count", params=params)
    assert response.status_code == 200, response.text
    return int(response.json()["count"])


def test_name_range_and_total_balance(http: httpx.Client) -> None:
    page = rows(http, "/customers")  # the first page, in QuickBooks' (name) order
    low, high = page[10]["fullname"], page[40]["fullname"]
    ranged = rows(http, "/customers", {"nameFrom": low, "nameTo": high})
    expected = [c["id"] for c in page if low.lower() <= c["fullname"].lower() <= high.lower()]
    assert ids(ranged) == expected and len(expected) >= 31
    owing = rows(http, "/customers", {"totalBalanceGreaterThan": "0"})
    assert owing and all(c["totalBalance"] > 0 for c in owing)
    assert {c["id"] for c in page if c["totalBalance"] > 0} <= set(ids(owing))
    rest = count(http, "/customers", {"totalBalanceLessThanOrEqualTo": "0"})
    everyone = count(http, "/customers")
    assert count(http, "/customers", {"totalBalanceGreaterThan": "0"}) + rest == everyone
    refused(http, "/customers", {"nameContains": "a", "nameFrom": "B"}, "nameFrom", "nameContains")
    refused(http, "/customers", {"totalBalance": "lots"}, "totalBalance", "number")


def test_customer_ids_payment_status_and_vendor_ids(http: httpx.Client) -> None:
    invoices = rows(http, "/invoices")
    customer = invoices[0]["customer"]["id"]
    theirs = rows(http, "/invoices", {"customerIds": customer})
    assert theirs and ids(theirs) == [i["id"] for i in invoices if i["customer"]["id"] == customer]
    assert rows(http, "/invoices", {"entityIds": customer}) == theirs
    paid = rows(http, "/invoices", {"paymentStatus": "paid"})
    unpaid = rows(http, "/invoices", {"paymentStatus": "not_paid"})
    assert ids(paid) == [i["id"] for i in invoices if i["isPaid"]]
    assert ids(unpaid) == [i["id"] for i in invoices if not i["isPaid"]]
    assert paid and unpaid
    bills = rows(http, "/bills")
    vendor = bills[0]["vendor"]["id"]
    by_vendor = rows(http, "/bills", {"vendorIds": vendor})
    assert ids(by_vendor) == [b["id"] for b in bills if b["vendor"]["id"] == vendor]
    refused(http, "/invoices", {"vendorIds": vendor}, "vendorIds", "is not a filter of invoices")
    both = {"customerIds": customer, "entityIds": customer}
    refused(http, "/invoices", both, "customerIds", "entityIds")


def test_class_ids(http: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:6]
    made = http.post("/class", json={"name": f"Region {tag}"})
    assert made.status_code == 201, made.text
    klass = made.json()
    customer = http.post("/customer", json={"name": f"Classy {tag}", "classId": klass["id"]})
    assert customer.status_code == 201, customer.text
    found = rows(http, "/customers", {"classIds": klass["id"]})
    assert ids(found) == [customer.json()["id"]]
    assert ids(rows(http, "/customers", {"classIds": klass["fullname"]})) == ids(found)


def test_item_ids(http: httpx.Client) -> None:
    adjustments = rows(http, "/inventory-adjustments", {"includeLineItems": True})
    assert adjustments, "the sample company adjusts inventory"
    item = adjustments[0]["lines"][0]["item"]["id"]
    with_item = rows(http, "/inventory-adjustments", {"itemIds": item, "includeLineItems": True})
    expected = [a["id"] for a in adjustments if item in {ln["item"]["id"] for ln in a["lines"]}]
    assert with_item and ids(with_item) == expected
    txns = rows(http, "/transactions", {"itemIds": item})
    assert set(expected) <= set(ids(txns))
    assert len(txns) < len(rows(http, "/transactions"))


def test_transaction_types_and_posting_status(http: httpx.Client) -> None:
    everything = rows(http, "/transactions")
    invoices = rows(http, "/transactions", {"transactionTypes": "invoice"})
    assert invoices and {t["transactionType"] for t in invoices} == {"Invoice"}
    non_posting = rows(http, "/transactions", {"postingStatus": "non_posting"})
    posting = rows(http, "/transactions", {"postingStatus": "posting"})
    orders = {"Estimate", "PurchaseOrder", "SalesOrder"}
    assert {t["transactionType"] for t in non_posting} <= orders
    assert non_posting and sorted(ids(posting) + ids(non_posting)) == sorted(ids(everything))


def test_detail_level_rows_per_line(http: httpx.Client) -> None:
    """detailLevel (and the hosted DetailLevel): a summary row per transaction (the default),
    a row per line instead (allExceptSummary: the line's account and amount), or both."""
    params = {"transactionTypes": "invoice"}
    summary = rows(http, "/transactions", params)
    assert rows(http, "/transactions", {**params, "detailLevel": "summaryOnly"}) == summary
    invoices = {i["id"]: i for i in rows(http, "/invoices", {"includeLineItems": True})}
    lines = rows(http, "/transactions", {**params, "detailLevel": "allExceptSummary"})
    both = rows(http, "/transactions", {**params, "DetailLevel": "All"})
    assert summary and lines and len(both) == len(summary) + len(lines)
    assert sorted(ids(both)) == sorted(ids(summary) + ids(lines))
    for txn in summary:  # each invoice's line rows add up to its subtotal
        of_it = [row for row in lines if row["id"] == txn["id"]]
        item_lines = invoices[txn["id"]]["itemLines"] or []
        assert len(of_it) == len([ln for ln in item_lines if ln.get("amount") is not None])
        assert sum(row["amount"] for row in of_it) == pytest.approx(invoices[txn["id"]]["subtotal"])
        assert {row["transactionType"] for row in of_it} <= {"Invoice"}
    ar = {row["account"]["id"] for row in summary if row.get("account")}
    assert ar and not ar & {row["account"]["id"] for row in lines if row.get("account")}
    counted = http.get("/transactions/count", params={**params, "detailLevel": "all"})
    assert counted.status_code == 200 and counted.json()["count"] == len(both)
    refused(http, "/transactions", {"detailLevel": "modifiedOnly"}, "detailLevel", "one of")
    refused(http, "/invoices", {"detailLevel": "all"}, "detailLevel", "not a filter")


def test_filters_through_the_sdk(qb_env: QbEnv) -> None:
    """The SDK's own list call sends snake_case keyword filters as the camelCase parameters
    (lists as repeated parameters); its models are left out (`_model = None`) because they
    declare every field non-null (docs/sdk.md)."""
    client = NxusClient(
        api_key=qb_env.key,
        base_url=qb_env.server.url + "/",
        max_retries=0,
        http_client_options={"trust_env": False},
    )
    with client, qb_env.http() as http:
        client.invoices._model = None  # type: ignore[attr-defined]
        client.accounts._model = None  # type: ignore[attr-defined]
        invoices = rows(http, "/invoices")
        customers = list(dict.fromkeys(i["customer"]["id"] for i in invoices))[:2]
        page = client.invoices.list(customer_ids=customers, connection_id=qb_env.public_id)
        expected = [i["id"] for i in invoices if i["customer"]["id"] in customers]
        assert [i["id"] for i in page.data] == expected
        banks = client.accounts.list(account_type="bank", connection_id=qb_env.public_id)
        assert banks.data and {a["accountType"] for a in banks.data} == {"Bank"}
