"""Custom fields (qbXML data extensions) under /api/v1:

    GET    /custom-field-definitions         DataExtDefQuery (ownerIds[] or assignToObjects[])
    POST   /custom-field-definitions         DataExtDefAdd {ownerId?, name, type,
                                             assignToObjects[]}
    POST   /custom-field-definitions/{name}  DataExtDefMod {ownerId?, newName?,
                                             assignToObjects[]?, removeFromObjects[]?}
    DELETE /custom-field-definitions/{name}  DataExtDefDel (?ownerId=)
    POST   /custom-fields                    DataExtAdd {ownerId?, name, value, objectType,
                                             objectId, lineId?}
    PATCH  /custom-fields                    DataExtMod (the same body)
    DELETE /custom-fields                    DataExtDel (the body without value, or as
                                             query parameters)

Bad input is 400 naming the field before anything is queued; a value for a field whose
definition nXus has seen (services.custom_fields) is checked against it too.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, request

from nxus.api.errors import validation_error
from nxus.api.helpers import read_json_object, resolve_connection
from nxus.api.quickbooks import _run, _settings, _timeout, _waiting
from nxus.db import get_session
from nxus.resources import custom_fields as cf
from nxus.resources.model import ResourceValidationError
from nxus.resources.operation import Operation, calls
from nxus.services import custom_fields as learned


def _params() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in request.args:
        if name == "timeoutSeconds":
            continue
        values = request.args.getlist(name)
        many = len(values) > 1 or name.endswith("[]")
        out[name.removesuffix("[]")] = values if many else values[0]
    return out


def _refused(exc: ResourceValidationError) -> Exception:
    return validation_error(f"{exc.field}: {exc.message}" if exc.field else exc.message)


def _call(op: Operation, timeout_limit: float) -> tuple[Response, Any]:
    """Run the call; the answer's JSON too when QuickBooks answered (not 202)."""
    connection = resolve_connection(operational=True)
    try:
        calls(op)  # every field checked before anything is queued
    except ResourceValidationError as exc:
        raise _refused(exc) from None
    response = _run(connection, op, _timeout(timeout_limit))
    body = json.loads(response.get_data()) if response.status_code in (200, 201) else None
    return response, body


@_waiting
def list_custom_field_definitions() -> Response:
    """The custom field definitions of some owners (default: public) or object types."""
    params = _params()
    op = Operation(cf.DEFINITIONS, "list", params=params)
    response, body = _call(op, _settings().list_timeout)
    if body is not None:
        owners = None if params.get("assignToObjects") else cf.owner_ids(params.get("ownerIds"))
        learned.learn(get_session(), _connection_id(), "list", body, owners)
    return response


@_waiting
def create_custom_field_definition() -> Response:
    """Define a custom field (DataExtDefAdd)."""
    op = Operation(cf.DEFINITIONS, "create", data=read_json_object())
    response, body = _call(op, _settings().crud_timeout)
    if body is not None:
        learned.learn(get_session(), _connection_id(), "create", body)
    return response


@_waiting
def change_custom_field_definition(name: str) -> Response:
    """Rename, assign or unassign (DataExtDefMod), or delete (DataExtDefDel) a definition."""
    if request.method == "DELETE":
        op = Operation(cf.DEFINITIONS, "delete", object_id=name, params=_params())
    else:
        op = Operation(cf.DEFINITIONS, "update", object_id=name, data=read_json_object())
    response, body = _call(op, _settings().crud_timeout)
    if body is not None:
        learned.learn(get_session(), _connection_id(), op.action, body, old_name=name)
    return response


@_waiting
def change_custom_field_value() -> Response:
    """Set (DataExtAdd), change (DataExtMod) or remove (DataExtDel) one object's value."""
    action = {"POST": "create", "PATCH": "update", "DELETE": "delete"}[request.method]
    data = read_json_object() or (_params() if action == "delete" else {})
    connection = resolve_connection(operational=True)
    try:
        owner, name = cf.owner_id(data.get("ownerId")), cf.field_name(data.get("name"))
        definition = learned.known(get_session(), connection.id, owner, name)
        cf.value_request(action, data, definition)
    except ResourceValidationError as exc:
        raise _refused(exc) from None
    response, _body = _call(Operation(cf.VALUES, action, data=data), _settings().crud_timeout)
    return response


def _connection_id() -> Any:
    return resolve_connection(operational=True).id
