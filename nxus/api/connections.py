"""Connections: POST/GET /connections, GET/PATCH(POST)/DELETE /connections/{id},
POST /connections/{id}/restore, DELETE /connections/{id}/permanent."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from flask import Response, request

from nxus.api import pagination
from nxus.api.context import current_api_key
from nxus.api.errors import ApiError, validation_error
from nxus.api.helpers import Field, current_scope, json_body, ok, resolve_connection
from nxus.db import get_session
from nxus.formats import iso
from nxus.models import Connection
from nxus.services import connections, member_actions
from nxus.services.errors import ValidationFailed

# The SDK's CreateConnectionRequest.mode: 0/"development" or 1/"production"; it must agree
# with the key (a test key makes development connections, a live key production ones).
_MODE_VALUES: dict[Any, str] = {
    0: "development",
    1: "production",
    "development": "development",
    "production": "production",
}

CREATE_FIELDS = {
    "description": Field((str,), max_length=connections.DESCRIPTION_MAX),
    "externalId": Field((str,), max_length=connections.EXTERNAL_ID_MAX),
    "mode": Field((int, str)),
}
UPDATE_FIELDS = {
    "description": Field((str,), max_length=connections.DESCRIPTION_MAX),
    "externalId": Field((str,), max_length=connections.EXTERNAL_ID_MAX),
    "isActive": Field((bool,), nullable=False),
    # Beyond nXus: the company file's IANA time zone ("" clears: COMPANY_TIME_ZONE).
    "timeZone": Field((str,), max_length=connections.TIME_ZONE_MAX),
}


def connection_json(c: Connection) -> dict[str, Any]:
    """The ConnectionResponse of the nXus API; absent values are null."""
    archived = c.archived_at is not None
    restriction = "archived" if archived else (None if c.is_active else "inactive")
    return {
        "id": c.public_id,
        "objectType": "connection",
        "externalId": c.external_id,
        "description": c.description,
        "mode": c.mode,
        "lifecycleState": "archived" if archived else "active",
        "restrictionReason": restriction,
        "isActive": c.is_active,
        "isArchived": archived,
        "isOperational": c.is_active and not archived,
        "requiresPayment": False,
        "billingStatus": None,
        "billingUrl": None,
        "billingCheckoutEndpoint": None,
        "companyName": c.company_name,
        "companyFile": c.company_file,
        "edition": c.edition,
        # Beyond the hosted response: the company file's own time zone (null: the server's
        # COMPANY_TIME_ZONE), which updatedAfter/deletedAfter bounds with an offset are read in.
        "timeZone": c.time_zone,
        "lastConnectedAt": iso(c.last_connected_at),
        "createdAt": iso(c.created_at),
        "updatedAt": iso(c.updated_at),
    }


def _validation(exc: ValidationFailed) -> ApiError:
    return validation_error(exc.message)


def create_connection() -> Response:
    """Create a connection in the key's mode."""
    body = json_body(CREATE_FIELDS)
    scope = current_scope()
    if body.get("mode") is not None:
        wanted = _MODE_VALUES.get(body["mode"])
        if wanted is None:
            raise validation_error("mode must be development (0) or production (1).")
        if wanted != scope.mode:
            raise ApiError(
                "KEY_MODE_MISMATCH",
                f"A {'sk_test_' if scope.mode == 'development' else 'sk_live_'} key creates "
                f"{scope.mode} connections; use the other kind of key for a {wanted} one.",
            )
    try:
        connection = connections.create(
            get_session(), scope, body.get("description"), body.get("externalId")
        )
    except ValidationFailed as exc:
        raise _validation(exc) from None
    _audit("connection.created", connection)
    return ok(connection_json(connection), 201)


def _audit(kind: str, connection: Connection) -> None:
    member_actions.record_api_action(
        get_session(), current_api_key(), kind, connection, request.remote_addr
    )


def _after(state: dict[str, Any] | None) -> tuple[datetime, uuid.UUID] | None:
    if state is None:
        return None
    try:
        return datetime.fromisoformat(state["t"]), uuid.UUID(state["i"])
    except (KeyError, TypeError, ValueError):
        raise validation_error("cursor is not a cursor returned by this API.") from None


def list_connections() -> Response:
    """The key's connections, oldest first, cursor-paginated."""
    page = pagination.page_request()
    session = get_session()
    scope = current_scope()
    items = connections.list_after(session, scope, _after(page.cursor), page.limit)
    total = connections.count(session, scope)
    last = items[-1] if items else None
    next_state = (
        {"t": last.created_at.isoformat(), "i": last.id.hex}
        if last is not None and len(items) == page.limit
        else None
    )
    data = [connection_json(c) for c in items]
    return ok(pagination.envelope(data, page, total, next_state))


def retrieve_connection(ref: str) -> Response:
    """One connection by conn_ id, UUID or externalId."""
    return ok(connection_json(resolve_connection(ref)))


def update_connection(ref: str) -> Response:
    """Change description, externalId ("" clears), isActive or timeZone. POST is what the SDK
    sends."""
    connection = resolve_connection(ref)
    body = json_body(UPDATE_FIELDS)
    try:
        connections.update(get_session(), connection, body)
    except ValidationFailed as exc:
        raise _validation(exc) from None
    return ok(connection_json(connection))


def archive_connection(ref: str) -> Response:
    """Archive: the Web Connector password is revoked and /qbwc refuses the connection."""
    connection = resolve_connection(ref)
    connections.archive(get_session(), connection)
    _audit("connection.archived", connection)
    return ok(connection_json(connection))


def restore_connection(ref: str) -> Response:
    """Undo an archive (generate a new Web Connector password afterwards)."""
    connection = resolve_connection(ref)
    connections.restore(get_session(), connection)
    _audit("connection.restored", connection)
    return ok(connection_json(connection))


def delete_connection_permanently(ref: str) -> Response:
    """Delete the connection and everything that belongs to it."""
    connection = resolve_connection(ref)
    public_id = connection.public_id
    connections.delete_permanently(get_session(), connection)
    _audit("connection.deleted", connection)
    return ok({"id": public_id, "objectType": "connection", "deleted": True})
