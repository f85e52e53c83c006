"""The shared parts of the OpenAPI document: envelopes, parameters, security."""

from __future__ import annotations

from typing import Any

from nxus.openapi.schemas import REFERENCE

Schema = dict[str, Any]


def ref(name: str, kind: str = "schemas") -> Schema:
    return {"$ref": f"#/components/{kind}/{name}"}


_STR_OR_NULL = {"type": ["string", "null"]}

ERROR: Schema = {
    "type": "object",
    "description": "Every error answer of the API.",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "message": {"type": "string", "description": "For developers: the rule broken."},
                "userFacingMessage": {"type": "string"},
                "type": {"type": "string", "examples": ["VALIDATION_ERROR_TYPE"]},
                "code": {"type": "string", "examples": ["VALIDATION_ERROR"]},
                "httpStatusCode": {"type": "integer"},
                "integrationCode": _STR_OR_NULL,
                "requestId": {"type": "string"},
                "retryAfter": {"type": "integer"},
            },
            "required": ["message", "userFacingMessage", "type", "code", "httpStatusCode"],
        }
    },
    "required": ["error"],
}

LIST_PAGE: Schema = {
    "type": "object",
    "description": "One page of a cursor-paginated list; pass nextCursor as ?cursor= for the next.",
    "properties": {
        "success": {"type": "boolean"},
        "requestId": {"type": "string"},
        "data": {"type": "array", "items": {}},
        "nextCursor": _STR_OR_NULL,
        "page": {"type": "integer"},
        "count": {"type": "integer"},
        "limit": {"type": "integer"},
        "totalCount": {"type": ["integer", "null"]},
        "pageCount": {"type": ["integer", "null"]},
        "hasMore": {"type": "boolean"},
        "remainingCount": {"type": ["integer", "null"]},
        "timestamp": _STR_OR_NULL,
    },
    "required": ["success", "data", "nextCursor", "count", "hasMore"],
}

JOB: Schema = {
    "type": "object",
    "description": "A call queued for QuickBooks (Prefer: respond-async): poll /jobs/{jobId}.",
    "properties": {
        "jobId": {"type": "string"},
        "status": {"type": "string"},
        "objectType": {"const": "job"},
    },
    "required": ["jobId", "status", "objectType"],
}

COUNT: Schema = {
    "type": "object",
    "properties": {"objectType": {"const": "count"}, "count": {"type": "integer"}},
    "required": ["objectType", "count"],
}

DELETED: Schema = {
    "type": "object",
    "description": "The answer of a delete or a void.",
    "properties": {
        "id": {"type": "string"},
        "objectType": {"type": "string"},
        "status": {"enum": ["deleted", "voided"]},
        "deleted": {"type": "boolean"},
        "voided": {"type": "boolean"},
        "refNumber": _STR_OR_NULL,
        "errorMessage": _STR_OR_NULL,
        "errorCode": _STR_OR_NULL,
        "suggestedAction": _STR_OR_NULL,
        "timestamp": {"type": "string"},
    },
    "required": ["id", "objectType", "status"],
}

OBJECT: Schema = {"type": "object", "description": "A JSON object (see the guide)."}

PARAMETERS: dict[str, Schema] = {
    "ConnectionId": {
        "name": "X-Connection-Id",
        "in": "header",
        "required": True,
        "description": "The QuickBooks connection: its id (conn_…), UUID or externalId.",
        "schema": {"type": "string", "minLength": 1},
    },
    "TimeoutSeconds": {
        "name": "X-Nxus-Timeout-Seconds",
        "in": "header",
        "required": False,
        "description": "How long to wait for QuickBooks (capped by the server).",
        "schema": {"type": "number", "exclusiveMinimum": 0},
    },
    "Prefer": {
        "name": "Prefer",
        "in": "header",
        "required": False,
        "description": "respond-async: answer 202 with a job at once instead of waiting.",
        "schema": {"type": "string", "enum": ["respond-async"]},
    },
    "IdempotencyKey": {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "description": "Replays the first answer of a write sent again with the same key.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    },
    "Limit": {
        "name": "limit",
        "in": "query",
        "required": False,
        "schema": {"type": "integer", "minimum": 1},
    },
    "Cursor": {
        "name": "cursor",
        "in": "query",
        "required": False,
        "description": "nextCursor of the previous page.",
        "schema": {"type": "string"},
    },
}


def components() -> Schema:
    return {
        "securitySchemes": {
            "bearerAuth": {
                "type": "http",
                "scheme": "bearer",
                "description": "An API key (sk_live_… or sk_test_…) in Authorization: Bearer.",
            }
        },
        "parameters": PARAMETERS,
        "schemas": {
            "Error": ERROR,
            "ListPage": LIST_PAGE,
            "Job": JOB,
            "Count": COUNT,
            "Deleted": DELETED,
            "Reference": REFERENCE,
            "Object": OBJECT,
        },
        "responses": {
            "Error": {
                "description": "An error (the envelope names the code and the field).",
                "content": {"application/json": {"schema": ref("Error")}},
            },
            "Job": {
                "description": "Queued: poll the job.",
                "content": {"application/json": {"schema": ref("Job")}},
            },
        },
    }
