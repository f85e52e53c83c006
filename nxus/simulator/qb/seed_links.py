"""The sample company's linked transactions, as a QuickBooks user makes them: purchase orders
received into bills, sales orders and an estimate turned into invoices, a credit memo applied
to an invoice with a payment. (Payments of invoices and bills and refunds of credit memos
link themselves when the earlier seed steps make them.)"""

from __future__ import annotations

import random

from .common import ref
from .entities import ENTITIES
from .schema import Record
from .store import Company
from .txns import add_txn


def seed_links(company: Company, seed: int, count: int = 2) -> None:
    rng = random.Random(seed + 3)

    def add(entity: str, data: Record) -> Record:
        return add_txn(company, ENTITIES[entity], data)

    def date() -> str:
        return f"2023-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"

    orders = list(company.records["PurchaseOrder"].values())[:count]
    for n, order in enumerate(orders):
        add(
            "Bill",
            {
                "VendorRef": order["VendorRef"],
                "TxnDate": date(),
                "RefNumber": f"B-PO-{n}",
                "LinkToTxnID": order["TxnID"],
            },
        )
    for n, order in enumerate(list(company.records["SalesOrder"].values())[:count]):
        add(
            "Invoice",
            {
                "CustomerRef": order["CustomerRef"],
                "TxnDate": date(),
                "RefNumber": f"SO-INV-{n}",
                "LinkToTxnID": order["TxnID"],
            },
        )
    estimate = next(iter(company.records["Estimate"].values()), None)
    if estimate is not None:
        first = estimate["EstimateLineRet"][0]
        add(
            "Invoice",
            {
                "CustomerRef": estimate["CustomerRef"],
                "TxnDate": date(),
                "RefNumber": "EST-INV-0",
                "InvoiceLineAdd": [
                    {"LinkToTxn": {"TxnID": estimate["TxnID"], "TxnLineID": first["TxnLineID"]}}
                ],
            },
        )
    _credit_applied(company, date())


def _credit_applied(company: Company, date: str) -> None:
    """A credit memo for the customer of an open invoice, applied to it with a payment."""
    open_invoices = [i for i in company.records["Invoice"].values() if i.get("IsPaid") == "false"]
    if not open_invoices:
        return
    invoice = open_invoices[-1]
    item = next(iter(company.records["ItemService"].values()))
    memo = add_txn(
        company,
        ENTITIES["CreditMemo"],
        {
            "CustomerRef": invoice["CustomerRef"],
            "TxnDate": date,
            "RefNumber": "CM-APPLIED",
            "CreditMemoLineAdd": [{"ItemRef": ref(item), "Quantity": "1", "Rate": "25.00"}],
        },
    )
    add_txn(
        company,
        ENTITIES["ReceivePayment"],
        {
            "CustomerRef": invoice["CustomerRef"],
            "TxnDate": date,
            "TotalAmount": "10.00",
            "PaymentMethodRef": {"FullName": "Check"},
            "AppliedToTxnAdd": [
                {
                    "TxnID": invoice["TxnID"],
                    "PaymentAmount": "10.00",
                    "SetCredit": [
                        {"CreditTxnID": memo["TxnID"], "AppliedAmount": memo["CreditRemaining"]}
                    ],
                }
            ],
        },
    )
