"""The steady state of a session in a few Core statements: hand out the next job, store its
answer. Everything else (the first call, keep-warm holds, the final request, HRESULTs,
unreadable or late answers, jobs to rebuild for another qbXML version) returns None here and
takes the general path in nxus.qbwc.exchange, which works on ORM objects.

Per sendRequestXML: the session row (joined with its connection), the oldest queued job, one
UPDATE of each. Per receiveResponseXML: the session row, a conditional UPDATE of the job
(state sent, this session), a count of the queue, one UPDATE of the session. The exchange
row is the only other statement; the whole call is still one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, bindparam, func, select, update
from sqlalchemy.orm import Session

from nxus import wakeup
from nxus.models.connections import Connection
from nxus.models.qbwc import Job, JobState, QbwcSession
from nxus.qbwc.common import OPEN, Outcome, Settings, hash_ticket, request_document
from nxus.qbwc.qbxml_in import ResponseStatus
from nxus.qbxml import versions
from nxus.services import diagnostics, events

# Statements built once: executing them costs a cache lookup, not a construction.
_S = QbwcSession.__table__
_J = Job.__table__
_C = Connection.__table__
_SESSION_ROW = (
    select(
        _S.c.id,
        _S.c.connection_id,
        _S.c.state,
        _S.c.expires_at,
        _S.c.warm_until,
        _S.c.hcp_received,
        _S.c.ending,
        _S.c.current_job_id,
        _S.c.qbxml_version,
        _S.c.jobs_done,
        _C.c.archived_at,
        _C.c.is_active,
    )
    .join(_C, _C.c.id == _S.c.connection_id)
    .where(_S.c.ticket_hash == bindparam("b_hash"))
    .limit(1)
)
_NEXT_QUEUED = (
    select(_J.c.id, _J.c.request_body, _J.c.min_qbxml_version, _J.c.operation)
    .where(_J.c.connection_id == bindparam("b_conn"), _J.c.state == JobState.QUEUED.value)
    .order_by(_J.c.created_at, _J.c.id)
    .limit(1)
    .with_for_update(skip_locked=True)
)
_MARK_SENT = (
    update(_J)
    .where(_J.c.id == bindparam("b_job"))
    .values(
        state=JobState.SENT.value,
        session_id=bindparam("b_session"),
        sent_at=bindparam("b_now"),
        attempts=_J.c.attempts + 1,
        qbxml_version=bindparam("b_version"),
    )
)
_SESSION_SENT = (
    update(_S)
    .where(_S.c.id == bindparam("b_session"))
    .values(last_call_at=bindparam("b_now"), current_job_id=bindparam("b_job"))
)
_MARK_DONE = (
    update(_J)
    .where(
        _J.c.id == bindparam("b_job"),
        _J.c.state == JobState.SENT.value,
        _J.c.session_id == bindparam("b_session"),
    )
    .values(
        state=JobState.DONE.value,
        response_body=bindparam("b_response"),
        status_code=bindparam("b_code"),
        status_severity=bindparam("b_severity"),
        status_message=bindparam("b_message"),
        finished_at=bindparam("b_now"),
    )
)
_COUNT_QUEUED = (
    select(func.count())
    .select_from(_J)
    .where(_J.c.connection_id == bindparam("b_conn"), _J.c.state == JobState.QUEUED.value)
)
_SESSION_ANSWERED = (
    update(_S)
    .where(_S.c.id == bindparam("b_session"))
    .values(
        last_call_at=bindparam("b_now"),
        current_job_id=None,
        jobs_done=bindparam("b_done"),
        warm_until=bindparam("b_warm"),
        ending=bindparam("b_ending"),
    )
)


@dataclass(frozen=True)
class _Steady:
    row: Row[Any]

    def ids(self) -> dict[str, Any]:
        return {"connection_id": self.row.connection_id, "session_id": self.row.id}


def _steady(db: Session, ticket: str, now: datetime) -> _Steady | None:
    """The session of the ticket when it is open, usable, past its first call and not ending."""
    if not ticket:
        return None
    row = db.connection().execute(_SESSION_ROW, {"b_hash": hash_ticket(ticket)}).first()
    if (
        row is None
        or row.state != OPEN
        or not now < row.expires_at
        or row.archived_at is not None
        or not row.is_active
        or not row.hcp_received
        or row.ending
    ):
        return None
    return _Steady(row)


def _needs_general_path(job: Row[Any], version: str | None) -> bool:
    """A job to rebuild for the session's version, or one needing a newer version."""
    if job.operation:
        try:
            built_for = json.loads(job.operation).get("built_for")
        except (ValueError, AttributeError):
            return True
        if built_for != version:
            return True
    needed = job.min_qbxml_version
    if needed and version:
        try:
            return versions.version_key(needed) > versions.version_key(version)
        except versions.VersionError:
            return False
    return False


def send_next_job(db: Session, ticket: str, now: datetime) -> Outcome | None:
    """The next queued job, sent in the steady state; None: take the general path."""
    steady = _steady(db, ticket, now)
    if steady is None or steady.row.current_job_id is not None:
        return None
    s = steady.row
    conn = db.connection()
    job = conn.execute(_NEXT_QUEUED, {"b_conn": s.connection_id}).first()
    if job is None or _needs_general_path(job, s.qbxml_version):
        return None
    conn.execute(
        _MARK_SENT,
        {"b_job": job.id, "b_session": s.id, "b_now": now, "b_version": s.qbxml_version},
    )
    conn.execute(_SESSION_SENT, {"b_session": s.id, "b_now": now, "b_job": job.id})
    return Outcome(
        request_document(job.request_body, s.qbxml_version),
        result=f"job {job.id}",
        job_id=job.id,
        body_ref="response",
        **steady.ids(),
    )


def store_answer(
    db: Session,
    settings: Settings,
    ticket: str,
    response: str,
    status: ResponseStatus,
    now: datetime,
) -> Outcome | None:
    """Store the answer to the session's current job; None: take the general path."""
    steady = _steady(db, ticket, now)
    if steady is None or steady.row.current_job_id is None:
        return None
    s = steady.row
    conn = db.connection()
    stored = conn.execute(
        _MARK_DONE,
        {
            "b_job": s.current_job_id,
            "b_session": s.id,
            "b_response": response,
            "b_code": status.code,
            "b_severity": status.severity,
            "b_message": status.message,
            "b_now": now,
        },
    )
    if not stored.rowcount:
        return None  # a late answer: the job was recovered or withdrawn meanwhile
    wakeup.mark(db, wakeup.job_key(s.current_job_id))
    events.job_finished(db, s.current_job_id)
    explanation = diagnostics.explain_status(status.code)
    if explanation is not None:
        diagnostics.record(
            db,
            s.connection_id,
            explanation,
            source="receiveResponseXML",
            detail=status.message,
            session_id=s.id,
        )
    queued = int(conn.execute(_COUNT_QUEUED, {"b_conn": s.connection_id}).scalar() or 0)
    done = s.jobs_done + 1
    warm_until = min(now + settings.keep_warm, s.expires_at)
    if queued:
        progress = max(1, min(99, done * 100 // (done + queued)))
    else:
        progress = 99 if now < warm_until else 100
    conn.execute(
        _SESSION_ANSWERED,
        {
            "b_session": s.id,
            "b_now": now,
            "b_done": done,
            "b_warm": warm_until,
            "b_ending": progress == 100,
        },
    )
    return Outcome(
        progress,
        result=str(progress),
        job_id=s.current_job_id,
        status_code=status.code,
        body_ref="request",
        **steady.ids(),
    )
