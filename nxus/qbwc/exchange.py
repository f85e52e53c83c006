"""sendRequestXML and receiveResponseXML: hand out the next job, store QuickBooks' answer.

One path for every call. The session is read in one Core statement (joined with its
connection); a job is claimed by one UPDATE … RETURNING (nxus.services.job_claims.claim_next) and
its answer stored by a conditional UPDATE (job_claims.complete_if_sent); the session is written by
one UPDATE; progress (`_progress`) and status recording (`_record_status`) are written once.
What happens rarely (the first call of a session, the final request, a repeated send, a
keep-warm hold, HRESULTs and unreadable answers) is a branch of that path, some on ORM objects.

Neither commits: the entrypoint adds the exchange row and commits once. The exception is an
empty sendRequestXML of a warm session, which commits before it holds (sleeps) for new work.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Row, Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from nxus import capacity, wakeup
from nxus.db import read_session, utcnow, wakeup_bus
from nxus.models.connections import Connection
from nxus.models.qbwc import Job, JobState, QbwcSession
from nxus.qbwc.common import (
    OPEN,
    Outcome,
    Settings,
    end_session,
    final_request,
    hash_ticket,
    request_document,
)
from nxus.qbwc.first_call import SendParams, first_call
from nxus.qbwc.qbxml_in import QbxmlReadError, ResponseStatus, job_status
from nxus.services import diagnostics, job_claims, jobs

# Statements built once: executing them costs a cache lookup, not a construction.
_S = cast(Table, QbwcSession.__table__)
_C = Connection.__table__
_J = Job.__table__
_SESSION_COLUMNS = (
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
# The progress counts at most this many queued jobs: a backlog of 100,000 (a bulk import)
# must not make every answer count 100,000 index entries; past it the share is of this many.
PROGRESS_QUEUE_CAP = 1000
_QUEUED = (
    select(func.count())
    .select_from(
        select(_J.c.id)
        .where(_J.c.connection_id == _S.c.connection_id, _J.c.state == JobState.QUEUED.value)
        .limit(PROGRESS_QUEUE_CAP)
        .correlate(_S)
        .subquery()
    )
    .scalar_subquery()
)


def _session_select(*extra: Any) -> Any:
    return (
        select(*_SESSION_COLUMNS, *extra)
        .join(_C, _C.c.id == _S.c.connection_id)
        .where(_S.c.ticket_hash == bindparam("b_hash"))
        .limit(1)
    )


_SESSION_ROW = _session_select()
# receiveResponseXML: the queue's length comes with the session (answering changes it not).
_SESSION_ROW_QUEUED = _session_select(_QUEUED.label("queued"))


def _session_row(db: Session, ticket: str, *, queued: bool = False) -> Row[Any] | None:
    """The session of a ticket with its connection's state (None: empty or unknown ticket)."""
    if not ticket:
        return None
    statement = _SESSION_ROW_QUEUED if queued else _SESSION_ROW
    return db.connection().execute(statement, {"b_hash": hash_ticket(ticket)}).first()


# The session UPDATEs, one per set of columns written, each built once.
_WRITES: dict[frozenset[str], Any] = {}


def _write_session(db: Session, session_id: int, **values: Any) -> None:
    """One UPDATE of the session row (the ORM never holds it dirty on this path)."""
    key = frozenset(values)
    statement = _WRITES.get(key)
    if statement is None:
        statement = _WRITES[key] = (
            update(_S)
            .where(_S.c.id == bindparam("b_session"))
            .values({name: bindparam(f"b_{name}") for name in sorted(key)})
        )
    params = {f"b_{name}": value for name, value in values.items()}
    db.connection().execute(statement, {"b_session": session_id, **params})


def _ids(s: Any) -> dict[str, Any]:
    """The Outcome fields naming the session (a session row or a QbwcSession)."""
    return {"connection_id": s.connection_id, "session_id": s.id}


# --- sendRequestXML -----------------------------------------------------------------------


def send_request_xml(db: Session, settings: Settings, params: SendParams, now: datetime) -> Outcome:
    """The next job's qbXML, "" (then getLastError: NoOp or the problem) or the final request."""
    s: Any = _session_row(db, params.ticket)
    if s is None:
        return Outcome("", result="unknown ticket")
    usable = s.state == OPEN and now < s.expires_at and s.archived_at is None and s.is_active
    if not usable:
        qs = db.get(QbwcSession, s.id)
        assert qs is not None
        end_session(qs, now)
        return Outcome("", result="session ended", **_ids(s))
    if not s.hcp_received or s.ending or s.current_job_id is not None:
        qs = db.get(QbwcSession, s.id)
        assert qs is not None
        outcome = _before_claim(db, qs, params, now)
        if outcome is not None:
            return outcome
        db.flush()  # the session's first-call facts, before the Core statements below
        s = qs
    if s.warm_until is not None and now < s.warm_until:
        return _hold(db, settings, s, now)  # claims first, subscribed to new work
    job = job_claims.claim_next(db, s.connection_id, s.id, s.qbxml_version, now)
    if job is not None:
        _write_session(db, s.id, last_call_at=now, current_job_id=job.id)
        return _send(s, job.id, job.request_body)
    _write_session(db, s.id, last_call_at=now, ending=True)
    return Outcome(final_request(s.qbxml_version), result="final request", **_ids(s))


def _before_claim(
    db: Session, qs: QbwcSession, params: SendParams, now: datetime
) -> Outcome | None:
    """The first call of a session, its final request, or the same job again; None: claim."""
    qs.last_call_at = now
    if not qs.hcp_received:
        refusal = first_call(db, qs, params, now)
        if refusal is not None:
            return refusal
    if qs.ending:
        return Outcome(final_request(qs.qbxml_version), result="final request", **_ids(qs))
    if qs.current_job_id is not None:
        # QBWC asks again without having answered: the same job again.
        job = db.get(Job, qs.current_job_id)
        if job is not None and job.state == JobState.SENT:
            return _send(qs, job.id, job.request_body)
        qs.current_job_id = None  # answered or recovered meanwhile
    return None


def _send(s: Any, job_id: uuid.UUID, body: str) -> Outcome:
    return Outcome(
        request_document(body, s.qbxml_version),
        result=f"job {job_id}",
        job_id=job_id,
        body_ref="response",
        **_ids(s),
    )


def _hold(db: Session, settings: Settings, s: Any, now: datetime) -> Outcome:
    """The next job of a warm session, else wait (no transaction open) for new work, woken
    when a job is queued (nxus.wakeup); NoOp when none comes. Subscribed before the first
    claim, so that claim is the only look before waiting: a job queued after it wakes the
    hold. Holds are capped per process (nxus.capacity): past the cap the NoOp comes at once,
    so holds never take the threads others need."""
    ids = _ids(s)
    session_id, connection_id, version = s.id, s.connection_id, s.qbxml_version
    bus = wakeup_bus()
    look_every = (
        settings.wakeup_fallback_seconds if bus.cross_process else settings.hold_poll_seconds
    )
    with capacity.holds().take() as holding, bus.subscribe(wakeup.queue_key(connection_id)) as sub:
        job = job_claims.claim_next(db, connection_id, session_id, version, now)
        if job is not None:
            _write_session(db, session_id, last_call_at=now, current_job_id=job.id)
            return _send(s, job.id, job.request_body)
        _write_session(db, session_id, last_call_at=now)
        db.commit()
        deadline = time.monotonic() + (settings.hold_seconds if holding else 0.0)
        while (remaining := deadline - time.monotonic()) > 0:
            if sub.wait(min(look_every, remaining)):
                queued = True  # a job was queued: claim it at once (a write, as sending it is)
            else:  # a fallback look: no write lock while nothing waits
                with read_session() as look:
                    queued = jobs.has_queued_job(look, connection_id)
            if queued:  # the claim takes a job only while the session is open
                job = job_claims.claim_next(db, connection_id, session_id, version, utcnow())
                if job is not None:
                    _write_session(db, session_id, last_call_at=utcnow(), current_job_id=job.id)
                    return _send(s, job.id, job.request_body)
                if _state(db, session_id) != OPEN:
                    break
            db.rollback()
    if _state(db, session_id) == OPEN:
        _write_session(db, session_id, noop_pending=True, last_call_at=utcnow())
    return Outcome("", result="held: NoOp" if holding else "NoOp (holds full)", **ids)


def _state(db: Session, session_id: int) -> str | None:
    state = db.connection().execute(select(_S.c.state).where(_S.c.id == session_id)).scalar()
    return None if state is None else str(state)


# --- receiveResponseXML -------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiveParams:
    ticket: str
    response: str
    hresult: str
    message: str


def _blank(text: str) -> bool:
    """Empty or only blanks, without copying (the response may be tens of MB)."""
    return not text or text.isspace()


def receive_response_xml(
    db: Session, settings: Settings, params: ReceiveParams, now: datetime
) -> Outcome:
    """Store QuickBooks' answer; 0-99 = more to do, 100 = done, negative = see getLastError.

    The answer is read once, here, only for its status (response start tags), and stored as
    received: the API call waiting for the job reads its records."""
    status: ResponseStatus | None = None
    read_error: str | None = None
    if not _blank(params.response) and _blank(params.hresult):
        try:  # read before any database work: no lock is held meanwhile
            status = job_status(params.response)
        except QbxmlReadError as exc:
            read_error = str(exc)
    s: Any = _session_row(db, params.ticket, queued=True)
    if s is None:
        return Outcome(100, result="unknown ticket: 100")
    if s.ending or s.current_job_id is None:
        _write_session(db, s.id, last_call_at=now, ending=True)
        return Outcome(100, result="100", **_ids(s))
    job_id = s.current_job_id
    hresult = diagnostics.normalize_hresult(params.hresult)
    if hresult is not None or status is None:
        return _unanswered(db, settings, s, params, hresult, read_error, now)
    stored = job_claims.complete_if_sent(
        db,
        job_id,
        s.id,
        params.response,
        status_code=status.code,
        status_severity=status.severity,
        status_message=status.message,
        now=now,
    )
    if not stored:  # answered too late: the job was recovered by a newer session (or withdrawn)
        return _stale(db, settings, s, now)
    _record_status(db, s, status)
    progress = _answered(db, settings, s, now, completed=True)
    return Outcome(
        progress,
        result=str(progress),
        job_id=job_id,
        status_code=status.code,
        body_ref="request",
        **_ids(s),
    )


def _unanswered(
    db: Session,
    settings: Settings,
    s: Any,
    params: ReceiveParams,
    hresult: str | None,
    read_error: str | None,
    now: datetime,
) -> Outcome:
    """The job failed: QBWC reports an HRESULT, or the answer cannot be read."""
    job = db.get(Job, s.current_job_id)
    if job is None or job.state != JobState.SENT or job.session_id != s.id:
        return _stale(db, settings, s, now)
    qs = db.get(QbwcSession, s.id)
    assert qs is not None
    qs.current_job_id = None
    qs.last_call_at = now
    if hresult is not None:
        explanation = diagnostics.explain_hresult(hresult, params.message)
        detail = params.message.strip() or None
        job_claims.fail_job(db, job, error=detail or explanation.title, hresult=hresult, now=now)
        qs.last_error = explanation.text()
        qs.last_hresult = hresult
        diagnostics.record(
            db,
            s.connection_id,
            explanation,
            source="receiveResponseXML",
            detail=detail,
            session_id=s.id,
        )
        return Outcome(-101, result=f"-101 {hresult}", job_id=job.id, hresult=hresult, **_ids(s))
    error = read_error or "QuickBooks' response holds no answer to the request."
    job_claims.fail_job(db, job, error=error, now=now, response_qbxml=params.response or None)
    qs.last_error = f"nXus could not read QuickBooks' answer: {error}"
    return Outcome(-102, result="unreadable response", job_id=job.id, **_ids(s))


def _stale(db: Session, settings: Settings, s: Any, now: datetime) -> Outcome:
    progress = _answered(db, settings, s, now, completed=False)
    return Outcome(progress, result="stale job", **_ids(s))


def _record_status(db: Session, s: Any, status: ResponseStatus) -> None:
    """A status QuickBooks explains (a company file problem …) goes to the diagnostics."""
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


def _answered(db: Session, settings: Settings, s: Any, now: datetime, *, completed: bool) -> int:
    """Write the session after an answer (one UPDATE) and return the progress for QBWC."""
    done, warm_until = s.jobs_done, s.warm_until
    if completed:
        done += 1
        warm_until = min(now + settings.keep_warm, s.expires_at)
    progress = _progress(s.state, s.queued, done, warm_until, now)
    _write_session(
        db,
        s.id,
        last_call_at=now,
        current_job_id=None,
        jobs_done=done,
        warm_until=warm_until,
        ending=progress == 100 and s.state == OPEN,
    )
    return progress


def _progress(
    state: str, queued: int, done: int, warm_until: datetime | None, now: datetime
) -> int:
    """0-99: more to do (the share done so far, or 99 while warm); 100: the session is over."""
    if state != OPEN:
        return 100  # closed, taken over or refused meanwhile: this session is over
    if queued:
        done = max(done, 1)
        return max(1, min(99, done * 100 // (done + queued)))
    if warm_until is not None and now < warm_until:
        return 99  # stay: sendRequestXML holds for new work, then NoOp / final request
    return 100
