"""The two deletion lists (nxus.resources.deleted) in the OpenAPI document: a GET each."""

from __future__ import annotations

from typing import Any

from nxus.openapi.components import ref
from nxus.openapi.schemas import record_schema
from nxus.resources.deleted import DELETED, TYPE_PARAMS, type_name, type_values

Schema = dict[str, Any]


def deleted_schemas() -> dict[str, Schema]:
    return {name: record_schema(resource) for name, resource in DELETED.items()}


def deleted_paths() -> dict[str, dict[str, Schema]]:
    paths: dict[str, dict[str, Schema]] = {}
    for name, resource in DELETED.items():
        types = [type_name(t) for t in type_values(resource)]
        moment = {"type": "string", "minLength": 1, "maxLength": 40}
        parameters = [
            ref("ConnectionId", "parameters"),
            ref("TimeoutSeconds", "parameters"),
            ref("Limit", "parameters"),
            ref("Cursor", "parameters"),
            {
                "name": TYPE_PARAMS[name],
                "in": "query",
                "required": False,
                "description": "Types to report (repeated, comma separated or a JSON array); "
                "none: every type the connection's QuickBooks reports.",
                "schema": {"type": "array", "items": {"type": "string", "enum": types}},
            },
            {"name": "deletedAfter", "in": "query", "required": False, "schema": moment},
            {"name": "deletedBefore", "in": "query", "required": False, "schema": moment},
        ]
        page = {
            "allOf": [
                ref("ListPage"),
                {"properties": {"data": {"type": "array", "items": ref(name)}}},
            ]
        }
        paths[resource.list_path] = {
            "get": {
                "operationId": f"{name}_list",
                "summary": f"List {name.replace('_', ' ')} (QuickBooks keeps 90 days)",
                "tags": ["Deletions"],
                "parameters": parameters,
                "responses": {
                    "200": {
                        "description": "A page of deletions, grouped by type.",
                        "content": {"application/json": {"schema": page}},
                    },
                    "default": {"$ref": "#/components/responses/Error"},
                },
            }
        }
    return paths
