"""The public engine: pure functions from SDK JSON to qbXML request parts and back.

Each builder returns a `QbxmlCall` (request name, body dict, attributes) for
`nxus.qbxml.builder.build_request`; `to_json` turns a parsed Ret dict into SDK JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from nxus.resources.model import Operation, Resource, ResourceValidationError, Variant
from nxus.resources.query import Params, query_body
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


def build_query(resource: Resource, params: Params, *, iterate: bool = False) -> QbxmlCall:
    """A list query; `iterate` starts a qbXML iterator (only for queries that have one)."""
    require(resource, "list")
    attributes = {"iterator": "Start"} if iterate and resource.iterable else {}
    return QbxmlCall(resource.query_request, query_body(resource, params), attributes)


def build_count(resource: Resource, params: Params) -> QbxmlCall:
    """A count: the same query asking QuickBooks for metadata only (retCount)."""
    require(resource, "list")
    clean = {k: v for k, v in params.items() if k not in ("limit", "fields")}
    body = query_body(resource, clean)
    return QbxmlCall(resource.query_request, body, {"metaData": "MetaDataOnly"})


def build_retrieve(resource: Resource, object_id: str) -> QbxmlCall:
    require(resource, "retrieve")
    body: Body = {resource.id_element: _id(object_id)}
    if resource.kind == "txn":
        body |= {"IncludeLineItems": True, "IncludeLinkedTxns": True}
    return QbxmlCall(resource.query_request, body)


def build_create(resource: Resource, data: Mapping[str, Any]) -> QbxmlCall:
    require(resource, "create")
    add = f"{resource.qb}Add"
    body = to_body(resource.create, data, f"{add}Rq/{add}")
    return QbxmlCall(f"{add}Rq", {add: body})


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


def build_delete(resource: Resource, object_id: str) -> QbxmlCall:
    require(resource, "delete")
    prefix = "List" if resource.kind == "list" else "Txn"
    body = {
        f"{prefix}DelType": resource.del_type or resource.qb,
        resource.id_element: _id(object_id),
    }
    return QbxmlCall(f"{prefix}DelRq", body)


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
