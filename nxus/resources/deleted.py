"""Deletions QuickBooks remembers (90 days): GET /api/v1/deleted-transactions and
GET /api/v1/deleted-list-objects, over TxnDeletedQuery and ListDeletedQuery (qbXML 2.0+).

Parameters: the types (`transactionTypes` / `objectTypes`: repeated, comma separated or a
JSON array; snake_case as in `transactionType`, or QuickBooks' own spelling; none: every type
the connection's qbXML version knows) and `deletedAfter` / `deletedBefore` (ISO 8601 date-time
or date; without an offset, the company file's local time; an offset-bearing bound is turned into
that wall time before it gets here: nxus.quickbooks.modified). Rows come grouped by type, each by
deletion time, as QuickBooks answers. These are not SDK resources: they live here, beside the
SDK's table (nxus.resources.registry), and `lookup` finds either.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from nxus.qbxml import spec, versions
from nxus.resources.model import Enum, Resource, ResourceValidationError, Variant, snake_case
from nxus.resources.query import as_list
from nxus.resources.registry import RESOURCES

# snake_case of QuickBooks' names, but for the acronym (as the hosted API spells it).
_SPELLED = {"ARRefundCreditCard": "ar_refund_credit_card"}

DELETED_TRANSACTIONS = Resource(
    name="deleted_transactions",
    list_path="/api/v1/deleted-transactions",
    item_path="/api/v1/deleted-transaction/{id}",
    create_path="/api/v1/deleted-transaction",
    operations=("list",),
    kind="txn",
    qb="TxnDeleted",
    variants=(
        Variant(
            "TxnDeletedRet",
            "qbd_deleted_transaction",
            {
                "id": "TxnID",
                "transactionType": Enum("TxnDelType", _SPELLED, snake=True),
                "createdAt": "TimeCreated",
                "deletedAt": "TimeDeleted",
                "refNumber": "RefNumber",
            },
        ),
    ),
)
DELETED_LIST_OBJECTS = Resource(
    name="deleted_list_objects",
    list_path="/api/v1/deleted-list-objects",
    item_path="/api/v1/deleted-list-object/{id}",
    create_path="/api/v1/deleted-list-object",
    operations=("list",),
    kind="list",
    qb="ListDeleted",
    variants=(
        Variant(
            "ListDeletedRet",
            "qbd_deleted_list_object",
            {
                "id": "ListID",
                "listType": Enum("ListDelType", snake=True),
                "createdAt": "TimeCreated",
                "deletedAt": "TimeDeleted",
                "fullName": "FullName",
            },
        ),
    ),
)
DELETED: dict[str, Resource] = {r.name: r for r in (DELETED_TRANSACTIONS, DELETED_LIST_OBJECTS)}

# The query parameter naming the types, per resource.
TYPE_PARAMS = {"deleted_transactions": "transactionTypes", "deleted_list_objects": "objectTypes"}
RANGE_PARAMS = {"deletedAfter": "FromDeletedDate", "deletedBefore": "ToDeletedDate"}
KEEP_DAYS = 90


def lookup(name: str) -> Resource:
    """A resource of the SDK's table or one of these (KeyError if neither)."""
    return RESOURCES.get(name) or DELETED[name]


def type_element(resource: Resource) -> str:
    return "TxnDelType" if resource.kind == "txn" else "ListDelType"


def type_name(qb_name: str) -> str:
    """A type as the API spells it: "invoice", "ar_refund_credit_card"."""
    return _SPELLED.get(qb_name) or snake_case(qb_name)


def type_values(resource: Resource, version: str = spec.LATEST) -> tuple[str, ...]:
    """QuickBooks' names of the types `version` can report deletions of."""
    request = resource.query_request
    return spec.enum_values(f"{request}/{type_element(resource)}", version) or ()


def query_body(resource: Resource, params: Mapping[str, Any], version: str) -> dict[str, Any]:
    """The Txn/ListDeletedQueryRq body; ResourceValidationError names the parameter."""
    type_param = TYPE_PARAMS[resource.name]
    body: dict[str, Any] = {}
    for name in params:
        if name not in (type_param, *RANGE_PARAMS):
            allowed = ", ".join((type_param, *RANGE_PARAMS))
            raise ResourceValidationError(name, f"unknown query parameter (allowed: {allowed})")
    known = type_values(resource, version)
    wanted = _types(params.get(type_param), type_param, type_values(resource))
    missing = [t for t in wanted if t not in known]
    if missing:
        needed = _first_version(resource, missing[0])
        raise ResourceValidationError(
            type_param,
            f"{type_name(missing[0])} {versions.needs(needed, version)}"
            if needed and versions.too_new(needed, version)
            else f"{type_name(missing[0])} is not reported by qbXML {version}",
        )
    body[type_element(resource)] = wanted or list(known)
    window = {
        element: _moment(params[name], name, end=name == "deletedBefore")
        for name, element in RANGE_PARAMS.items()
        if params.get(name) not in (None, "")
    }
    start, stop = window.get("FromDeletedDate"), window.get("ToDeletedDate")
    comparable = start and stop and (start.tzinfo is None) == (stop.tzinfo is None)
    if comparable and start > stop:  # type: ignore[operator]
        raise ResourceValidationError("deletedAfter", "must not be later than deletedBefore")
    if window:
        body["DeletedDateRangeFilter"] = {k: v.isoformat() for k, v in window.items()}
    return body


def _first_version(resource: Resource, qb_name: str) -> str | None:
    """The first qbXML version that reports deletions of `qb_name`."""
    return next(
        (v for v in versions.SUPPORTED_VERSIONS if qb_name in type_values(resource, v)), None
    )


def _types(raw: Any, name: str, every: tuple[str, ...]) -> list[str]:
    """The QuickBooks type names asked for, in the order given, without repeats."""
    if raw is None or raw == "":
        return []
    items = as_list(raw, name, split=True)
    by_name = {type_name(t): t for t in every} | {t.lower(): t for t in every}
    out: list[str] = []
    for item in (i.strip() for i in items if i.strip()):
        found = by_name.get(item.lower())
        if found is None:
            choices = ", ".join(type_name(t) for t in every)
            raise ResourceValidationError(name, f"unknown type {item[:60]!r} (one of: {choices})")
        if found not in out:
            out.append(found)
    return out


def _moment(raw: Any, name: str, *, end: bool) -> datetime:
    """An ISO 8601 date-time (its offset kept) or a date (its start, or end for
    deletedBefore)."""
    if not isinstance(raw, str) or len(raw) > 40:
        raise ResourceValidationError(name, "must be an ISO 8601 date-time or date")
    text = raw.strip().replace("Z", "+00:00").replace(" ", "+")
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, time(23, 59, 59) if end else time(0, 0))
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ResourceValidationError(name, "must be an ISO 8601 date-time or date") from None
    return moment.replace(microsecond=0)
