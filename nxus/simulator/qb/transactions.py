"""The cross-type TransactionQuery: every transaction type at once, one TransactionRet row per
transaction (its type, name, account, date, number, amount, memo), filtered by the
Transaction* filters, which mean what the per-type filters mean."""

from __future__ import annotations

from .entities import ENTITIES
from .schema import Record

# The types TransactionQuery returns (TxnTypeFilter's values; time tracking is not one).
TRANSACTION_TYPES = tuple(
    e.name for e in ENTITIES.values() if e.kind == "txn" and e.name != "TimeTracking"
)
NON_POSTING = frozenset({"Estimate", "PurchaseOrder", "SalesOrder"})
_FILTERS = {
    "TransactionModifiedDateRangeFilter": "ModifiedDateRangeFilter",
    "TransactionDateRangeFilter": "TxnDateRangeFilter",
    "TransactionEntityFilter": "EntityFilter",
    "TransactionAccountFilter": "AccountFilter",
    "TransactionPaidStatusFilter": "PaidStatus",
    "TransactionItemFilter": "ItemFilter",
    "TransactionClassFilter": "ClassFilter",
}
_PAID = {"Either": "All", "Closed": "PaidOnly", "Open": "NotPaidOnly"}
_ENTITY_REFS = ("CustomerRef", "VendorRef", "PayeeEntityRef", "EntityRef")
_ACCOUNT_REFS = (
    "AccountRef",
    "ARAccountRef",
    "APAccountRef",
    "BankAccountRef",
    "DepositToAccountRef",
    "CreditCardAccountRef",
    "RefundFromAccountRef",
)
_AMOUNTS = ("TotalAmount", "Amount", "CreditAmount", "DepositTotal", "AmountDue")


def as_type_query(q: Record) -> tuple[Record, tuple[str, ...]]:
    """The query in the per-type filters' terms, and the types it asks for."""
    out = {_FILTERS.get(k, k): v for k, v in q.items()}
    paid = out.get("PaidStatus")
    if isinstance(paid, str):  # TransactionPaidStatusFilter: Either, Closed (paid) or Open
        out["PaidStatus"] = _PAID.get(paid, paid)
    wanted = (q.get("TransactionTypeFilter") or {}).get("TxnTypeFilter") or []
    wanted = wanted if isinstance(wanted, list) else [wanted]
    types = TRANSACTION_TYPES
    if wanted and "All" not in wanted:
        types = tuple(t for t in types if t in wanted)
    posting = q.get("TransactionPostingStatusFilter", "Either")
    if posting != "Either":  # estimates and orders post nothing to the books
        types = tuple(t for t in types if (t in NON_POSTING) == (posting == "NonPosting"))
    return out, types


def transaction_row(entity: str, record: Record) -> Record:
    """The TransactionRet of one transaction."""
    row: Record = {"TxnType": entity, "TxnID": record["TxnID"]}
    for key in ("TimeCreated", "TimeModified"):
        row[key] = record[key]
    entity_ref = next((record[k] for k in _ENTITY_REFS if record.get(k)), None)
    account_ref = next((record[k] for k in _ACCOUNT_REFS if record.get(k)), None)
    if entity_ref:
        row["EntityRef"] = entity_ref
    if account_ref:
        row["AccountRef"] = account_ref
    row["TxnDate"] = record.get("TxnDate")
    if record.get("RefNumber"):
        row["RefNumber"] = record["RefNumber"]
    row["Amount"] = next((record[k] for k in _AMOUNTS if record.get(k)), "0.00")
    if record.get("Memo"):
        row["Memo"] = record["Memo"]
    return row


# BillToPayQuery: a vendor's open bills and its vendor credits, one per BillToPayRet.
BILL_TO_PAY_TYPES = ("Bill", "VendorCredit")


def as_bill_to_pay_query(q: Record) -> Record:
    """The vendor (PayeeEntityRef, required by the schema) as an entity filter, unpaid only."""
    payee = q.get("PayeeEntityRef") or {}
    entity = {k: v for k, v in payee.items() if k in ("ListID", "FullName")}
    out: Record = {"EntityFilter": entity, "PaidStatus": "NotPaidOnly"}
    if q.get("APAccountRef"):
        out["AccountFilter"] = q["APAccountRef"]
    return out


def bill_to_pay_row(entity: str, record: Record) -> Record:
    common = {
        "TxnID": record["TxnID"],
        "TxnType": entity,
        "APAccountRef": record.get("APAccountRef"),
        "TxnDate": record.get("TxnDate"),
    }
    if record.get("RefNumber"):
        common["RefNumber"] = record["RefNumber"]
    if entity == "Bill":
        if record.get("DueDate"):
            common["DueDate"] = record["DueDate"]
        return {"BillToPay": {**common, "AmountDue": record.get("OpenAmount", "0.00")}}
    return {"CreditToApply": {**common, "CreditRemaining": record.get("CreditAmount", "0.00")}}
