"""Events: GET /events (newest first, cursor-paginated; filters type, connectionId,
createdAfter) and GET /events/{id}, for the key's organization and mode."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Response, request

from nxus.api import pagination
from nxus.api.errors import not_found, validation_error
from nxus.api.helpers import current_scope, ok, resolve_connection
from nxus.db import get_session
from nxus.services import events


def parse_time(name: str, raw: str) -> datetime:
    """An ISO 8601 time (a Z or an offset; none means UTC), else 400 naming the parameter."""
    try:
        value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise validation_error(
            f"{name} must be an ISO 8601 time such as 2026-01-31T12:00:00Z, not {raw!r}."
        ) from None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def cursor_position(state: dict[str, Any] | None) -> tuple[datetime, uuid.UUID] | None:
    if state is None:
        return None
    try:
        return datetime.fromisoformat(state["t"]), uuid.UUID(state["i"])
    except (KeyError, TypeError, ValueError):
        raise validation_error("cursor is not a cursor returned by this API.") from None


def _types() -> list[str]:
    types = [t.strip() for raw in request.args.getlist("type") for t in raw.split(",") if t.strip()]
    unknown = [t for t in types if t not in (*events.TYPES, events.TEST)]
    if unknown:
        raise validation_error(
            f"type: unknown event type {unknown[0]!r}; known: {', '.join(events.TYPES)}."
        )
    return types


def list_events() -> Response:
    """The organization's events (of the key's mode), newest first."""
    page = pagination.page_request()
    scope = current_scope()
    raw_conn = request.args.get("connectionId")
    connection_id = resolve_connection(raw_conn).id if raw_conn else None
    raw_after = request.args.get("createdAfter")
    created_after = parse_time("createdAfter", raw_after) if raw_after else None
    rows, total = events.list_page(
        get_session(),
        scope.organization_id,
        scope.mode,
        types=_types(),
        connection_id=connection_id,
        created_after=created_after,
        before=cursor_position(page.cursor),
        limit=page.limit,
    )
    last = rows[-1] if rows else None
    next_state = (
        {"t": last.created_at.isoformat(), "i": str(last.id)}
        if last is not None and len(rows) == page.limit
        else None
    )
    data = [events.as_json(e) for e in rows]
    return ok(pagination.envelope(data, page, total, next_state))


def retrieve_event(ref: str) -> Response:
    """One event of this key's organization and mode (anything else: 404)."""
    scope = current_scope()
    event = events.find(get_session(), scope.organization_id, scope.mode, ref)
    if event is None:
        raise not_found(f"No event {ref!r} exists for this API key.")
    return ok(events.as_json(event))
