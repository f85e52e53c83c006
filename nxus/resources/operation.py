"""What a QuickBooks API call asks for (an `Operation`, plain JSON) and the qbXML it becomes.

An operation is stored with its job, so the request can be built again at the qbXML version
the Web Connector session negotiates when the job is handed out (a connection's version is
known only after its first session). Building is pure: resources tables + the qbxml builder.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from nxus.qbxml import versions
from nxus.qbxml.builder import QbxmlBuildError, RequestSpec, build_request_body
from nxus.resources import (
    RESOURCES,
    QbxmlCall,
    Resource,
    ResourceValidationError,
    build_count,
    build_create,
    build_delete,
    build_query,
    build_retrieve,
    build_update,
    build_void,
    custom_fields,
    deleted,
)
from nxus.resources.filters import FILTERS
from nxus.resources.model import Nest, Shape
from nxus.resources.query import filter_path

# The version requests are built at when the connection has never negotiated one.
DEFAULT_VERSION = "16.0"
# Operation.params key of a delete of a multi-list resource (terms): the record's qbXML list.
LIST_TYPE = "listType"
WRITES = frozenset({"create", "update", "delete", "void"})


class BuildFailed(ValueError):
    """The operation cannot become qbXML: `field` is the JSON field (or parameter) at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Operation:
    """One QuickBooks call of the API. `action`: list | count | retrieve | create | update |
    delete | void | continue (next iterator page) | stop (close an iterator)."""

    resource: str
    action: str
    object_id: str | None = None
    data: dict[str, Any] | None = None
    params: dict[str, Any] | None = None
    iterate: bool = False
    iterator_id: str | None = None
    max_returned: int | None = None
    new_message_set_id: str | None = None
    old_message_set_id: str | None = None
    built_for: str | None = None  # the qbXML version of the stored request
    # [after, before, zone]: the precise modified window a widened query's answer is filtered
    # by (nxus/resources/modified.py); None when QuickBooks' answer is exact.
    window: list[Any] | None = None

    @property
    def is_write(self) -> bool:
        return self.action in WRITES

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Operation:
        return cls(**json.loads(text))


def calls(op: Operation, version: str = DEFAULT_VERSION) -> list[QbxmlCall]:
    """The resources engine's request parts for an operation (ResourceValidationError)."""
    if op.resource in CUSTOM_FIELDS:
        return [_custom_field_call(op)]
    resource = deleted.lookup(op.resource)
    if op.action in ("list", "count"):
        return [_list_call(resource, op, version)]
    if op.action in ("continue", "stop"):
        attributes = {"iterator": op.action.capitalize(), "iteratorID": op.iterator_id or ""}
        body = {"MaxReturned": op.max_returned} if op.max_returned else {}
        return [QbxmlCall(resource.query_request, body, attributes)]
    object_id = op.object_id or ""
    if op.action == "retrieve":
        return [build_retrieve(resource, object_id, version)]
    if op.action == "create":
        return [build_create(resource, op.data or {})]
    if op.action == "update":
        return [build_update(resource, object_id, op.data or {})]
    if op.action == "delete":
        return [build_delete(resource, object_id, (op.params or {}).get(LIST_TYPE))]
    if op.action == "void":
        return [build_void(resource, object_id)]
    raise ValueError(f"unknown action {op.action!r}")


def _list_call(resource: Resource, op: Operation, version: str) -> QbxmlCall:
    params = op.params or {}
    if op.action == "list" and resource.name in deleted.DELETED:
        return QbxmlCall(resource.query_request, deleted.query_body(resource, params, version))
    if op.action == "list":
        if op.window and params.get("fields"):  # the filter reads these two
            params = {**params, "fields": _with_stamps(params["fields"])}
        return build_query(resource, params, iterate=op.iterate, version=version)
    if op.window:  # counted after the precise filter: list it
        return build_query(resource, {**params, "fields": ["updatedAt", "revisionNumber"]})
    return build_count(resource, params)


# Custom fields are no record of QuickBooks' lists: their operations have requests of their own.
CUSTOM_FIELDS = frozenset({custom_fields.DEFINITIONS, custom_fields.VALUES})


def _custom_field_call(op: Operation) -> QbxmlCall:
    data, params = op.data or {}, op.params or {}
    if op.resource == custom_fields.VALUES:
        request, body = custom_fields.value_request(op.action, data)
    elif op.action == "list":
        request, body = custom_fields.definitions_query(params)
    elif op.action == "create":
        request, body = custom_fields.definition_add(data)
    elif op.action == "update":
        request, body = custom_fields.definition_mod(op.object_id or "", data)
    elif op.action == "delete":
        request, body = custom_fields.definition_del(op.object_id or "", params)
    else:
        raise ValueError(f"unknown action {op.action!r} of {op.resource}")
    return QbxmlCall(request, body)


def _with_stamps(fields: Any) -> Any:
    if isinstance(fields, str) and not fields.lstrip().startswith("["):
        fields = fields.split(",")
    if isinstance(fields, list):
        return [*fields, "updatedAt", "revisionNumber"]
    return fields  # malformed: the query builder names it


def request_id_for(job_id: uuid.UUID, index: int, count: int) -> str:
    """The qbXML requestID of the index-th request of a job (the job id, hex)."""
    return job_id.hex if count == 1 else f"{job_id.hex}-{index}"


@dataclass(frozen=True)
class Built:
    """An operation's request as a job stores it: the `<QBXML>` element as text, each
    requestID already the job's, and the request names in order."""

    body: str
    names: tuple[str, ...]


def build(op: Operation, version: str, job_id: uuid.UUID) -> Built:
    """The request of `op` at `version` for job `job_id`, its requestIDs built in (no parse
    afterwards); BuildFailed names the JSON field."""
    try:
        parts = calls(op, version)
    except ResourceValidationError as exc:
        raise BuildFailed(exc.field, exc.message) from None
    specs = [
        RequestSpec(
            c.request, c.body, {**c.attributes, "requestID": request_id_for(job_id, i, len(parts))}
        )
        for i, c in enumerate(parts)
    ]
    try:
        body = build_request_body(
            version,
            specs,
            new_message_set_id=op.new_message_set_id,
            old_message_set_id=op.old_message_set_id,
        )
    except QbxmlBuildError as exc:
        raise _field_error(op, exc, version) from None
    return Built(body, tuple(c.request for c in parts))


def rebuild(operation_json: str, version: str, job_id: uuid.UUID) -> tuple[Built, str] | None:
    """(request, operation JSON) built again at `version` for the job, or None when the stored
    request was built for it. BuildFailed names the field the version lacks."""
    op = Operation.from_json(operation_json)
    if op.built_for == version:
        return None
    op = replace(op, built_for=version)
    return build(op, version, job_id), op.to_json()


def _field_error(op: Operation, exc: QbxmlBuildError, version: str) -> BuildFailed:
    """The field (JSON field, list parameter, or the route itself) a build failure is about;
    an element the version lacks is the version gate's 400, worded by versions.needs."""
    field = json_field(op, exc.path) or list_param(op, exc.path) or exc.path
    if exc.needs_version:
        if "/" not in exc.path and exc.path.endswith("Rq"):  # the request itself
            field = route_of(op)
        return BuildFailed(field, versions.needs(exc.needs_version, version))
    return BuildFailed(field, exc.message)


_ROUTES = {
    "list": ("GET", "list_path"),
    "continue": ("GET", "list_path"),
    "count": ("GET", "list_path"),
    "retrieve": ("GET", "item_path"),
    "create": ("POST", "create_path"),
    "update": ("POST", "item_path"),
    "delete": ("DELETE", "item_path"),
    "void": ("POST", "item_path"),
}


def route_of(op: Operation) -> str:
    """The API route of an operation ("GET /api/v1/transactions") for messages."""
    resource = deleted.lookup(op.resource)
    method, attribute = _ROUTES.get(op.action, ("GET", "list_path"))
    path = getattr(resource, attribute)
    suffix = {"count": "/count", "void": "/void"}.get(op.action, "")
    return f"{method} {path}{suffix}"


def list_param(op: Operation, qbxml_path: str) -> str | None:
    """The list parameter of `op` that put the element at `qbxml_path` into the query."""
    if op.action not in ("list", "count") or not op.params:
        return None
    resource = deleted.lookup(op.resource)
    head = qbxml_path.split("/")[0]
    for name in op.params:
        rule = FILTERS.get(name)
        if rule is None:
            continue
        path = filter_path(resource, rule)
        if path is not None and path.split("/")[0] == head:
            return name
    return None


def json_field(op: Operation, qbxml_path: str) -> str | None:
    """The JSON field whose element `qbxml_path` (relative to the request) is, if any."""
    if op.action not in ("create", "update") or op.resource not in RESOURCES:
        return None
    resource: Resource = RESOURCES[op.resource]
    shape = resource.create if op.action == "create" else resource.update
    steps = [s for s in qbxml_path.split("/")[1:] if s and not s.startswith("@")]
    return _find(shape, steps, "")


def _find(shape: Shape, steps: list[str], prefix: str) -> str | None:
    for alias, source in shape.items():
        if source is None or not isinstance(source, str | Nest) and not hasattr(source, "path"):
            continue
        path = source if isinstance(source, str) else getattr(source, "path", "")
        parts = path.split("/")
        if steps[: len(parts)] != parts:
            continue
        name = f"{prefix}{alias}"
        rest = steps[len(parts) :]
        if rest and isinstance(source, Nest):
            return _find(source.shape, rest, f"{name}.") or name
        return name
    return None


def find_value(data: Mapping[str, Any] | None, value: str, prefix: str = "") -> str | None:
    """The JSON path (a.b[0].c) holding the string `value` in a request body, if any."""
    if not data:
        return None
    for key, item in data.items():
        path = f"{prefix}{key}"
        found = _find_in(item, value, path)
        if found:
            return found
    return None


def _find_in(item: Any, value: str, path: str) -> str | None:
    if isinstance(item, str):
        return path if item == value else None
    if isinstance(item, Mapping):
        return find_value(item, value, f"{path}.")
    if isinstance(item, list):
        for index, element in enumerate(item):
            found = _find_in(element, value, f"{path}[{index}]")
            if found:
                return found
    return None
