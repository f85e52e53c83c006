"""`includeLinkedTransactions` with real links, over HTTP and through the SDK: a sales order
invoiced, a payment and a credit applied to the invoice (balances follow), the payment deleted
(balance and links come back)."""

from __future__ import annotations

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


def ok(response: httpx.Response, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return response.json()


def linked(record: dict[str, Any]) -> list[tuple[str, str, float]]:
    return [
        (ln["transactionType"], ln["transactionId"], ln["amount"])
        for ln in record["linkedTransactions"] or []
    ]


def test_the_list_carries_links_only_when_asked(http: httpx.Client) -> None:
    plain = ok(http.get("/invoices"))["data"]
    assert all(not i["linkedTransactions"] for i in plain)
    with_links = ok(http.get("/invoices", params={"includeLinkedTransactions": "true"}))["data"]
    assert [i["id"] for i in with_links] == [i["id"] for i in plain]
    kinds = {t for i in with_links for t, _, _ in linked(i)}
    assert {"ReceivePayment", "SalesOrder", "Estimate", "CreditMemo"} <= kinds
    bills = ok(http.get("/bills", params={"includeLinkedTransactions": True}))["data"]
    assert {"BillPaymentCheck", "PurchaseOrder"} <= {t for b in bills for t, _, _ in linked(b)}


def test_invoice_a_sales_order_pay_it_and_take_the_payment_back(http: httpx.Client) -> None:
    customer = ok(http.post("/customer", json={"name": f"Linked {uuid.uuid4().hex[:6]}"}), 201)
    item = ok(http.get("/items-service"))["data"][0]["id"]
    line = {"itemId": item, "quantity": 2, "rate": 50}
    order = ok(http.post("/sales-order", json={"customerId": customer["id"], "lines": [line]}), 201)
    invoice = ok(
        http.post(
            "/invoice", json={"customerId": customer["id"], "linkToTransactionIds": [order["id"]]}
        ),
        201,
    )
    invoice = ok(http.get(f"/invoice/{invoice['id']}"))
    assert invoice["subtotal"] == 100 and linked(invoice)[0][:2] == ("SalesOrder", order["id"])
    order = ok(http.get(f"/sales-order/{order['id']}"))
    assert order["isFullyInvoiced"] is True
    assert linked(order)[0][:2] == ("Invoice", invoice["id"])

    memo_line = {"itemId": item, "quantity": 1, "rate": 15}
    memo = ok(
        http.post("/credit-memo", json={"customerId": customer["id"], "lines": [memo_line]}), 201
    )
    applied = {"id": invoice["id"], "paymentAmount": 30}
    credit = {"creditTransactionId": memo["id"], "appliedAmount": 15}
    payment = ok(
        http.post(
            "/receive-payment",
            json={
                "customerId": customer["id"],
                "totalAmount": 30,
                "appliedToTransactions": [applied | {"setCredits": [credit]}],
            },
        ),
        201,
    )
    paid = ok(http.get(f"/invoice/{invoice['id']}"))
    assert paid["balanceRemaining"] == invoice["balanceRemaining"] - 45
    assert ("ReceivePayment", payment["id"], -30) in linked(paid)
    assert ("CreditMemo", memo["id"], -15) in linked(paid)
    assert ok(http.get(f"/credit-memo/{memo['id']}"))["creditRemaining"] == 0

    ok(http.delete(f"/receive-payment/{payment['id']}"))
    back = ok(http.get(f"/invoice/{invoice['id']}"))
    assert back["balanceRemaining"] == invoice["balanceRemaining"]
    assert [t for t, _, _ in linked(back)] == ["SalesOrder"]
    assert ok(http.get(f"/credit-memo/{memo['id']}"))["creditRemaining"] == 15


def test_an_invoice_uses_a_credit_when_made(http: httpx.Client) -> None:
    customer = ok(http.post("/customer", json={"name": f"Credit {uuid.uuid4().hex[:6]}"}), 201)
    item = ok(http.get("/items-service"))["data"][0]["id"]
    line = {"itemId": item, "quantity": 1, "rate": 20}
    memo = ok(http.post("/credit-memo", json={"customerId": customer["id"], "lines": [line]}), 201)
    body = {
        "customerId": customer["id"],
        "lines": [{"itemId": item, "quantity": 1, "rate": 100}],
        "applyCredits": [{"creditTransactionId": memo["id"], "appliedAmount": 20}],
    }
    invoice = ok(http.get(f"/invoice/{ok(http.post('/invoice', json=body), 201)['id']}"))
    assert invoice["subtotal"] == 100 and invoice["balanceRemaining"] == 80
    assert linked(invoice) == [("CreditMemo", memo["id"], -20)]
    too_much = body | {"applyCredits": [{"creditTransactionId": memo["id"], "appliedAmount": 5}]}
    refused = http.post("/invoice", json=too_much)
    assert refused.status_code >= 400, refused.text  # the credit is used up
    assert refused.json()["error"]["integrationCode"] == "3180"
    assert "more than the credit" in refused.json()["error"]["message"]


def test_linked_transactions_through_the_sdk(qb_env: QbEnv) -> None:
    client = NxusClient(
        api_key=qb_env.key,
        base_url=qb_env.server.url + "/",
        max_retries=0,
        http_client_options={"trust_env": False},
    )
    with client:
        client.bills._model = None  # type: ignore[attr-defined]  # docs/sdk.md: null fields
        page = client.bills.list(include_linked_transactions=True, connection_id=qb_env.public_id)
        kinds = {ln["transactionType"] for b in page.data for ln in b["linkedTransactions"] or []}
        assert "PurchaseOrder" in kinds
        plain = client.bills.list(connection_id=qb_env.public_id)
        assert all(not b["linkedTransactions"] for b in plain.data)
