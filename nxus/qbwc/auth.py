"""serverVersion, clientVersion and authenticate: who may open a session, and whether one opens.

authenticate checks the argon2 password with no transaction open (it takes ~100 ms), throttled
per user name across processes; it then opens a session (a hashed ticket row) when there is
work, or answers "none" / "busy".
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from nxus.models.connections import Connection
from nxus.models.qbwc import Job, QbwcSession
from nxus.qbwc.common import (
    CLOSED,
    ENDED_TEXT,
    OPEN,
    SERVER_VERSION,
    Outcome,
    Settings,
    hash_ticket,
)
from nxus.security import random_token, verify_password
from nxus.services import diagnostics, events, job_claims, jobs, throttle

log = logging.getLogger("nxus.qbwc")


def _version_tuple(text: str) -> tuple[int, ...] | None:
    parts = text.strip().split(".")
    if not text.strip() or not all(p.isdigit() for p in parts):
        return None
    return tuple(int(p) for p in parts)


def server_version() -> Outcome:
    return Outcome(SERVER_VERSION, result=SERVER_VERSION)


def client_version(settings: Settings, version: str) -> Outcome:
    """ "" = go on; "O:<min>" = QBWC must be upgraded to <min>; "W:…" = a warning."""
    seen = _version_tuple(version)
    if seen is None:
        return Outcome("", result="ok")
    minimum = _version_tuple(settings.min_client_version)
    if minimum is not None and seen < minimum:
        return Outcome(f"O:{settings.min_client_version}", result="upgrade required")
    recommended = _version_tuple(settings.recommended_client_version)
    if recommended is not None and seen < recommended:
        text = (
            f"W:nXus recommends QuickBooks Web Connector {settings.recommended_client_version} "
            f"or newer (this is {version.strip()}); please upgrade."
        )
        return Outcome(text, result="upgrade recommended")
    return Outcome("", result="ok")


def authenticate(
    db: Session, settings: Settings, user_name: str, password: str, now: datetime
) -> Outcome:
    """[ticket, ""|path|"none"|"nvu"|"busy", postpone, minimum seconds between runs]."""
    key = f"qbwc:{user_name.strip().casefold()}"[:300]
    row = db.execute(
        select(
            Connection.id,
            Connection.qbwc_password_hash,
            Connection.archived_at,
            Connection.is_active,
        ).where(Connection.qbwc_username == user_name.strip())
    ).first()
    locked = throttle.seconds_locked(db, key)
    db.rollback()  # the password check takes ~100 ms: hold no lock meanwhile
    connection_id = row.id if row is not None else None
    if locked:
        return Outcome(["", "nvu"], result="nvu (throttled)", connection_id=connection_id)
    if not verify_password(row.qbwc_password_hash if row is not None else None, password):
        failures = throttle.record_failure(db, key, settings.auth_policy)
        if row is not None:
            locked_for = settings.auth_policy.lockout_seconds
            locked_now = failures >= settings.auth_policy.max_failures
            diagnostics.record(
                db,
                row.id,
                diagnostics.wrong_password(user_name, locked_for if locked_now else 0),
                source="authenticate",
                detail=f"failed attempt {failures} of {settings.auth_policy.max_failures}",
            )
        return Outcome(["", "nvu"], result="nvu", connection_id=connection_id)
    assert row is not None
    if row.archived_at is not None or not row.is_active:
        diagnostics.record(
            db,
            row.id,
            diagnostics.connection_disabled(row.archived_at is not None),
            source="authenticate",
        )
        return Outcome(["", "nvu"], result="nvu (connection disabled)", connection_id=row.id)
    throttle.reset(db, key)
    return _open_session(db, settings, row.id, now)


def _open_session(
    db: Session, settings: Settings, connection_id: uuid.UUID, now: datetime
) -> Outcome:
    conn = db.get(Connection, connection_id, with_for_update=True)
    assert conn is not None
    if diagnostics.check_missed_polls(conn.last_poll_at, settings.poll_interval, now):
        log.info("connection %s: the Web Connector polls again after missing polls", conn.id)
    events.checked_in(db, conn, now)
    conn.last_poll_at = now
    diagnostics.resolve_code(db, conn.id, diagnostics.MISSED_POLLS, now)
    ticket = random_token(32)
    # An open session that called within the grace holds the lane. QBWC runs one session of
    # an application at a time, so a new authenticate after a longer silence means the old
    # session is dead (QBWC restarted): take over rather than wait for the idle window.
    grace = min(settings.session_idle, settings.takeover_after)
    live = db.scalar(
        select(QbwcSession.id)
        .where(
            QbwcSession.connection_id == conn.id,
            QbwcSession.state == OPEN,
            QbwcSession.last_call_at > now - grace,
            QbwcSession.expires_at > now,
        )
        .limit(1)
    )
    if live is not None:
        postpone = str(settings.busy_postpone_seconds)
        return Outcome([ticket, "busy", postpone, ""], result="busy", connection_id=conn.id)
    _close_dead_sessions(db, conn.id, now)
    has_work = jobs.has_queued_job(db, conn.id)
    recent = has_work or _recent_work(db, conn.id, now - settings.recent_work)
    min_run = settings.min_run_active if recent else settings.min_run_idle
    pace = str(min_run) if min_run > 0 else ""
    # A connection that never connected (or has no company file bound yet) needs one session
    # for its first sendRequestXML to tell nXus the company: that is work too.
    first = conn.last_connected_at is None or not conn.company_file
    if not has_work and not first:
        return Outcome([ticket, "none", "", pace], result="none", connection_id=conn.id)
    qs = QbwcSession(
        ticket_hash=hash_ticket(ticket),
        connection_id=conn.id,
        state=OPEN,
        created_at=now,
        last_call_at=now,
        expires_at=now + settings.ticket_lifetime,
        # Nothing to keep warm for: the HCP is read, then the final request ends the session.
        warm_until=min(now + settings.keep_warm, now + settings.ticket_lifetime)
        if has_work
        else None,
    )
    db.add(qs)
    db.flush()
    return Outcome(
        [ticket, conn.company_file or "", "", pace],
        result="ticket" if has_work else "ticket (first connection)",
        connection_id=conn.id,
        session_id=qs.id,
    )


def _close_dead_sessions(db: Session, connection_id: uuid.UUID, now: datetime) -> None:
    """Every earlier open session of the connection is gone: close it, recover its jobs."""
    db.execute(
        update(QbwcSession)
        .where(QbwcSession.connection_id == connection_id, QbwcSession.state == OPEN)
        .values(state=CLOSED, closed_at=now, last_error=ENDED_TEXT)
        .execution_options(synchronize_session=False)
    )
    # Also jobs of sessions closed without an answer (closeConnection right after a send).
    requeued, unknown = job_claims.recover_orphaned_jobs(db, connection_id, now)
    if requeued or unknown:
        log.warning(
            "connection %s: %d read job(s) re-queued, %d write job(s) unknown after a lost session",
            connection_id,
            requeued,
            unknown,
        )


def _recent_work(db: Session, connection_id: uuid.UUID, since: datetime) -> bool:
    return (
        db.scalar(
            select(Job.id)
            .where(Job.connection_id == connection_id, Job.created_at > since)
            .limit(1)
        )
        is not None
    )
