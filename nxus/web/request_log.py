"""The request log in the portal: the organization's /api/v1 calls, newest first, filtered by
status class, connection, path, key and time range (GET form: filters are bookmarkable)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Blueprint, Flask, current_app, render_template, request
from flask_login import current_user, login_required

from nxus.db import get_session, utcnow
from nxus.services import accounts, connections, request_log

bp = Blueprint("request_log", __name__, url_prefix="/settings/request-log")
PAGE = 100
RANGES = {"1h": timedelta(hours=1), "24h": timedelta(days=1), "7d": timedelta(days=7)}


def _time(raw: str | None) -> datetime | None:
    """A datetime-local value (taken as UTC); None when empty or malformed."""
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@bp.get("")
@login_required
def index() -> str:
    """The request log with its filters."""
    session = get_session()
    org = accounts.organization_of(session, current_user)
    request_log.flush(current_app._get_current_object(), session)  # type: ignore[attr-defined]
    args = request.args
    own = connections.for_organization(session, org.id)
    conn_ids = {c.id.hex: c.id for c in own}
    status = args.get("status", "")
    since = _time(args.get("since"))
    if args.get("range") in RANGES:
        since = utcnow() - RANGES[args["range"]]
    filters = request_log.Filters(
        status_class=int(status[0]) if status in ("2xx", "4xx", "5xx") else None,
        connection_id=conn_ids.get(args.get("connection", "")),
        path=(args.get("path") or "").strip()[:300] or None,
        key_name=(args.get("key") or "").strip()[:100] or None,
        since=since,
        until=_time(args.get("until")),
    )
    before = None
    if args.get("before_t") and args.get("before_id", "").isdigit():
        at = _time(args["before_t"])
        before = (at, int(args["before_id"])) if at else None
    rows, total = request_log.search(session, org.id, filters, before, PAGE)
    names = {c.id: c.description or c.public_id for c in own}
    return render_template(
        "request_log/index.html",
        rows=rows,
        total=total,
        page_size=PAGE,
        connections=own,
        names=names,
        args=args,
        older=rows[-1] if len(rows) == PAGE else None,
    )


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
