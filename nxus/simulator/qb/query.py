"""Query requests: filters, iterators, and which parts of a record a response carries."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .entities import ENTITIES, POLYMORPHIC
from .schema import Record
from .status import status
from .store import Company, parse_time

Match = tuple[str, Record]  # (entity name, record)


@dataclass
class Iterator:
    iterator_id: str
    request: str
    keys: list[tuple[str, str]]
    expires_at: float | None
    position: int = 0
    query: Record = field(default_factory=dict)


def members(query_name: str) -> tuple[str, ...]:
    return POLYMORPHIC.get(query_name, (query_name,))


def new_iterator_id(rng: Callable[[], int]) -> str:
    return "{" + str(uuid.UUID(int=rng(), version=4)) + "}"


def _listish(value: object) -> list[str]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]  # type: ignore[list-item]


def _text_match(criterion: str, text: str, wanted: str) -> bool:
    text, wanted = text.lower(), wanted.lower()
    if criterion == "StartsWith":
        return text.startswith(wanted)
    if criterion == "EndsWith":
        return text.endswith(wanted)
    return wanted in text


def _by_ids(company: Company, names: tuple[str, ...], q: Record) -> tuple[list[Match], str]:
    """Explicit ListID/TxnID/FullName/RefNumber lists: matches in order, first missing value."""
    found: list[Match] = []
    missing = ""
    for key in ("ListID", "TxnID", "FullName", "RefNumber", "RefNumberCaseSensitive"):
        for value in _listish(q.get(key)):
            if key in ("ListID", "TxnID"):
                hit = company.by_id(names, value)
                hits = [hit] if hit else []
            elif key == "FullName":
                hit = company.by_full_name(names, value)
                hits = [hit] if hit else []
            else:
                exact = key == "RefNumberCaseSensitive"
                hits = [
                    (n, r)
                    for n in names
                    for r in company.records[n].values()
                    if (
                        r.get("RefNumber") == value
                        if exact
                        else (r.get("RefNumber") or "").lower() == value.lower()
                    )
                ]
            found.extend(hits)
            if not hits and not missing:
                missing = value
    return found, missing


def _date_range(q: Record, start: str, end: str) -> tuple[float | None, float | None]:
    low = parse_time(q[start]) if q.get(start) else None
    high = parse_time(q[end], end_of_day=True) if q.get(end) else None
    return low, high


def _ref_filter(spec: Record | None, refs: Iterable[Record | None]) -> bool:
    if not spec:
        return True
    ids = set(_listish(spec.get("ListID")))
    names = {n.lower() for n in _listish(spec.get("FullName"))}
    with_children = [n.lower() for n in _listish(spec.get("FullNameWithChildren"))]
    ids_children = set(_listish(spec.get("ListIDWithChildren")))
    for ref in refs:
        if not ref:
            continue
        full = (ref.get("FullName") or "").lower()
        if ref.get("ListID") in ids | ids_children or full in names:
            return True
        if any(full == n or full.startswith(n + ":") for n in with_children):
            return True
    return False


def _predicates(q: Record) -> list[Callable[[Record], bool]]:
    preds: list[Callable[[Record], bool]] = []
    status_filter = q.get("ActiveStatus", "ActiveOnly")
    if status_filter == "ActiveOnly":
        preds.append(lambda r: r.get("IsActive", "true") == "true")
    elif status_filter == "InactiveOnly":
        preds.append(lambda r: r.get("IsActive", "true") == "false")
    modified = q.get("ModifiedDateRangeFilter") or q
    low, high = _date_range(modified, "FromModifiedDate", "ToModifiedDate")
    if low is not None or high is not None:
        lo, hi = low or float("-inf"), high or float("inf")
        preds.append(lambda r: lo <= r["_modified"] <= hi)
    txn_dates = q.get("TxnDateRangeFilter") or {}
    if txn_dates.get("FromTxnDate") or txn_dates.get("ToTxnDate"):
        start, end = txn_dates.get("FromTxnDate", "0000"), txn_dates.get("ToTxnDate", "9999")
        preds.append(lambda r: start <= r.get("TxnDate", "") <= end)
    name_filter = q.get("NameFilter")
    if name_filter:
        crit, name = name_filter["MatchCriterion"], name_filter["Name"]
        preds.append(lambda r: _text_match(crit, r.get("_full", ""), name))
    name_range = q.get("NameRangeFilter")
    if name_range:
        start = name_range.get("FromName", "").lower()
        end = name_range.get("ToName", "\uffff").lower()
        preds.append(lambda r: start <= r.get("_full", "").lower() <= end)
    ref_filter = q.get("RefNumberFilter")
    if ref_filter:
        crit, ref = ref_filter["MatchCriterion"], ref_filter["RefNumber"]
        preds.append(lambda r: _text_match(crit, r.get("RefNumber") or "", ref))
    ref_range = q.get("RefNumberRangeFilter")
    if ref_range:
        start, end = ref_range.get("FromRefNumber", ""), ref_range.get("ToRefNumber", "\uffff")
        preds.append(lambda r: start <= (r.get("RefNumber") or "") <= end)
    entity_filter = q.get("EntityFilter")
    if entity_filter:
        keys = ("CustomerRef", "VendorRef", "PayeeEntityRef", "EntityRef")
        preds.append(lambda r: _ref_filter(entity_filter, (r.get(k) for k in keys)))
    account_filter = q.get("AccountFilter")
    if account_filter:
        preds.append(lambda r: _ref_filter(account_filter, _account_refs(r)))
    paid = q.get("PaidStatus", "All")
    if paid != "All":
        wanted = "true" if paid == "PaidOnly" else "false"
        preds.append(lambda r: r.get("IsPaid", "false") == wanted)
    return preds


def _account_refs(record: Record) -> Iterable[Record]:
    for key, value in record.items():
        if key.endswith("AccountRef"):
            yield value
        elif isinstance(value, list):
            for line in value:
                if isinstance(line, dict) and "AccountRef" in line:
                    yield line["AccountRef"]


def select(company: Company, query_name: str, q: Record) -> tuple[list[Match], Exception | None]:
    """The matching records in QuickBooks' order, and a 500/1 status when it applies."""
    names = members(query_name)
    found, missing = _by_ids(company, names, q)
    if any(
        key in q for key in ("ListID", "TxnID", "FullName", "RefNumber", "RefNumberCaseSensitive")
    ):
        warning = status(500, missing) if missing else None
        return found, warning
    preds = _predicates(q)
    matches: list[Match] = []
    for name in names:
        matches.extend(
            (name, r) for r in company.records[name].values() if all(p(r) for p in preds)
        )
    if ENTITIES[names[0]].kind == "list":
        matches.sort(key=lambda m: m[1].get("_full", m[1].get("Name", "")).lower())
    return matches, None


def shape(entity_name: str, record: Record, q: Record) -> tuple[Record, frozenset[str] | None]:
    """The record as this query returns it: line items, DataExt by OwnerID, IncludeRetElement."""
    entity = ENTITIES[entity_name]
    out = dict(record)
    if entity.kind == "txn" and q.get("IncludeLineItems") != "true" and entity.totals != "payment":
        for lines in entity.lines:
            out.pop(lines.ret, None)
    owners = set(_listish(q.get("OwnerID")))
    out["DataExtRet"] = [d for d in record.get("DataExtRet", []) if d.get("OwnerID") in owners]
    include = frozenset(_listish(q.get("IncludeRetElement"))) or None
    return out, include
