"""The public engine: pure functions from SDK JSON to qbXML request parts and back.

Each builder returns a `QbxmlCall` (request name, body dict, attributes) for
`nxus.qbxml.builder.build_request`; `to_json` turns a parsed Ret dict into SDK JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from nxus.qbxml import spec
from nxus.resources.model import Choice, Operation, Resource, ResourceValidationError, Variant
from nxus.resources.query import Params, query_body, with_owners
from nxus.resources.request import Body, to_body
from nxus.resources.response import Json, compile_shape


@dataclass(frozen=True)
class QbxmlCall:
    request: str  # e.g. "CustomerQueryRq"
    body: Body
    attributes: dict[str, str] = field(default_factory=dict)


def require(resource: Resource, operation: Operation) -> None:
    """Refuse operations the SDK does not list for the resource (the route answers 405)."""
    if operation not in resource.operations:
        raise ResourceValidationError("", f"{resource.name} does not support {operation}")


def build_query(
    resource: Resource, params: Params, *, iterate: bool = False, version: str = spec.LATEST
) -> QbxmlCall:
    """A list query; `iterate` starts a qbXML iterator (only for queries that have one)."""
    require(resource, "list")
    attributes = {"iterator": "Start"} if iterate and resource.iterable else {}
    return QbxmlCall(resource.query_request, query_body(resource, params, version), attributes)


def build_count(resource: Resource, params: Params) -> QbxmlCall:
    """A count: the same query asking QuickBooks for metadata only (retCount)."""
    require(resource, "list")
    clean = {k: v for k, v in params.items() if k not in ("limit", "fields")}
    body = query_body(resource, clean)
    return QbxmlCall(resource.query_request, body, {"metaData": "MetaDataOnly"})


_TXN_INCLUDES = ("IncludeLineItems", "IncludeLinkedTxns")


def build_retrieve(resource: Resource, object_id: str, version: str = spec.LATEST) -> QbxmlCall:
    """One record by id; a transaction with its lines and, where the query has the flag at
    `version` (JournalEntryQuery never does; CheckQuery from 7.0), its linked transactions."""
    require(resource, "retrieve")
    body: Body = with_owners(resource.query_request, {resource.id_element: _id(object_id)}, version)
    if resource.kind == "txn":
        query = resource.query_request
        body |= {f: True for f in _TXN_INCLUDES if spec.exists(f"{query}/{f}", version)}
    return QbxmlCall(resource.query_request, body)


def build_create(resource: Resource, data: Mapping[str, Any]) -> QbxmlCall:
    require(resource, "create")
    qb, shape = resource.qb, resource.create
    if resource.choices:
        choice = choose(resource, data)
        qb, shape = choice.qb, choice.create
    add = f"{qb}Add"
    body = to_body(shape, data, f"{add}Rq/{add}")
    return QbxmlCall(f"{add}Rq", {add: body})


def choose(resource: Resource, data: Mapping[str, Any]) -> Choice:
    """The list a create goes to, by the fields only that list has (terms: `dueDays`/
    `discountDays` -> StandardTerms, `dueDayOfMonth`/`gracePeriodDays`/`discountDayOfMonth`
    -> DateDrivenTerms); none or both -> ResourceValidationError naming the fields."""
    own = [(c, c.own_fields(resource.choices)) for c in resource.choices]
    picked = [(c, fs) for c, fs in own if any(data.get(f) is not None for f in fs)]
    if len(picked) == 1:
        return picked[0][0]
    kinds = "; ".join(f"{c.qb}: {', '.join(fields)}" for c, fields in own)
    if not picked:
        raise ResourceValidationError(
            "", f"{resource.name}: send the fields of one kind to choose it ({kinds})"
        )
    sent = [f for _c, fs in picked for f in fs if data.get(f) is not None]
    raise ResourceValidationError(
        ", ".join(sent), f"cannot be combined: {resource.name} are one kind ({kinds})"
    )


def build_update(resource: Resource, object_id: str, data: Mapping[str, Any]) -> QbxmlCall:
    """A Mod: `revisionNumber` becomes EditSequence; lines without an id are new ("-1")."""
    require(resource, "update")
    revision = data.get("revisionNumber")
    if not isinstance(revision, str) or not revision:
        raise ResourceValidationError("revisionNumber", "required (the current revisionNumber)")
    mod = f"{resource.qb}Mod"
    rest = {k: v for k, v in data.items() if k != "revisionNumber"}
    body = {resource.id_element: _id(object_id), "EditSequence": revision}
    body |= to_body(resource.update, rest, f"{mod}Rq/{mod}")
    return QbxmlCall(f"{mod}Rq", {mod: body})


def build_delete(resource: Resource, object_id: str, list_type: str | None = None) -> QbxmlCall:
    """ListDel/TxnDel; a multi-list resource (terms) needs `list_type`, the record's list
    (the API looks it up with a retrieve first)."""
    require(resource, "delete")
    prefix = "List" if resource.kind == "list" else "Txn"
    del_type = resource.del_type or resource.qb
    if resource.typed_delete:
        allowed = [c.qb for c in resource.choices] or list(
            spec.enum_values(f"{prefix}DelRq/{prefix}DelType") or ()
        )
        if list_type not in allowed:
            raise ResourceValidationError("id", f"the record's type must be one of {allowed}")
        del_type = list_type
    body = {f"{prefix}DelType": del_type, resource.id_element: _id(object_id)}
    return QbxmlCall(f"{prefix}DelRq", body)


def list_type_of(resource: Resource, object_type: str, record: Json | None = None) -> str | None:
    """The qbXML list of a record of a multi-list resource, from its JSON `objectType`; for a
    cross-type resource, the type its `type_field` names (a transaction's `transactionType`)."""
    if resource.type_field:
        value = (record or {}).get(resource.type_field)
        return value if isinstance(value, str) and value else None
    for variant in resource.variants:
        if variant.object_type == object_type:
            return variant.ret.removesuffix("Ret")
    return None


def build_void(resource: Resource, object_id: str) -> QbxmlCall:
    require(resource, "void")
    return QbxmlCall("TxnVoidRq", {"TxnVoidType": resource.qb, "TxnID": _id(object_id)})


def to_json(resource: Resource, ret_name: str, record: Mapping[str, Any]) -> Json:
    """One Ret record (e.g. "ItemServiceRet" from ItemQueryRs) as the SDK's JSON object."""
    convert = converters(resource).get(ret_name)
    if convert is None:
        raise LookupError(f"{resource.name} has no mapping for {ret_name}")
    return convert(record)


Converter = Callable[[Mapping[str, Any]], Json]
_CONVERTERS: dict[int, tuple[Resource, dict[str, Converter]]] = {}


def converters(resource: Resource) -> dict[str, Converter]:
    """Ret element name -> the function `to_json` applies to its records (compiled once per
    resource: a list renders with one dict lookup per record)."""
    hit = _CONVERTERS.get(id(resource))
    if hit is not None and hit[0] is resource:
        return hit[1]
    made = {v.ret: _variant_converter(v) for v in reversed(resource.variants)}
    _CONVERTERS[id(resource)] = (resource, made)
    return made


def _variant_converter(variant: Variant) -> Converter:
    convert = compile_shape(variant.ret, variant.fields)
    object_type, item_type = variant.object_type, variant.item_type
    if item_type is None:

        def typed(record: Mapping[str, Any]) -> Json:
            out = convert(record)
            out["objectType"] = object_type
            return out

        return typed

    def item(record: Mapping[str, Any]) -> Json:
        out = convert(record)
        out["objectType"] = object_type
        out["itemType"] = item_type
        return out

    return item


def _id(object_id: str) -> str:
    if not isinstance(object_id, str) or not object_id or len(object_id) > 36:
        raise ResourceValidationError("id", "must be a QuickBooks id")
    return object_id
