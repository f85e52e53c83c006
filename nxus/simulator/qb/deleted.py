"""What QuickBooks remembers of deletions: TxnDeletedQuery and ListDeletedQuery.

QuickBooks keeps a deleted record's type, id, creation time, deletion time and RefNumber
(transactions) or FullName (lists) for 90 days. A query names one or more types (the answer
is grouped by type, in the order named, each by deletion time) and may narrow the deletion
time with DeletedDateRangeFilter, read as the company's wall time whatever offset a bound
carries (as FromModifiedDate is: store.wall_bound).
"""

from __future__ import annotations

from .common import as_list
from .respond import Ret
from .schema import Record
from .status import status
from .store import Company, format_time, parse_time, wall_bound

KEEP_SECONDS = 90 * 24 * 3600
_KINDS = {
    "list": ("ListDelType", "ListID", "FullName", "ListDeletedRet"),
    "txn": ("TxnDelType", "TxnID", "RefNumber", "TxnDeletedRet"),
}


def remember(company: Company, kind: str, type_name: str, record: Record, epoch: int) -> None:
    """Note a deletion (writes.delete calls this with the record just removed)."""
    type_key, id_key, name_key, _ = _KINDS[kind]
    name = record.get("_full", record.get("Name")) if kind == "list" else record.get("RefNumber")
    company.deleted.append(
        {
            "_kind": kind,
            "_epoch": epoch,
            type_key: type_name,
            id_key: record[id_key],
            "TimeCreated": record.get("TimeCreated"),
            "TimeDeleted": format_time(epoch),
            name_key: name,
        }
    )


def query(company: Company, kind: str, request: Record) -> list[Ret]:
    """The Ret records of a TxnDeletedQuery (kind "txn") or ListDeletedQuery ("list");
    statusCode 1 when none match."""
    type_key, _, _, ret_name = _KINDS[kind]
    now = company.clock()
    dates = request.get("DeletedDateRangeFilter") or {}
    start, end = (
        parse_time(wall_bound(dates[key], end_of_day=key == "ToDeletedDate"))
        if dates.get(key)
        else None
        for key in ("FromDeletedDate", "ToDeletedDate")
    )
    kept = [
        d
        for d in company.deleted
        if d["_kind"] == kind
        and d["_epoch"] > now - KEEP_SECONDS
        and (start is None or d["_epoch"] >= start)
        and (end is None or d["_epoch"] <= end)
    ]
    include = frozenset(as_list(request.get("IncludeRetElement"))) or None
    rets: list[Ret] = []
    for type_name in dict.fromkeys(as_list(request.get(type_key))):
        rows = sorted((d for d in kept if d[type_key] == type_name), key=lambda d: d["_epoch"])
        rets += [(ret_name, _public(d), include) for d in rows]
    if not rets:
        raise status(1)
    return rets


def _public(deleted: Record) -> Record:
    return {k: v for k, v in deleted.items() if not k.startswith("_") and v is not None}
