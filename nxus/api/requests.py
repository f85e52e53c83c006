"""The request log: every authenticated /api/v1 call is recorded (blueprint hooks below) and
listed by GET /requests (newest first; filters status (2xx/4xx/5xx or 2/4/5), connectionId,
path (a substring), keyName, since, until)."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from flask import Response, current_app, g, request

from nxus.api import pagination
from nxus.api.blueprint import api_bp
from nxus.api.errors import validation_error
from nxus.api.events import parse_time
from nxus.api.helpers import current_scope, ok, resolve_connection
from nxus.db import get_session, utcnow
from nxus.logs import request_id
from nxus.services import request_log, webhook_worker


@api_bp.before_request
def _started() -> None:
    g.nxus_started = time.perf_counter()


@api_bp.after_request
def _logged(response: Response) -> Response:
    """One entry per authenticated call (an unauthenticated one belongs to nobody)."""
    api_key = g.get("nxus_api_key")
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if api_key is None or not request_log.enabled(app.config):
        return response
    started = g.get("nxus_started")
    latency = (time.perf_counter() - started) * 1000 if started else 0.0
    error_code = None
    if response.status_code >= 400 and response.is_json:
        error = (response.get_json(silent=True) or {}).get("error")
        error_code = error.get("code") if isinstance(error, dict) else None
    entry = request_log.Entry(
        organization_id=api_key.organization_id,
        mode=request_log_mode(api_key.mode),
        api_key_id=api_key.id,
        key_name=api_key.name,
        created_at=utcnow(),
        method=request.method,
        path=request.path[:300],
        status=response.status_code,
        latency_ms=round(latency, 2),
        connection_id=g.get("nxus_connection_id"),
        request_id=request_id(),
        error_code=error_code,
    )
    write_now = not webhook_worker.worker_running(app)
    request_log.add(app, entry, write_now=write_now, db=get_session())
    return response


def request_log_mode(key_mode: str) -> str:
    return {"test": "development", "live": "production"}.get(key_mode, key_mode)


def _status_class(raw: str | None) -> int | None:
    if not raw:
        return None
    value = raw.strip().lower().removesuffix("xx")
    if value not in ("1", "2", "3", "4", "5"):
        raise validation_error(f"status must be 2xx, 4xx or 5xx, not {raw!r}.")
    return int(value)


def _position(state: dict[str, Any] | None) -> tuple[datetime, int] | None:
    if state is None:
        return None
    try:
        return datetime.fromisoformat(state["t"]), int(state["i"])
    except (KeyError, TypeError, ValueError):
        raise validation_error("cursor is not a cursor returned by this API.") from None


def list_requests() -> Response:
    """The organization's API calls made with keys of this key's mode, newest first."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    request_log.flush(app, get_session())
    page = pagination.page_request()
    scope = current_scope()
    args = request.args
    raw_conn = args.get("connectionId")
    filters = request_log.Filters(
        status_class=_status_class(args.get("status")),
        connection_id=resolve_connection(raw_conn).id if raw_conn else None,
        path=args.get("path") or None,
        key_name=args.get("keyName") or None,
        since=parse_time("since", args["since"]) if args.get("since") else None,
        until=parse_time("until", args["until"]) if args.get("until") else None,
        mode=scope.mode,
    )
    rows, total = request_log.search(
        get_session(), scope.organization_id, filters, _position(page.cursor), page.limit
    )
    last = rows[-1] if rows else None
    next_state = (
        {"t": last.created_at.isoformat(), "i": last.id}
        if last is not None and len(rows) == page.limit
        else None
    )
    data = [request_log.as_json(r) for r in rows]
    return ok(pagination.envelope(data, page, total, next_state))
