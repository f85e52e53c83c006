"""sendRequestXML and receiveResponseXML: hand out the next job, store QuickBooks' answer.

Neither commits: the entrypoint adds the exchange row and commits once. The exception is an
empty sendRequestXML of a warm session, which commits before it holds (sleeps) for new work.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from nxus import capacity, wakeup
from nxus.db import read_session, utcnow, wakeup_bus
from nxus.models.qbwc import Job, QbwcSession
from nxus.qbwc.qbxml_in import QbxmlReadError, ResponseStatus, job_status
from nxus.qbxml import versions
from nxus.services import diagnostics, jobs, qbwc_fastpath
from nxus.services.jobs import JobState
from nxus.services.qbwc_common import (
    OPEN,
    Outcome,
    Settings,
    base,
    end_session,
    final_request,
    load_session,
    request_document,
    usable,
)
from nxus.services.qbwc_first_call import SendParams, first_call

# --- sendRequestXML -----------------------------------------------------------------------


def send_request_xml(db: Session, settings: Settings, params: SendParams, now: datetime) -> Outcome:
    """The next job's qbXML, "" (then getLastError: NoOp or the problem) or the final request."""
    fast = qbwc_fastpath.send_next_job(db, params.ticket, now)
    if fast is not None:
        return fast
    qs = load_session(db, params.ticket)
    if qs is None:
        return Outcome("", result="unknown ticket")
    if not usable(qs, now):
        end_session(qs, now)
        return Outcome("", result="session ended", **base(qs))
    qs.last_call_at = now
    if not qs.hcp_received:
        refusal = first_call(db, qs, params, now)
        if refusal is not None:
            return refusal
    if qs.ending:
        return Outcome(final_request(qs.qbxml_version), result="final request", **base(qs))
    if qs.current_job_id is not None:
        # QBWC asks again without having answered: the same job again.
        job = db.get(Job, qs.current_job_id)
        if job is not None and job.state == JobState.SENT:
            return _send(qs, job)
    job = _claim(db, qs, now)
    if job is not None:
        return _send(qs, job)
    if qs.warm_until is not None and now < qs.warm_until:
        return _hold(db, settings, qs.id, qs.connection_id, now)
    qs.ending = True
    return Outcome(final_request(qs.qbxml_version), result="final request", **base(qs))


def _claim(db: Session, qs: QbwcSession, now: datetime) -> Job | None:
    """The next queued job this session can send; jobs needing a newer qbXML fail here."""
    while True:
        job = jobs.claim_next_job(db, qs.connection_id, qs.id, now)
        if job is None:
            return None
        needed = job.min_qbxml_version
        if needed and qs.qbxml_version and _too_new(needed, qs.qbxml_version):
            jobs.fail_job(
                db,
                job,
                error=f"This request {versions.needs(needed, qs.qbxml_version)}.",
                now=now,
            )
            db.flush()  # the next look must not find this job queued again
            continue
        qs.current_job_id = job.id
        job.qbxml_version = qs.qbxml_version
        return job


def _too_new(needed: str, available: str) -> bool:
    try:
        return versions.version_key(needed) > versions.version_key(available)
    except versions.VersionError:
        return False


def _send(qs: QbwcSession, job: Job) -> Outcome:
    return Outcome(
        request_document(job.request_body, qs.qbxml_version),
        result=f"job {job.id}",
        job_id=job.id,
        body_ref="response",
        **base(qs),
    )


def _hold(
    db: Session,
    settings: Settings,
    session_id: int,
    connection_id: uuid.UUID,
    now: datetime,
) -> Outcome:
    """Wait (no transaction open) for new work of a warm session, woken when a job is queued
    (nxus.wakeup); NoOp when none comes. Holds are capped per process (nxus.capacity): past
    the cap the NoOp comes at once, so holds never take the threads others need."""
    ids: dict[str, Any] = {"connection_id": connection_id, "session_id": session_id}
    db.commit()
    bus = wakeup_bus()
    look_every = (
        settings.wakeup_fallback_seconds if bus.cross_process else settings.hold_poll_seconds
    )
    with capacity.holds().take() as holding, bus.subscribe(wakeup.queue_key(connection_id)) as sub:
        deadline = time.monotonic() + (settings.hold_seconds if holding else 0.0)
        fired: frozenset[str] = frozenset()
        while True:
            if fired:  # a job was queued: claim it at once (a write, as sending it is)
                queued = True
            else:  # the first look, or a fallback look: no write lock while nothing waits
                with read_session() as look:
                    queued = jobs.has_queued_job(look, connection_id)
            if queued:
                qs = db.get(QbwcSession, session_id)
                if qs is None or qs.state != OPEN:
                    break
                job = _claim(db, qs, utcnow())
                if job is not None:
                    return _send(qs, job)
            db.rollback()
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            fired = sub.wait(min(look_every, remaining))
    qs = db.get(QbwcSession, session_id)
    if qs is not None and qs.state == OPEN:
        qs.noop_pending = True
        qs.last_call_at = utcnow()
    return Outcome("", result="held: NoOp" if holding else "NoOp (holds full)", **ids)


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

    The answer is read only for its status (response start tags) and stored as received: the
    API call waiting for the job parses it once."""
    status: ResponseStatus | None = None
    read_error: str | None = None
    if not _blank(params.response) and _blank(params.hresult):
        try:  # read before any database work: no lock is held meanwhile
            status = job_status(params.response)
        except QbxmlReadError as exc:
            read_error = str(exc)
    if status is not None and read_error is None:
        fast = qbwc_fastpath.store_answer(db, settings, params.ticket, params.response, status, now)
        if fast is not None:
            return fast
    qs = load_session(db, params.ticket)
    if qs is None:
        return Outcome(100, result="unknown ticket: 100")
    qs.last_call_at = now
    ids = base(qs)
    if qs.ending or qs.current_job_id is None:
        qs.ending = True
        return Outcome(100, result="100", **ids)
    job = db.get(Job, qs.current_job_id)
    qs.current_job_id = None
    if job is None or job.state != JobState.SENT or job.session_id != qs.id:
        # Answered too late: the job was recovered by a newer session (or withdrawn).
        return Outcome(_progress(db, settings, qs, now), result="stale job", **ids)
    hresult = diagnostics.normalize_hresult(params.hresult)
    if hresult is not None:
        return _job_hresult(db, qs, job, hresult, params.message, now)
    if read_error is not None or status is None:
        error = read_error or "QuickBooks' response holds no answer to the request."
        jobs.fail_job(db, job, error=error, now=now, response_qbxml=params.response or None)
        qs.last_error = f"nXus could not read QuickBooks' answer: {error}"
        return Outcome(-102, result="unreadable response", job_id=job.id, **ids)
    jobs.complete_job(
        db,
        job,
        params.response,
        status_code=status.code,
        status_severity=status.severity,
        status_message=status.message,
        now=now,
    )
    explanation = diagnostics.explain_status(status.code)
    if explanation is not None:
        diagnostics.record(
            db,
            qs.connection_id,
            explanation,
            source="receiveResponseXML",
            detail=status.message,
            session_id=qs.id,
        )
    qs.jobs_done += 1
    qs.warm_until = min(now + settings.keep_warm, qs.expires_at)
    progress = _progress(db, settings, qs, now)
    return Outcome(
        progress,
        result=str(progress),
        job_id=job.id,
        status_code=status.code,
        body_ref="request",
        **ids,
    )


def _job_hresult(
    db: Session, qs: QbwcSession, job: Job, hresult: str, message: str, now: datetime
) -> Outcome:
    explanation = diagnostics.explain_hresult(hresult, message)
    jobs.fail_job(db, job, error=message.strip() or explanation.title, hresult=hresult, now=now)
    qs.last_error = explanation.text()
    qs.last_hresult = hresult
    diagnostics.record(
        db,
        qs.connection_id,
        explanation,
        source="receiveResponseXML",
        detail=message.strip() or None,
        session_id=qs.id,
    )
    return Outcome(-101, result=f"-101 {hresult}", job_id=job.id, hresult=hresult, **base(qs))


def _progress(db: Session, settings: Settings, qs: QbwcSession, now: datetime) -> int:
    if qs.state != OPEN:
        return 100  # closed, taken over or refused meanwhile: this session is over
    queued = jobs.count_queued(db, qs.connection_id)
    if queued:
        done = max(qs.jobs_done, 1)
        return max(1, min(99, done * 100 // (done + queued)))
    if qs.warm_until is not None and now < qs.warm_until:
        return 99  # stay: sendRequestXML holds for new work, then NoOp / final request
    qs.ending = True
    return 100
