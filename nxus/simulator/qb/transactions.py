"""The cross-type TransactionQuery: every transaction type at once, one TransactionRet row per
transaction (its type, name, account, date, number, amount, memo), filtered by the
Transaction* filters, which mean what the per-type filters mean. TransactionDetailLevelFilter
asks for the summary rows (SummaryOnly, the default), a row per line instead
(AllExceptSummary: the line's account and amount) or both (All)."""

from __future__ import annotations

from .common import as_list
from .entities import ENTITIES
from .postings import item_account
from .schema import Record
from .store import Company

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


def transaction_rows(company: Company, entity: str, record: Record, detail: str) -> list[Record]:
    """The TransactionRet rows of one transaction at a TransactionDetailLevelFilter."""
    summary = transaction_row(entity, record)
    rows = [] if detail == "AllExceptSummary" else [summary]
    if detail == "SummaryOnly":
        return rows
    head = {k: v for k, v in summary.items() if k not in ("AccountRef", "Amount", "Memo")}
    for kind in ENTITIES[entity].lines:
        sale = kind.ret.startswith(entity)  # InvoiceLineRet; a purchase's ItemLineRet is not
        for line in as_list(record.get(kind.ret)):
            if isinstance(line, dict) and line.get("Amount"):
                rows.append(_line_row(company, head, line, sale))
    return rows


def _line_row(company: Company, head: Record, line: Record, sale: bool) -> Record:
    """A line as a TransactionRet: the transaction's head, the line's account and amount."""
    row = dict(head)
    account = line.get("AccountRef")
    if account is None and line.get("ItemRef"):
        account_id = item_account(company, line["ItemRef"], sale)
        found = company.find(("Account",), {"ListID": account_id}) if account_id else None
        if found is not None:
            account = {"ListID": account_id, "FullName": found[1].get("FullName")}
    if account:
        row["AccountRef"] = account
    row["Amount"] = line["Amount"]
    if line.get("Memo") or line.get("Desc"):
        row["Memo"] = line.get("Memo") or line.get("Desc")
    # TransactionRet's sequence: the account follows the entity, before the date.
    order = ("TxnType", "TxnID", "TimeCreated", "TimeModified", "EntityRef", "AccountRef")
    first = {k: row[k] for k in order if k in row}
    return {**first, **{k: v for k, v in row.items() if k not in first}}


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
