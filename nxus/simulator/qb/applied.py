"""Payments that apply to other transactions besides ReceivePayment: bill payments pay bills
down (OpenAmount), A/R refunds use up credit memos (CreditRemaining). The Ret lines describe
the transaction paid, as QuickBooks' AppliedToTxnRet/RefundAppliedToTxnRet do."""

from __future__ import annotations

from decimal import Decimal

from . import ledger, links
from .common import dec, money
from .schema import Record
from .status import status
from .store import Company

# totals kind -> (line Ret, target type, amount in the Add line, amount in the Ret line,
# the target's open balance, the payment's total element)
APPLIED = {
    "bill_payment": ("AppliedToTxnRet", "Bill", "PaymentAmount", "Amount", "OpenAmount", "Amount"),
    "refund": (
        "RefundAppliedToTxnRet",
        "CreditMemo",
        "RefundAmount",
        "RefundAmount",
        "CreditRemaining",
        "TotalAmount",
    ),
}


def apply_to(company: Company, kind: str, entity_name: str, record: Record) -> None:
    """Apply each line to its target: lower the target's open balance, describe it."""
    lines_ret, target, add_key, ret_key, balance, total_key = APPLIED[kind]
    lines, total = [], Decimal(0)
    for line in record.get(lines_ret, []):
        found = company.get(target, line.get("TxnID", ""))
        if found is None:
            raise status(3140, object=target, value=line.get("TxnID", ""), field=entity_name)
        amount = dec(line.get(add_key) or line.get(ret_key))
        before = ledger.effect(target, found)
        found[balance] = money(dec(found.get(balance)) - amount)
        if target == "Bill":
            found["IsPaid"] = "true" if dec(found[balance]) <= 0 else "false"
        ledger.apply(company, before, -1)
        ledger.apply(company, ledger.effect(target, found))
        links.link(target, found, entity_name, record, "AMTTYPE", -amount)
        lines.append(
            {
                "TxnLineID": line.get("TxnLineID"),
                "TxnID": found["TxnID"],
                "TxnType": target,
                "TxnDate": found["TxnDate"],
                "RefNumber": found.get("RefNumber"),
                ("BalanceRemaining" if target == "Bill" else "CreditRemaining"): found[balance],
                ret_key: money(amount),
            }
        )
        total += amount
    record[lines_ret] = lines
    record[total_key] = money(total)


def unapply(company: Company, kind: str, record: Record) -> None:
    """A deleted bill payment or refund gives its targets their open balance back."""
    lines_ret, target, _add, ret_key, balance, _total = APPLIED[kind]
    for line in record.get(lines_ret, []):
        found = company.get(target, line.get("TxnID", ""))
        if found is None:
            continue
        before = ledger.effect(target, found)
        found[balance] = money(dec(found.get(balance)) + dec(line.get(ret_key)))
        if target == "Bill":
            found["IsPaid"] = "true" if dec(found[balance]) <= 0 else "false"
        ledger.apply(company, before, -1)
        ledger.apply(company, ledger.effect(target, found))
