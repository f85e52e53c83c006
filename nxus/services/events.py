"""Events: what happened to jobs, connections and API keys, written in the transaction of the
change itself (`emit` adds a row, never commits) and read by GET /api/v1/events and the
webhook worker (nxus.services.webhook_delivery).

Hook sites call one function each:
    job_finished        job_claims.complete_if_sent / fail_job / recover_orphaned_jobs
    checked_in          authenticate (a Web Connector check-in): connection.connected
    diagnosed           diagnostics.record: connection.error for errors
    api_key_changed     api_keys.create_api_key / revoke
`mark_stale` (the worker's periodic scan) emits connection.stale once per quiet spell.

Job events are emitted when the session commits (`before_commit`), from the job's final row:
a failure's error kind may be set after fail_job returns.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import and_, bindparam, func, insert, or_, select, update
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

from nxus.db import utcnow
from nxus.formats import iso
from nxus.models import ApiKey, Connection
from nxus.models.events import ConnectionPresence, Event
from nxus.models.qbwc import Job, QbwcDiagnostic

PREFIX = "evt_"
JOB_SUCCEEDED = "job.succeeded"
JOB_FAILED = "job.failed"
CONNECTED = "connection.connected"
STALE = "connection.stale"
CONNECTION_ERROR = "connection.error"
KEY_CREATED = "api_key.created"
KEY_REVOKED = "api_key.revoked"
TEST = "webhook.test"
TYPES = (
    JOB_SUCCEEDED,
    JOB_FAILED,
    CONNECTED,
    STALE,
    CONNECTION_ERROR,
    KEY_CREATED,
    KEY_REVOKED,
)
KEY_MODES = {"test": "development", "live": "production"}
_PENDING = "nxus.pending_job_events"
_EVENTS = Event.__table__


def public_id(event_id: uuid.UUID) -> str:
    return f"{PREFIX}{event_id.hex}"


def parse_id(ref: str) -> uuid.UUID | None:
    if not ref.startswith(PREFIX):
        return None
    try:
        return uuid.UUID(ref.removeprefix(PREFIX))
    except ValueError:
        return None


def emit(
    db: Session,
    organization_id: uuid.UUID,
    type_: str,
    data: Mapping[str, Any],
    *,
    mode: str | None,
    connection_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> uuid.UUID:
    """Add an event row to the session's transaction (no commit); returns its id."""
    event_id = uuid.uuid4()
    db.execute(
        insert(_EVENTS),
        {
            "id": event_id,
            "organization_id": organization_id,
            "mode": mode,
            "type": type_,
            "connection_id": connection_id,
            "created_at": now or utcnow(),
            "data": json.dumps(data, separators=(",", ":"), default=str),
            "dispatched": False,
        },
    )
    return event_id


def as_json(event: Event) -> dict[str, Any]:
    """The public shape {id, objectType, type, createdAt, connectionId, data}."""
    return envelope(event.id, event.type, event.created_at, event.connection_id, event.data)


def envelope(
    event_id: uuid.UUID,
    type_: str,
    created_at: datetime,
    connection_id: uuid.UUID | None,
    data: str,
) -> dict[str, Any]:
    return {
        "id": public_id(event_id),
        "objectType": "event",
        "type": type_,
        "createdAt": iso(created_at),
        "connectionId": f"conn_{connection_id.hex}" if connection_id else None,
        "data": json.loads(data),
    }


# --- jobs -------------------------------------------------------------------------------------


def job_finished(db: Session, job_id: uuid.UUID, row: Any = None) -> None:
    """job.succeeded / job.failed for this job, emitted when the session commits. `row`: the
    job's final row (JOB_EVENT_RETURNING of the statement that finished it), read then
    instead of once more at the commit."""
    db.info.setdefault(_PENDING, {})[job_id] = row


@sa_event.listens_for(Session, "before_commit")
def _emit_pending_job_events(db: Session) -> None:
    pending = db.info.pop(_PENDING, None)
    if not pending:
        return
    db.flush()
    for job_id, row in pending.items():
        _emit_job_event(db, job_id, row)


@sa_event.listens_for(Session, "after_soft_rollback")
def _forget_pending(db: Session, _previous: Any) -> None:
    db.info.pop(_PENDING, None)


# Everything a job event needs but the bodies (QuickBooks' answer may be megabytes), with the
# connection's organization and mode: one statement on the exchange's hot path.
_J = Job.__table__
_C = Connection.__table__
_JOB_COLUMNS = [c for c in _J.c if c.name not in ("request_body", "response_body")]
_JOB_ROW = (
    select(*_JOB_COLUMNS, _C.c.organization_id, _C.c.mode)
    .join(_C, _C.c.id == _J.c.connection_id)
    .where(_J.c.id == bindparam("b_job"))
)
# The same facts as the RETURNING of a statement that finishes a job (job_claims.complete_if_sent).
JOB_EVENT_RETURNING = (
    *_JOB_COLUMNS,
    select(_C.c.organization_id)
    .where(_C.c.id == _J.c.connection_id)
    .scalar_subquery()
    .label("organization_id"),
    select(_C.c.mode).where(_C.c.id == _J.c.connection_id).scalar_subquery().label("mode"),
)


# How a finished job reads in its event: the job as the API shows it, with the API's error
# shape for a failure. That is the QuickBooks calls' knowledge (nxus.quickbooks.job_events,
# a layer above this one), so it is handed down when the app is created.
JobDescriber = Callable[[Session, Any], tuple[str, dict[str, Any]]]
_describe_job: JobDescriber | None = None


def describe_jobs_with(describer: JobDescriber) -> None:
    global _describe_job
    _describe_job = describer


def _emit_job_event(db: Session, job_id: uuid.UUID, row: Any = None) -> None:
    if _describe_job is None:
        raise RuntimeError("job events need nxus.quickbooks.init_app (create_app calls it)")
    if row is None:
        row = db.connection().execute(_JOB_ROW, {"b_job": job_id}).first()
    if row is None or row.state not in ("done", "failed", "unknown"):
        return
    type_, data = _describe_job(db, row)
    emit(
        db,
        row.organization_id,
        type_,
        data,
        mode=row.mode,
        connection_id=row.connection_id,
        now=row.finished_at,
    )


# --- connections ------------------------------------------------------------------------------


def stale_after(config: Mapping[str, Any]) -> timedelta:
    """NXUS_CONNECTION_STALE_AFTER_SECONDS, else 3 x the .qwc schedule and at least 15 minutes."""
    configured = float(config.get("CONNECTION_STALE_AFTER_SECONDS") or 0)
    if configured > 0:
        return timedelta(seconds=configured)
    return timedelta(seconds=max(3 * int(config["QWC_RUN_EVERY_N_SECONDS"]), 900))


def _connection_data(conn: Connection, **extra: Any) -> dict[str, Any]:
    return {
        "object": {
            "id": conn.public_id,
            "objectType": "connection",
            "description": conn.description,
            "externalId": conn.external_id,
            "companyName": conn.company_name,
            "lastCheckInAt": iso(conn.last_poll_at),
            **extra,
        }
    }


def checked_in(db: Session, conn: Connection, now: datetime) -> None:
    """The Web Connector checked in (authenticate accepted), before last_poll_at is updated:
    connection.connected at the first check-in and after a quiet spell (no commit)."""
    presence = db.get(ConnectionPresence, conn.id, with_for_update=True)
    previous = conn.last_poll_at
    limit = stale_after(current_app.config) if has_app_context() else timedelta(minutes=15)
    quiet = previous is not None and now - previous > limit
    if presence is None:
        db.add(ConnectionPresence(connection_id=conn.id, first_check_in_at=now))
        if previous is not None and not quiet:
            return  # checked in before events existed (an upgrade): nothing new happened
        reason = "first_check_in" if previous is None else "returned"
    elif presence.stale_since is not None or quiet:
        presence.stale_since = None
        reason = "returned"
    else:
        return
    data = _connection_data(conn, checkInAt=iso(now), reason=reason)
    data["object"]["previousCheckInAt"] = iso(previous)
    emit(db, conn.organization_id, CONNECTED, data, mode=conn.mode, connection_id=conn.id, now=now)


def mark_stale(db: Session, config: Mapping[str, Any], now: datetime) -> list[uuid.UUID]:
    """connection.stale for every active connection quiet for longer than the threshold, once
    per quiet spell (a conditional UPDATE claims it). No commit; returns the event ids."""
    cutoff = now - stale_after(config)
    rows = db.scalars(
        select(Connection)
        .join(ConnectionPresence, ConnectionPresence.connection_id == Connection.id)
        .where(
            ConnectionPresence.stale_since.is_(None),
            Connection.last_poll_at < cutoff,
            Connection.archived_at.is_(None),
            Connection.is_active.is_(True),
        )
        .limit(500)
    ).all()
    made = []
    for conn in rows:
        claimed = db.execute(
            update(ConnectionPresence)
            .where(
                ConnectionPresence.connection_id == conn.id,
                ConnectionPresence.stale_since.is_(None),
            )
            .values(stale_since=now)
            .execution_options(synchronize_session=False)
        )
        if not claimed.rowcount:  # type: ignore[attr-defined]
            continue  # another worker took it
        quiet = int((now - conn.last_poll_at).total_seconds()) if conn.last_poll_at else None
        data = _connection_data(
            conn,
            quietForSeconds=quiet,
            staleAfterSeconds=int(stale_after(config).total_seconds()),
        )
        made.append(
            emit(db, conn.organization_id, STALE, data, mode=conn.mode, connection_id=conn.id)
        )
    return made


def diagnosed(db: Session, diagnostic: QbwcDiagnostic) -> None:
    """connection.error for a diagnostic of severity error, with its plain-language text."""
    if diagnostic.severity != "error":
        return
    conn = db.get(Connection, diagnostic.connection_id)
    if conn is None:
        return
    data = _connection_data(conn)
    data["error"] = {
        "code": diagnostic.code,
        "title": diagnostic.title,
        "explanation": diagnostic.explanation,
        "fix": diagnostic.fix,
        "supportUrl": f"/support#{diagnostic.support_anchor}",
        "detail": diagnostic.detail,
        "source": diagnostic.source,
    }
    emit(
        db,
        conn.organization_id,
        CONNECTION_ERROR,
        data,
        mode=conn.mode,
        connection_id=conn.id,
        now=diagnostic.created_at,
    )


# --- API keys ---------------------------------------------------------------------------------


def api_key_changed(db: Session, api_key: ApiKey, type_: str) -> None:
    """api_key.created / api_key.revoked (never the key itself; no commit)."""
    if api_key.id is None:
        db.flush()
    data = {
        "object": {
            "id": f"key_{api_key.id.hex}",
            "objectType": "api_key",
            "name": api_key.name,
            "mode": api_key.mode,
            "displayPrefix": api_key.display_prefix,
            "createdAt": iso(api_key.created_at),
            "expiresAt": iso(api_key.expires_at),
            "revokedAt": iso(api_key.revoked_at),
        }
    }
    emit(db, api_key.organization_id, type_, data, mode=KEY_MODES.get(api_key.mode))


# --- reading ----------------------------------------------------------------------------------


def visible(organization_id: uuid.UUID, mode: str) -> Any:
    """The events a key of this organization and connection mode may see."""
    return (Event.organization_id == organization_id) & (
        Event.mode.is_(None) | (Event.mode == mode)
    )


def find(db: Session, organization_id: uuid.UUID, mode: str, ref: str) -> Event | None:
    event_id = parse_id(ref)
    if event_id is None:
        return None
    return db.scalars(
        select(Event).where(Event.id == event_id, visible(organization_id, mode))
    ).first()


def list_page(
    db: Session,
    organization_id: uuid.UUID,
    mode: str,
    *,
    types: list[str],
    connection_id: uuid.UUID | None,
    created_after: datetime | None,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> tuple[list[Event], int]:
    """Newest first, after the cursor `before` (created_at, id); and the total that match."""
    where = [visible(organization_id, mode)]
    if types:
        where.append(Event.type.in_(types))
    if connection_id is not None:
        where.append(Event.connection_id == connection_id)
    if created_after is not None:
        where.append(Event.created_at > created_after)
    total = int(db.scalar(select(func.count()).select_from(Event).where(*where)) or 0)
    if before is not None:
        at, last_id = before
        where.append(or_(Event.created_at < at, and_(Event.created_at == at, Event.id < last_id)))
    rows = db.scalars(
        select(Event).where(*where).order_by(Event.created_at.desc(), Event.id.desc()).limit(limit)
    ).all()
    return list(rows), total
