"""Linked transactions in the simulated company: payments applied to invoices and bills, credit
memos applied and refunded, purchase orders received into bills, sales orders and estimates
invoiced; LinkedTxn only when IncludeLinkedTxns asks; a deleted payment gives balances back.
Every response is validated against the 16.0 schema."""

from __future__ import annotations

from typing import Any

import pytest
from lxml import etree

from nxus.simulator.quickbooks import SimulatedQuickBooks
from tests.unit.simulator.sim_helpers import ask, rs


@pytest.fixture(scope="module")
def qb() -> SimulatedQuickBooks:
    return SimulatedQuickBooks(records=300)


def query(qb: SimulatedQuickBooks, kind: str, extra: str = "") -> list[etree._Element]:
    found = rs(ask(qb, f"<{kind}QueryRq>{extra}</{kind}QueryRq>"))
    assert found.get("statusCode") == "0", found.get("statusMessage")
    return found.findall(f"{kind}Ret")


def links(ret: etree._Element) -> list[dict[str, Any]]:
    return [{child.tag: child.text for child in link} for link in ret.findall("LinkedTxn")]


WITH_LINKS = "<IncludeLinkedTxns>true</IncludeLinkedTxns>"


def test_linked_txn_only_when_asked(qb: SimulatedQuickBooks) -> None:
    plain = query(qb, "Invoice")
    assert not any(links(r) for r in plain)
    linked = [r for r in query(qb, "Invoice", WITH_LINKS) if links(r)]
    assert linked, "the sample company has paid invoices"


def test_payments_link_the_invoices_they_pay(qb: SimulatedQuickBooks) -> None:
    invoices = {r.findtext("TxnID"): r for r in query(qb, "Invoice", WITH_LINKS)}
    payments = query(qb, "ReceivePayment")
    assert payments
    for payment in payments:
        for applied in payment.findall("AppliedToTxnRet"):
            invoice = invoices[applied.findtext("TxnID")]
            mine = [ln for ln in links(invoice) if ln["TxnID"] == payment.findtext("TxnID")]
            assert mine and mine[0]["TxnType"] == "ReceivePayment"
            assert mine[0]["LinkType"] == "AMTTYPE"
            assert mine[0]["Amount"] == applied.findtext("Amount")


def test_bill_payments_and_received_purchase_orders(qb: SimulatedQuickBooks) -> None:
    bills = query(qb, "Bill", WITH_LINKS)
    kinds = {ln["TxnType"] for b in bills for ln in links(b)}
    assert {"BillPaymentCheck", "BillPaymentCreditCard", "PurchaseOrder"} <= kinds
    received = [o for o in query(qb, "PurchaseOrder", WITH_LINKS) if links(o)]
    assert received and all(o.findtext("IsFullyReceived") == "true" for o in received)
    for order in received:
        bill_id = links(order)[0]["TxnID"]
        bill = next(b for b in bills if b.findtext("TxnID") == bill_id)
        assert links(bill)[0]["TxnID"] == order.findtext("TxnID")
        assert links(bill)[0]["LinkType"] == "QUANTYPE"


def test_sales_orders_and_estimates_invoiced(qb: SimulatedQuickBooks) -> None:
    invoiced = [o for o in query(qb, "SalesOrder", WITH_LINKS) if links(o)]
    assert invoiced and all(o.findtext("IsFullyInvoiced") == "true" for o in invoiced)
    estimates = [e for e in query(qb, "Estimate", WITH_LINKS) if links(e)]
    assert estimates and links(estimates[0])[0]["TxnType"] == "Invoice"


def test_credit_memos_applied_and_refunded(qb: SimulatedQuickBooks) -> None:
    memos = query(qb, "CreditMemo", WITH_LINKS)
    kinds = {ln["TxnType"] for m in memos for ln in links(m)}
    assert {"Invoice", "ARRefundCreditCard"} <= kinds
    applied = next(m for m in memos if m.findtext("RefNumber") == "CM-APPLIED")
    assert applied.findtext("CreditRemaining") == "0.00"


def test_a_deleted_payment_gives_the_balance_and_links_back() -> None:
    qb = SimulatedQuickBooks(records=300)
    payment = next(
        p
        for p in query(qb, "ReceivePayment", "<IncludeLineItems>true</IncludeLineItems>")
        if p.find("AppliedToTxnRet/LinkedTxn") is not None
    )
    applied = payment.find("AppliedToTxnRet")
    invoice_id, memo_id = applied.findtext("TxnID"), applied.findtext("LinkedTxn/TxnID")

    def one(kind: str, txn_id: str) -> etree._Element:
        return query(qb, kind, f"<TxnID>{txn_id}</TxnID>{WITH_LINKS}")[0]

    before = one("Invoice", invoice_id)
    assert {ln["TxnType"] for ln in links(before)} >= {"ReceivePayment", "CreditMemo"}
    gone = rs(
        ask(
            qb,
            "<TxnDelRq><TxnDelType>ReceivePayment</TxnDelType>"
            f"<TxnID>{payment.findtext('TxnID')}</TxnID></TxnDelRq>",
        )
    )
    assert gone.get("statusCode") == "0"
    after = one("Invoice", invoice_id)
    gone_ids = {payment.findtext("TxnID"), memo_id}
    assert [ln for ln in links(before) if ln["TxnID"] not in gone_ids] == links(after)
    paid = -float(applied.findtext("Amount")) - float(applied.findtext("LinkedTxn/Amount"))
    balance = float(before.findtext("BalanceRemaining")) + paid
    assert float(after.findtext("BalanceRemaining")) == pytest.approx(balance)
    memo = one("CreditMemo", memo_id)
    assert links(memo) == [] and memo.findtext("CreditRemaining") == memo.findtext("TotalAmount")


def test_a_link_to_a_missing_transaction_is_refused() -> None:
    qb = SimulatedQuickBooks(records=120)
    vendor = query(qb, "Vendor")[0].findtext("ListID")
    answer = rs(
        ask(
            qb,
            f"<BillAddRq><BillAdd><VendorRef><ListID>{vendor}</ListID></VendorRef>"
            "<LinkToTxnID>FFFF-1</LinkToTxnID></BillAdd></BillAddRq>",
        )
    )
    assert answer.get("statusCode") == "3140"
