"""The paths of the OpenAPI document: QuickBooks resources from the registry, and the
platform endpoints from PLATFORM (one line per operation: add a route, add a line)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nxus.openapi.components import ref
from nxus.resources import Resource
from nxus.resources.query import FILTERS, enum_spellings, filter_path

Schema = dict[str, Any]
PREFIX = "/api/v1"


@dataclass(frozen=True)
class Platform:
    method: str
    path: str  # under /api/v1, parameters as {name}
    summary: str
    tag: str
    body: bool = False  # takes a JSON object
    success: int = 200
    answer: str = "json"  # "json", "page" (a list page), "xml", "text"
    public: bool = False  # no API key
    connection: bool = False  # needs X-Connection-Id


PLATFORM: tuple[Platform, ...] = (
    Platform("post", "/connections", "Create a connection", "Connections", True, 201),
    Platform("get", "/connections", "List connections", "Connections", answer="page"),
    Platform("get", "/connections/{ref}", "Retrieve a connection", "Connections"),
    Platform("patch", "/connections/{ref}", "Update a connection", "Connections", True),
    Platform("post", "/connections/{ref}", "Update a connection", "Connections", True),
    Platform("delete", "/connections/{ref}", "Archive a connection", "Connections"),
    Platform("post", "/connections/{ref}/restore", "Restore a connection", "Connections"),
    Platform(
        "delete", "/connections/{ref}/permanent", "Delete a connection for good", "Connections"
    ),
    Platform("get", "/qwc-auth-setup/{ref}/qwc", "Download the .qwc file", "Setup", answer="xml"),
    Platform("post", "/qwc-auth-setup/{ref}/password", "New Web Connector password", "Setup"),
    Platform("get", "/qwc-auth-setup/{ref}/status", "Setup status", "Setup"),
    Platform(
        "get", "/qwc-auth-setup/{ref}/status/authenticated", "Whether QBWC signed in", "Setup"
    ),
    Platform("post", "/auth-sessions", "Start an auth session", "Auth sessions", True, 201),
    Platform("get", "/auth-sessions/{public_id}", "Retrieve an auth session", "Auth sessions"),
    Platform("get", "/tenant/me", "The caller's organization and key", "Tenant"),
    Platform("post", "/tenant/me/rotate-publishable-key", "A new publishable key", "Tenant"),
    Platform("post", "/qbxml", "Send raw qbXML", "qbXML", answer="xml", connection=True),
    Platform("get", "/jobs/{job_ref}", "Retrieve a job", "Jobs"),
    Platform("post", "/cursors/{token}/close", "Close a list cursor", "Cursors"),
    Platform("get", "/openapi.json", "This document", "Meta", public=True),
    Platform("get", "/events", "List events", "Events", answer="page"),
    Platform("get", "/events/{ref}", "Retrieve an event", "Events"),
    Platform("post", "/webhook-endpoints", "Create a webhook endpoint", "Webhooks", True, 201),
    Platform("get", "/webhook-endpoints", "List webhook endpoints", "Webhooks", answer="page"),
    Platform("get", "/webhook-endpoints/{ref}", "Retrieve a webhook endpoint", "Webhooks"),
    Platform("delete", "/webhook-endpoints/{ref}", "Delete a webhook endpoint", "Webhooks"),
    Platform(
        "post", "/webhook-endpoints/{ref}/roll-secret", "Roll a webhook signing secret", "Webhooks"
    ),
    Platform("get", "/requests", "The request log", "Request log", answer="page"),
)

_ERRORS = {"default": {"$ref": "#/components/responses/Error"}}
_QB_HEADERS = [ref("ConnectionId", "parameters"), ref("TimeoutSeconds", "parameters")]


def _json(description: str, schema: Schema) -> Schema:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _path_params(path: str) -> list[Schema]:
    names = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    return [
        {"name": n, "in": "path", "required": True, "schema": {"type": "string", "minLength": 1}}
        for n in names
    ]


def platform_paths() -> dict[str, dict[str, Schema]]:
    paths: dict[str, dict[str, Schema]] = {}
    for p in PLATFORM:
        success: Schema
        if p.answer == "xml":
            success = {"description": "XML", "content": {"application/xml": {"schema": {}}}}
        elif p.answer == "page":
            success = _json("A page of the list.", ref("ListPage"))
        else:
            success = _json("OK", ref("Object"))
        op: Schema = {
            "operationId": f"{p.method}_{p.path.strip('/').replace('/', '_')}".replace("{", "")
            .replace("}", "")
            .replace(".", "_")
            .replace("-", "_"),
            "summary": p.summary,
            "tags": [p.tag],
            "parameters": _path_params(p.path)
            + ([ref("ConnectionId", "parameters")] if p.connection else []),
            "responses": {str(p.success): success} | _ERRORS,
        }
        if p.body:
            op["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": ref("Object")}},
            }
        if p.answer == "xml" and p.method == "post":
            op["requestBody"] = {
                "required": True,
                "content": {"application/xml": {"schema": {"type": "string"}}},
            }
        if p.public:
            op["security"] = []
        paths.setdefault(PREFIX + p.path, {})[p.method] = op
    return paths


def list_filters(resource: Resource) -> list[Schema]:
    """The list parameters this resource's query takes (the same test as nxus.resources.query)."""
    out = []
    for name, rule in FILTERS.items():
        if name == "limit":  # the page size: its own parameter
            continue
        if filter_path(resource, rule) is None:
            continue
        schema: Schema = {"type": "string", "minLength": 1}
        if rule.read in ("list", "ref", "owners"):
            schema = {"type": "array", "items": {"type": "string", "minLength": 1}}
        elif rule.read == "bool":
            schema = {"type": "boolean"}
        elif rule.read == "enum":
            schema = {"type": "string", "enum": enum_spellings(resource, rule)}
        elif rule.read == "enums":
            values = {"type": "string", "enum": enum_spellings(resource, rule)}
            schema = {"type": "array", "items": values}
        out.append({"name": name, "in": "query", "required": False, "schema": schema})
    return out


def _op(resource: Resource, action: str, summary: str, **parts: Any) -> Schema:
    tag = resource.name.replace("_", " ").capitalize()
    op: Schema = {"operationId": f"{resource.name}_{action}", "summary": summary, "tags": [tag]}
    if action not in resource.operations:
        op["summary"] = f"{summary}: not supported for {resource.name} (always 405)"
        op["responses"] = {"405": {"$ref": "#/components/responses/Error"}}
        op["parameters"] = (
            parts.get("parameters", [])[:1] if "{id}" in parts.get("path", "") else []
        )
        return op
    parts.pop("path", None)
    return op | parts


def resource_paths(resource: Resource) -> dict[str, dict[str, Schema]]:
    record = ref(f"{resource.name}")
    page = {
        "allOf": [ref("ListPage"), {"properties": {"data": {"type": "array", "items": record}}}]
    }
    item_param = _path_params("/{id}")
    async_ok = {"202": {"$ref": "#/components/responses/Job"}}
    read = _QB_HEADERS + [ref("Prefer", "parameters")]
    write = read + [ref("IdempotencyKey", "parameters")]
    name = resource.name

    def body(schema_name: str) -> Schema:
        return {"required": True, "content": {"application/json": {"schema": ref(schema_name)}}}

    def answer(code: str, description: str, schema: Schema) -> Schema:
        return {code: _json(description, schema)} | async_ok | _ERRORS

    list_params = read + [ref("Limit", "parameters"), ref("Cursor", "parameters")]
    lists = {
        "get": _op(
            resource,
            "list",
            f"List {name}",
            parameters=list_params + list_filters(resource),
            responses=answer("200", "A page of records.", page),
        )
    }
    count = {
        "get": _op(
            resource,
            "count",
            f"Count {name}",
            parameters=read + list_filters(resource),
            responses=answer("200", "How many records match.", ref("Count")),
        )
    }
    create = {
        "post": _op(
            resource,
            "create",
            f"Create one of {name}",
            parameters=write,
            requestBody=body(f"{name}_create"),
            responses=answer("201", "The new record.", record),
        )
    }
    update = dict(
        parameters=item_param + write,
        requestBody=body(f"{name}_update"),
        responses=answer("200", "The record as updated.", record),
        path="{id}",
    )
    item = {
        "get": _op(
            resource,
            "retrieve",
            f"Retrieve one of {name}",
            parameters=item_param + read,
            responses=answer("200", "The record.", record),
            path="{id}",
        ),
        "post": _op(resource, "update", f"Update one of {name}", **update),
        "patch": _op(resource, "update", f"Update one of {name} (PATCH)", **update),
        "delete": _op(
            resource,
            "delete",
            f"Delete one of {name}",
            parameters=item_param + write,
            responses=answer("200", "Deleted.", ref("Deleted")),
            path="{id}",
        ),
    }
    item["patch"]["operationId"] += "_patch"
    void = {
        "post": _op(
            resource,
            "void",
            f"Void one of {name}",
            parameters=item_param + write,
            responses=answer("200", "Voided.", ref("Deleted")),
            path="{id}",
        )
    }
    paths: dict[str, Any] = {}
    for path, methods in (
        (resource.list_path, lists),
        (f"{resource.list_path}/count", count),
        (resource.create_path, create),  # the list's path too for a create-only resource
        (resource.item_path, item),
        (f"{resource.item_path}/void", void),
    ):
        paths.setdefault(path, {}).update(methods)
    return paths
