"""The custom field paths and schemas of the OpenAPI document (nxus.api.custom_fields), with
the enumerations read from the qbXML schema through nxus.resources.custom_fields."""

from __future__ import annotations

from typing import Any

from nxus.openapi.components import ref
from nxus.resources import custom_fields as cf

Schema = dict[str, Any]
PREFIX = "/api/v1"
_STR = {"type": "string"}
_OWNER = {
    "type": "string",
    "description": '"0" (public: shown in QuickBooks, the default) or a GUID (private data).',
    "examples": ["0"],
}


def _name(description: str) -> Schema:
    return {"type": "string", "minLength": 1, "maxLength": 31, "description": description}


def _objects() -> Schema:
    return {"type": "array", "items": {"type": "string", "enum": list(cf.assignable_objects())}}


def schemas() -> dict[str, Schema]:
    kinds = [*cf.list_object_types(), *cf.txn_object_types(), *cf.other_object_types()]
    definition = {
        "type": "object",
        "properties": {
            "id": {"type": ["string", "null"]},
            "objectType": {"const": cf.DEFINITION_OBJECT},
            "ownerId": _STR,
            "name": _STR,
            "type": {"type": "string", "enum": list(cf.field_types())},
            "assignToObjects": _objects(),
            "formatString": {"type": ["string", "null"]},
        },
        "required": ["objectType", "ownerId", "name", "type", "assignToObjects"],
    }
    value = {
        "type": "object",
        "properties": {
            "objectType": {"const": cf.VALUE_OBJECT},
            "ownerId": _STR,
            "name": _STR,
            "type": {"type": ["string", "null"]},
            "value": {"type": ["string", "null"]},
            "object": {
                "type": "object",
                "properties": {
                    "type": _STR,
                    "id": {"type": ["string", "null"]},
                    "lineId": {"type": ["string", "null"]},
                },
            },
            "status": _STR,
            "deleted": {"type": "boolean"},
        },
        "required": ["objectType", "ownerId", "name", "object"],
    }
    target = {
        "ownerId": _OWNER,
        "name": _name("The custom field's name."),
        "objectType": {"type": "string", "enum": kinds, "description": "QuickBooks' object."},
        "objectId": {"type": "string", "maxLength": 36, "description": "Its id (not Company)."},
        "lineId": {"type": "string", "maxLength": 36, "description": "A transaction line."},
    }
    return {
        "CustomFieldDefinition": definition,
        "CustomFieldDefinitionList": {
            "type": "object",
            "properties": {
                "objectType": {"const": "list"},
                "data": {"type": "array", "items": ref("CustomFieldDefinition")},
                "count": {"type": "integer"},
                "hasMore": {"type": "boolean"},
            },
            "required": ["data", "count"],
        },
        "CustomFieldDefinitionCreate": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "ownerId": _OWNER,
                "name": _name("Unique per owner."),
                "type": {"type": "string", "enum": list(cf.field_types())},
                "assignToObjects": _objects(),
            },
            "required": ["name", "type"],
        },
        "CustomFieldDefinitionUpdate": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "ownerId": _OWNER,
                "name": _name("The path's name, if sent."),
                "newName": _name("Rename the field."),
                "assignToObjects": _objects(),
                "removeFromObjects": _objects(),
            },
        },
        "CustomFieldValue": value,
        "CustomFieldValueWrite": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                **target,
                "value": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": cf.MAX_LONG_VALUE,
                    "description": "At most 255 characters in a public field.",
                },
            },
            "required": ["name", "value", "objectType"],
        },
    }


def _operation(op_id: str, summary: str, answer: str, code: str = "200", **more: Any) -> Schema:
    return {
        "operationId": op_id,
        "summary": summary,
        "tags": ["Custom fields"],
        "parameters": [
            ref("ConnectionId", "parameters"),
            ref("TimeoutSeconds", "parameters"),
            ref("Prefer", "parameters"),
            *more.pop("parameters", []),
        ],
        "responses": {
            code: {
                "description": summary,
                "content": {"application/json": {"schema": ref(answer)}},
            },
            "202": {"$ref": "#/components/responses/Job"},
            "default": {"$ref": "#/components/responses/Error"},
        },
        **more,
    }


def _body(name: str) -> Schema:
    return {"required": True, "content": {"application/json": {"schema": ref(name)}}}


def _query(name: str, schema: Schema) -> Schema:
    return {"name": name, "in": "query", "required": False, "schema": schema}


def paths() -> dict[str, dict[str, Schema]]:
    owners = {"type": "array", "items": _STR}
    by_name = {"name": "name", "in": "path", "required": True, "schema": _name("The field.")}
    update = dict(parameters=[by_name], requestBody=_body("CustomFieldDefinitionUpdate"))
    value = dict(requestBody=_body("CustomFieldValueWrite"))
    return {
        f"{PREFIX}/custom-field-definitions": {
            "get": _operation(
                "custom_field_definitions_list",
                "List custom field definitions",
                "CustomFieldDefinitionList",
                parameters=[_query("ownerIds", owners), _query("assignToObjects", _objects())],
            ),
            "post": _operation(
                "custom_field_definitions_create",
                "Define a custom field",
                "CustomFieldDefinition",
                "201",
                requestBody=_body("CustomFieldDefinitionCreate"),
            ),
        },
        f"{PREFIX}/custom-field-definitions/{{name}}": {
            "post": _operation(
                "custom_field_definitions_update",
                "Change a custom field definition",
                "CustomFieldDefinition",
                **update,
            ),
            "patch": _operation(
                "custom_field_definitions_update_patch",
                "Change a custom field definition (PATCH)",
                "CustomFieldDefinition",
                **update,
            ),
            "delete": _operation(
                "custom_field_definitions_delete",
                "Delete a custom field definition and its values",
                "Object",
                parameters=[by_name, _query("ownerId", _OWNER)],
            ),
        },
        f"{PREFIX}/custom-fields": {
            "post": _operation(
                "custom_fields_create", "Set a custom field", "CustomFieldValue", "201", **value
            ),
            "patch": _operation(
                "custom_fields_update", "Change a custom field", "CustomFieldValue", **value
            ),
            "delete": _operation(
                "custom_fields_delete",
                "Remove a custom field's value",
                "CustomFieldValue",
                parameters=[
                    _query("ownerId", _OWNER),
                    _query("name", _STR),
                    _query("objectType", _STR),
                    _query("objectId", _STR),
                    _query("lineId", _STR),
                ],
            ),
        },
    }
