"""The report endpoints in the OpenAPI document: one path per kind, its query parameters
from the report request's schema (enums included), the SDK's Report as the answer."""

from __future__ import annotations

from typing import Any

from nxus.openapi.components import ref
from nxus.openapi.schemas import simple
from nxus.reports.request import KINDS, applicable, request_name

Schema = dict[str, Any]
_STR = {"type": "string"}
_ROW_VALUE = {
    "type": "object",
    "properties": {
        "columnId": _STR,
        "value": _STR,
        "dataType": _STR,
        "attributes": {"type": "object", "additionalProperties": _STR},
    },
    "required": ["columnId", "value", "dataType", "attributes"],
}
REPORT_ROW: Schema = {
    "type": "object",
    "description": "A row; text rows open a group whose rows follow in `rows`.",
    "properties": {
        "type": {"enum": ["data", "text", "subtotal", "total"]},
        "rowNumber": {"type": "integer"},
        "value": _STR,
        "info": {
            "type": "object",
            "properties": {"type": _STR, "value": _STR, "rowNumber": {"type": "integer"}},
        },
        "values": {"type": "array", "items": _ROW_VALUE},
        "rows": {"type": "array", "items": ref("ReportRow")},
    },
    "required": ["type", "rowNumber", "value", "info", "values", "rows"],
}
REPORT: Schema = {
    "type": "object",
    "description": "A QuickBooks report (the SDK's Report).",
    "properties": {
        "id": _STR,
        "objectType": {"const": "qbd_report"},
        "createdAt": _STR,
        "updatedAt": _STR,
        "revisionNumber": _STR,
        "title": _STR,
        "subtitle": _STR,
        "basis": _STR,
        "period": _STR,
        "rowCount": {"type": "integer"},
        "columnCount": {"type": "integer"},
        "headerRowCount": {"type": "integer"},
        "columns": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": _STR,
                    "dataType": _STR,
                    "type": _STR,
                    "columnTitles": {"type": "array", "items": {"type": "object"}},
                },
                "required": ["id", "dataType", "type", "columnTitles"],
            },
        },
        "data": {
            "type": "object",
            "properties": {"rows": {"type": "array", "items": ref("ReportRow")}},
            "required": ["rows"],
        },
        "customFields": {"type": "array"},
    },
    "required": ["id", "objectType", "title", "subtitle", "columns", "data", "rowCount"],
}


def _parameter(kind: str, name: str, path: str, read: str) -> Schema:
    full = f"{request_name(kind)}/{path}"
    if read == "refs":
        schema: Schema = {"type": "array", "items": {"type": "string", "minLength": 1}}
    elif read == "list":
        schema = {"type": "array", "items": simple(full)}
    elif read == "bool":
        schema = {"type": "boolean"}
    else:
        schema = simple(full)
        if "enum" in schema:
            schema["enum"] = [v for v in schema["enum"] if v]
    return {"name": name, "in": "query", "required": False, "schema": schema}


def report_paths() -> dict[str, dict[str, Schema]]:
    paths = {}
    for slug, kind in KINDS.items():
        params = [_parameter(kind, n, p.path, p.read) for n, p in applicable(kind).items()]
        paths[f"/api/v1/reports/{slug}"] = {
            "get": {
                "operationId": f"reports_{slug.replace('-', '_')}",
                "summary": f"A {kind} report",
                "description": (
                    "Query parameters follow the qbXML request: `reportType` is the qbXML "
                    "report type, `period` a ReportDateMacro (or fromReportDate/toReportDate). "
                    "A bad parameter or combination is 400 naming it, nothing is sent."
                ),
                "tags": ["Reports"],
                "parameters": [
                    ref("ConnectionId", "parameters"),
                    ref("TimeoutSeconds", "parameters"),
                    ref("Prefer", "parameters"),
                    *params,
                ],
                "responses": {
                    "200": {
                        "description": "The report.",
                        "content": {"application/json": {"schema": ref("Report")}},
                    },
                    "202": {"$ref": "#/components/responses/Job"},
                    "default": {"$ref": "#/components/responses/Error"},
                },
            }
        }
    return paths
