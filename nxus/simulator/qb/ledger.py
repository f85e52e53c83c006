"""Open balances: what invoices, credit memos, payments and bills leave customers and vendors.

A transaction's *effect* is what it adds to a name's balance: an invoice its BalanceRemaining,
a credit memo minus its CreditRemaining, a payment minus its UnusedPayment (the applied part
already lowered the invoices), a bill its OpenAmount. Writes take the effect of the old
version away and add the new one, so balances follow every Add, Mod, Del and Void.
Customer Balance is the customer's own; TotalBalance adds its jobs'.
"""

from __future__ import annotations

from decimal import Decimal

from .schema import Record
from .store import Company

CENT = Decimal("0.01")

Effect = list[tuple[str, str, Decimal]]  # (entity, ListID, amount)


def _amount(text: str | None) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def effect(entity: str, record: Record) -> Effect:
    """What this transaction adds to open balances."""
    customer = (record.get("CustomerRef") or {}).get("ListID")
    vendor = (record.get("VendorRef") or {}).get("ListID")
    if entity == "Invoice" and customer:
        return [("Customer", customer, _amount(record.get("BalanceRemaining")))]
    if entity == "CreditMemo" and customer:
        return [("Customer", customer, -_amount(record.get("CreditRemaining")))]
    if entity == "ReceivePayment" and customer:
        return [("Customer", customer, -_amount(record.get("UnusedPayment")))]
    if entity == "Bill" and vendor:
        return [("Vendor", vendor, _amount(record.get("OpenAmount")))]
    return []


def apply(company: Company, changes: Effect, sign: int = 1) -> None:
    for entity, list_id, amount in changes:
        if amount:
            _post(company, entity, list_id, amount * sign)


def _post(company: Company, entity: str, list_id: str, amount: Decimal) -> None:
    record = company.get(entity, list_id)
    if record is None:
        return
    record["Balance"] = _money(_amount(record.get("Balance")) + amount)
    if entity != "Customer":
        return
    while record is not None:  # the customer and every ancestor carry the job's balance
        record["TotalBalance"] = _money(_amount(record.get("TotalBalance")) + amount)
        parent = (record.get("ParentRef") or {}).get("ListID")
        record = company.get("Customer", parent) if parent else None


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT))
