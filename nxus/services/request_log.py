"""The request log of /api/v1: one row per authenticated call (time, key name, method, path
without the query string, status, latency, connection, requestId, error code). Never a
body, a query string or a secret.

Cheap: a call appends a tuple to an in-process buffer; the delivery worker writes the buffer
with one multi-row INSERT per pass (at most WEBHOOK_POLL_SECONDS later), and a full buffer
(FLUSH_AT rows) is written at once. Without a worker in the process (tests, CLI) every call is
written as it ends. Entries still buffered when a process is killed are lost: the log is for
people, not for accounting."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from flask import Flask
from sqlalchemy import and_, func, insert, or_, select
from sqlalchemy.orm import Session

from nxus.db import new_session
from nxus.models.events import RequestLogEntry

FLUSH_AT = 200
_EXT = "nxus.request_log"


@dataclass(frozen=True)
class Entry:
    organization_id: uuid.UUID
    mode: str | None
    api_key_id: uuid.UUID | None
    key_name: str | None
    created_at: datetime
    method: str
    path: str
    status: int
    latency_ms: float
    connection_id: uuid.UUID | None
    request_id: str
    error_code: str | None


class Buffer:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rows: list[dict[str, Any]] = []

    def take(self) -> list[dict[str, Any]]:
        with self.lock:
            rows, self.rows = self.rows, []
        return rows


def _buffer(app: Flask) -> Buffer:
    buffer = app.extensions.get(_EXT)
    if buffer is None:
        buffer = app.extensions.setdefault(_EXT, Buffer())
    return buffer


def enabled(config: Mapping[str, Any]) -> bool:
    return float(config["REQUEST_LOG_RETENTION_DAYS"]) > 0


def add(app: Flask, entry: Entry, *, write_now: bool, db: Session | None = None) -> None:
    """Buffer an entry; write the buffer now when asked or full (with `db`, the caller's
    session: its transaction is ended first, so no second connection waits for its lock)."""
    buffer = _buffer(app)
    with buffer.lock:
        buffer.rows.append(asdict(entry))
        full = len(buffer.rows) >= FLUSH_AT
    if write_now or full:
        flush(app, db)


def flush(app: Flask, db: Session | None = None) -> int:
    """Write the buffered entries (one INSERT); returns how many."""
    rows = _buffer(app).take()
    if not rows:
        return 0
    if db is not None:
        db.rollback()
        _write(db, rows)
        return len(rows)
    with new_session(app) as own:
        _write(own, rows)
    return len(rows)


def _write(db: Session, rows: list[dict[str, Any]]) -> None:
    db.execute(insert(RequestLogEntry.__table__), rows)
    db.commit()


@dataclass(frozen=True)
class Filters:
    status_class: int | None = None  # 2, 4 or 5
    connection_id: uuid.UUID | None = None
    path: str | None = None  # a substring of the path
    key_name: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    mode: str | None = None


def search(
    db: Session,
    organization_id: uuid.UUID,
    filters: Filters,
    before: tuple[datetime, int] | None,
    limit: int,
) -> tuple[list[RequestLogEntry], int]:
    """Newest first, after the cursor `before` (created_at, id); and the total that match."""
    where: list[Any] = [RequestLogEntry.organization_id == organization_id]
    if filters.mode is not None:
        where.append(RequestLogEntry.mode == filters.mode)
    if filters.status_class is not None:
        low = filters.status_class * 100
        where += [RequestLogEntry.status >= low, RequestLogEntry.status < low + 100]
    if filters.connection_id is not None:
        where.append(RequestLogEntry.connection_id == filters.connection_id)
    if filters.path:
        where.append(RequestLogEntry.path.contains(filters.path, autoescape=True))
    if filters.key_name:
        where.append(RequestLogEntry.key_name == filters.key_name)
    if filters.since is not None:
        where.append(RequestLogEntry.created_at >= filters.since)
    if filters.until is not None:
        where.append(RequestLogEntry.created_at < filters.until)
    total = int(db.scalar(select(func.count()).select_from(RequestLogEntry).where(*where)) or 0)
    if before is not None:
        at, last = before
        where.append(
            or_(
                RequestLogEntry.created_at < at,
                and_(RequestLogEntry.created_at == at, RequestLogEntry.id < last),
            )
        )
    rows = db.scalars(
        select(RequestLogEntry)
        .where(*where)
        .order_by(RequestLogEntry.created_at.desc(), RequestLogEntry.id.desc())
        .limit(limit)
    ).all()
    return list(rows), total


def as_json(row: RequestLogEntry) -> dict[str, Any]:
    from nxus.formats import iso

    return {
        "id": f"rl_{row.id}",
        "objectType": "request",
        "createdAt": iso(row.created_at),
        "keyName": row.key_name,
        "method": row.method,
        "path": row.path,
        "status": row.status,
        "latencyMs": row.latency_ms,
        "connectionId": f"conn_{row.connection_id.hex}" if row.connection_id else None,
        "requestId": row.request_id,
        "errorCode": row.error_code,
    }
