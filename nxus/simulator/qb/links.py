"""Linked transactions as QuickBooks records them (LinkedTxn in the Ret of both sides).

Amount links (LinkType AMTTYPE): a payment applied to an invoice or bill, a credit memo
applied to an invoice or refunded. Quantity links (QUANTYPE): an invoice made from an estimate
or sales order, a bill or item receipt from a purchase order (`LinkToTxnID` on the Add takes
the whole transaction: without lines of its own, the new one gets the source's lines; a line's
`LinkToTxn` takes one line). The source's lines are marked invoiced or received, and a sales
order or purchase order whose every line is done is fully invoiced or received. Only types
whose Ret has LinkedTxn keep the entries (a ReceivePaymentRet lists its invoices in
AppliedToTxnRet instead). Deleting a transaction takes its links away from the other side.
"""

from __future__ import annotations

from decimal import Decimal

from nxus.qbxml import spec

from .common import as_list, dec, money
from .schema import Record
from .status import status
from .store import Company

# Source type -> (the source's lines, the line element counting what was done, the header flag)
SOURCES = {
    "Estimate": ("EstimateLineRet", None, None),
    "SalesOrder": ("SalesOrderLineRet", "Invoiced", "IsFullyInvoiced"),
    "PurchaseOrder": ("PurchaseOrderLineRet", "ReceivedQuantity", "IsFullyReceived"),
}
# The transaction being added -> the sources it may take lines from, and its own line tags.
TAKES = {
    "Invoice": (("Estimate", "SalesOrder"), "InvoiceLineRet", "Rate"),
    "Bill": (("PurchaseOrder",), "ItemLineRet", "Cost"),
    "ItemReceipt": (("PurchaseOrder",), "ItemLineRet", "Cost"),
}
_COPIED = ("ItemRef", "Desc", "Quantity", "UnitOfMeasure", "ClassRef")


def keeps_links(type_name: str) -> bool:
    return spec.exists(f"{type_name}Ret/LinkedTxn")


def link(a_type: str, a: Record, b_type: str, b: Record, link_type: str, amount: Decimal) -> None:
    """Record the link on both sides (where the type keeps LinkedTxn)."""
    for owner_type, owner, other_type, other in ((a_type, a, b_type, b), (b_type, b, a_type, a)):
        if not keeps_links(owner_type):
            continue
        entry = {"TxnID": other["TxnID"], "TxnType": other_type, "TxnDate": other["TxnDate"]}
        if other.get("RefNumber"):
            entry["RefNumber"] = other["RefNumber"]
        entry.update(LinkType=link_type, Amount=money(amount))
        owner.setdefault("LinkedTxn", []).append(entry)


def unlink(company: Company, record: Record) -> None:
    """Take a deleted transaction's links away from the transactions on the other side."""
    txn_id = record["TxnID"]
    others = [e["TxnID"] for e in record.get("LinkedTxn", [])]
    for key in ("AppliedToTxnRet", "RefundAppliedToTxnRet"):
        others += [line["TxnID"] for line in record.get(key, []) if line.get("TxnID")]
    for other_id in dict.fromkeys(others):
        found = company.by_id(company.records, other_id)
        if found is None:
            continue
        kept = [e for e in found[1].get("LinkedTxn", []) if e["TxnID"] != txn_id]
        if kept:
            found[1]["LinkedTxn"] = kept
        else:
            found[1].pop("LinkedTxn", None)


def unlink_pair(a: Record, b: Record) -> None:
    """Take one link between two transactions away from both (a credit no longer applied)."""
    for owner, other in ((a, b), (b, a)):
        entries = owner.get("LinkedTxn", [])
        for index, entry in enumerate(entries):
            if entry["TxnID"] == other["TxnID"]:
                del entries[index]
                break
        if not entries:
            owner.pop("LinkedTxn", None)


def take_requests(type_name: str, add: Record) -> list[tuple[str, str | None, Record]]:
    """The Add's LinkToTxnID and line LinkToTxn, removed from it: (TxnID, TxnLineID, line)."""
    wanted: list[tuple[str, str | None, Record]] = []
    for txn_id in as_list(add.pop("LinkToTxnID", None)):
        wanted.append((txn_id, None, {}))
    for value in add.values():
        for line in value if isinstance(value, list) else []:
            if isinstance(line, dict) and isinstance(line.get("LinkToTxn"), dict):
                target = line.pop("LinkToTxn")
                wanted.append((target.get("TxnID", ""), target.get("TxnLineID"), line))
    if wanted and type_name not in TAKES:
        raise status(3140, object="Transaction", value=wanted[0][0], field=type_name)
    return wanted


def fill_lines(
    company: Company, type_name: str, add: Record, wanted: list[tuple[str, str | None, Record]]
) -> list[tuple[str, Record]]:
    """Copy what the linked sources bring into the Add (before its lines are built); returns
    the sources to link once the transaction exists."""
    sources, own_lines, price = TAKES.get(type_name, ((), "", ""))
    line_add = own_lines.replace("Ret", "Add")
    linked: dict[str, tuple[str, Record]] = {}
    for txn_id, line_id, line in wanted:
        found = company.by_id(sources, txn_id)
        if found is None:
            raise status(3140, object="Transaction", value=txn_id, field=type_name)
        source_type, source = found
        linked.setdefault(source["TxnID"], found)
        source_lines = source.get(SOURCES[source_type][0], [])
        if line_id is None:
            if not any(key.endswith("LineAdd") for key in add if add[key]):
                add[line_add] = [_copy(s, price) for s in source_lines if s.get("ItemRef")]
            _done(source_type, source, source_lines)
            continue
        match = [s for s in source_lines if s.get("TxnLineID") == line_id]
        if not match:
            raise status(3120, value=line_id)
        for key, value in _copy(match[0], price).items():
            line.setdefault(key, value)
        _done(source_type, source, match)
    return list(linked.values())


def _copy(line: Record, price: str) -> Record:
    out = {k: line[k] for k in _COPIED if k in line}
    if line.get("Rate"):
        out[price] = line["Rate"]
    return out


def _done(source_type: str, source: Record, lines: list[Record]) -> None:
    _, counter, flag = SOURCES[source_type]
    if counter is None:
        return
    for line in lines:
        line[counter] = line.get("Quantity", "0")
    every = source.get(SOURCES[source_type][0], [])
    source[flag] = "true" if all(ln.get(counter) for ln in every) else "false"


def link_sources(type_name: str, record: Record, linked: list[tuple[str, Record]]) -> None:
    """Quantity links from the new transaction to each source it took lines from."""
    total = dec(record.get("TotalAmount") or record.get("AmountDue"))
    for source_type, source in linked:
        link(type_name, record, source_type, source, "QUANTYPE", total)
