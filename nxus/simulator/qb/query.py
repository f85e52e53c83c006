"""Query requests: filters, iterators, and which parts of a record a response carries."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import islice

from . import data_ext
from .entities import ENTITIES, POLYMORPHIC
from .schema import Record
from .status import Status, status
from .store import Company, wall_bound
from .transactions import (
    as_bill_to_pay_query,
    as_type_query,
    bill_to_pay_row,
    transaction_rows,
)

Ret = tuple[str, Record, frozenset[str] | None]

Match = tuple[str, Record]  # (entity name, record)
ID_KEYS = ("ListID", "TxnID", "FullName", "RefNumber", "RefNumberCaseSensitive")


def members(query_name: str) -> tuple[str, ...]:
    return POLYMORPHIC.get(query_name, (query_name,))


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
    for key in ID_KEYS:
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
    """Filters other than ActiveStatus (select_ids answers that from the inactive sets)."""
    preds: list[Callable[[Record], bool]] = []
    modified = q.get("ModifiedDateRangeFilter") or q
    if modified.get("FromModifiedDate") or modified.get("ToModifiedDate"):  # wall-clock order
        lo = wall_bound(modified["FromModifiedDate"]) if modified.get("FromModifiedDate") else ""
        hi = modified.get("ToModifiedDate")
        hi = wall_bound(hi, end_of_day=True) if hi else "\uffff"
        preds.append(lambda r: lo <= r["_wall"] <= hi)
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
    preds.extend(_reference_and_value_predicates(q))
    paid = q.get("PaidStatus", "All")
    if paid != "All":
        wanted = "true" if paid == "PaidOnly" else "false"
        preds.append(lambda r: r.get("IsPaid", "false") == wanted)
    return preds


# Filters on a reference the record or any of its lines holds: filter -> Ref element names.
_REF_FILTERS = {
    "ClassFilter": ("ClassRef",),
    "ItemFilter": ("ItemRef",),
    "CurrencyFilter": ("CurrencyRef",),
    "TimeTrackingEntityFilter": ("EntityRef",),
    "ItemRef": ("ItemRef",),
}
_ENUM_FILTERS = {"AccountType": "AccountType", "PaymentMethodType": "PaymentMethodType"}
_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "LessThan": lambda a, b: a < b,
    "LessThanEqual": lambda a, b: a <= b,
    "Equal": lambda a, b: a == b,
    "GreaterThan": lambda a, b: a > b,
    "GreaterThanEqual": lambda a, b: a >= b,
}


def _refs(record: Record, keys: tuple[str, ...]) -> Iterable[Record]:
    """Every reference named one of `keys` in the record, its lines and groups included."""
    for key, value in record.items():
        if key in keys and isinstance(value, dict):
            yield value
        elif isinstance(value, list):
            for line in value:
                if isinstance(line, dict):
                    yield from _refs(line, keys)
        elif isinstance(value, dict) and key.endswith("Ret"):
            yield from _refs(value, keys)


def _reference_and_value_predicates(q: Record) -> list[Callable[[Record], bool]]:
    """Class, item, currency and time-tracking entity filters; enumerations; balances."""
    preds: list[Callable[[Record], bool]] = []
    for element, keys in _REF_FILTERS.items():
        rule = q.get(element)
        if rule:
            preds.append(lambda r, s=rule, k=keys: _ref_filter(s, _refs(r, k)))
    for element, key in _ENUM_FILTERS.items():
        if q.get(element):
            wanted_values = set(_listish(q[element]))
            preds.append(lambda r, k=key, w=wanted_values: r.get(k) in w)
    balance = q.get("TotalBalanceFilter")
    if balance:
        op, amount = _OPERATORS[balance["Operator"]], float(balance["Amount"])
        preds.append(lambda r: op(float(r.get("TotalBalance") or 0), amount))
    pending = q.get("PendingStatus", "All")
    if pending != "All":
        wanted_pending = "true" if pending == "PendingOnly" else "false"
        preds.append(lambda r: r.get("IsPending", "false") == wanted_pending)
    return preds


def _account_refs(record: Record) -> Iterable[Record]:
    for key, value in record.items():
        if key.endswith("AccountRef"):
            yield value
        elif isinstance(value, list):
            for line in value:
                if isinstance(line, dict) and "AccountRef" in line:
                    yield line["AccountRef"]


def _all(preds: list[Callable[[Record], bool]]) -> Callable[[Record], bool] | None:
    if not preds:
        return None
    if len(preds) == 1:
        return preds[0]
    return lambda r: all(p(r) for p in preds)


def select_ids(
    company: Company, query_name: str, q: Record, limit: int | None = None
) -> tuple[list[str], Status | None]:
    """IDs of the matching records in QuickBooks' order, and the 500 warning when it applies.

    Lists come from the company's sorted index (nothing is re-sorted per query) and only the
    IDs are collected, so an iterator Start over 100,000 customers allocates one list;
    ``limit`` stops the scan early when no iterator needs the full count.
    """
    names = members(query_name)
    if query_name == "Transaction":
        q, names = as_type_query(q)
    elif query_name == "BillToPay":
        q = as_bill_to_pay_query(q)
    if any(key in q for key in ID_KEYS):
        found, missing = _by_ids(company, names, q)
        ids = [r.get("ListID") or r["TxnID"] for _n, r in found]
        return ids, (status(500, value=missing) if missing else None)
    ok = _all(_predicates(q))
    if not names:
        return [], None
    if len(names) == 1 and ENTITIES[names[0]].kind == "list":
        rows = company.records[names[0]]
        ordered: list[str] = company.ordered_ids(names[0])
    else:
        kind = ENTITIES[names[0]].kind
        pairs = company.ordered(names) if kind == "list" else _insertion_order(company, names)
        rows = {rid: company.records[n][rid] for n, rid in pairs}
        ordered = list(rows)
    inactive = company.inactive_ids(names)
    active = q.get("ActiveStatus", "ActiveOnly")
    if active == "InactiveOnly":
        ordered = [rid for rid in ordered if rid in inactive]
    elif active == "ActiveOnly" and inactive:
        ordered = [rid for rid in ordered if rid not in inactive]
    if ok is not None:
        matching = (rid for rid in ordered if ok(rows[rid]))
        return list(islice(matching, limit)), None
    return ordered if limit is None else ordered[:limit], None


def _insertion_order(company: Company, names: tuple[str, ...]) -> Iterable[tuple[str, str]]:
    for name in names:
        for record_id in company.records[name]:
            yield name, record_id


def fetch(company: Company, query_name: str, ids: Iterable[str]) -> list[Match]:
    """(entity, record) for each ID still in the company (deleted ones are skipped)."""
    names = members(query_name)
    found = (company.by_id(names, rid) for rid in ids)
    return [hit for hit in found if hit is not None]


def rets(
    company: Company, query_name: str, entity_name: str, record: Record, q: Record
) -> list[Ret]:
    """The Ret elements of one record as `query_name` answers it: one, but for TransactionQuery
    rows (a summary, and a row per line at a detail level that asks for them)."""
    if query_name == "Transaction":
        detail = str(q.get("TransactionDetailLevelFilter") or "SummaryOnly")
        rows = transaction_rows(company, entity_name, record, detail)
        return [("TransactionRet", row, None) for row in rows]
    if query_name == "BillToPay":
        return [("BillToPayRet", bill_to_pay_row(entity_name, record), None)]
    return [(f"{entity_name}Ret", *shape(entity_name, record, q))]


def _line_owned(line: object, owners: set[str]) -> object:
    if not isinstance(line, dict) or "DataExtRet" not in line:
        return line
    return {**line, "DataExtRet": data_ext.owned(line["DataExtRet"], owners)}


def shape(entity_name: str, record: Record, q: Record) -> tuple[Record, frozenset[str] | None]:
    """The record as this query returns it: line items, DataExt by OwnerID, IncludeRetElement."""
    entity = ENTITIES[entity_name]
    out = dict(record)
    if entity.kind == "txn" and q.get("IncludeLineItems") != "true" and entity.totals != "payment":
        for lines in entity.lines:
            out.pop(lines.ret, None)
    if q.get("IncludeLinkedTxns") != "true":
        out.pop("LinkedTxn", None)
    owners = set(_listish(q.get("OwnerID")))
    out["DataExtRet"] = data_ext.owned(record.get("DataExtRet", []), owners)
    if entity.kind == "txn":
        for lines in entity.lines:
            if lines.ret in out:
                out[lines.ret] = [_line_owned(line, owners) for line in _listish(out[lines.ret])]
    include = frozenset(_listish(q.get("IncludeRetElement"))) or None
    return out, include
