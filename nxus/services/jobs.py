"""Jobs: each QuickBooks call is a row that the Web Connector endpoint hands to QuickBooks.

States (JobState):
    queued    submitted, waiting for the connection's next sendRequestXML
    sent      handed to QBWC (job.session_id says which session); awaiting receiveResponseXML
    done      QuickBooks answered; `response_body` and the first non-zero `status_code`
              (0 when every request succeeded) are stored. A qbXML error status is still
              `done`: it is QuickBooks' answer, for the API layer to map.
    failed    never answered by QuickBooks (HRESULT from QBWC, version too new, bad response)
    cancelled withdrawn before it was sent (e.g. the API caller timed out)
    unknown   a write that was sent but never answered (crash): it may or may not have landed

Public API: submit_qbxml, submit_built, get_job, cancel_job, wait_for_job, has_queued_job,
count_queued; the protocol side used by nxus.qbwc (claim_next, complete_if_sent, fail_job,
recover_orphaned_jobs) is nxus.services.job_claims.
Functions taking a Session do not commit, except submit_*/cancel_job (commit=True).
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask
from lxml import etree
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from nxus import wakeup
from nxus.db import end_request_reads, new_session, read_session, utcnow, wakeup_bus
from nxus.formats import xml_parser
from nxus.logs import current_request_id
from nxus.models.qbwc import FINISHED_STATES, Job, JobState
from nxus.resources.operation import Built, request_id_for
from nxus.services.errors import NotFound, ValidationFailed


@dataclass(frozen=True)
class JobResult:
    """A snapshot of a job, detached from any database session."""

    id: uuid.UUID
    state: JobState
    connection_id: uuid.UUID
    request_names: tuple[str, ...]
    is_write: bool
    response_qbxml: str | None
    status_code: int | None
    status_severity: str | None
    status_message: str | None
    hresult: str | None
    error_message: str | None
    qbxml_version: str | None
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    finished_at: datetime | None
    error_kind: str | None = None  # "validation": the request could not be built
    session_id: int | None = None  # the Web Connector session that took it

    @property
    def finished(self) -> bool:
        return self.state in FINISHED_STATES

    @classmethod
    def of(cls, job: Any, *, with_response: bool = True) -> JobResult:
        """A snapshot of a Job (or of a row with its columns; without the response, a row
        need not select it: QuickBooks' answer may be megabytes)."""
        return cls(
            id=job.id,
            state=JobState(job.state),
            connection_id=job.connection_id,
            request_names=tuple(job.request_names.split()),
            is_write=job.is_write,
            response_qbxml=job.response_body if with_response else None,
            status_code=job.status_code,
            status_severity=job.status_severity,
            status_message=job.status_message,
            hresult=job.hresult,
            error_message=job.error_message,
            qbxml_version=job.qbxml_version,
            attempts=job.attempts,
            created_at=job.created_at,
            sent_at=job.sent_at,
            finished_at=job.finished_at,
            error_kind=job.error_kind,
            session_id=getattr(job, "session_id", None),
        )


def submit_qbxml(
    session: Session,
    connection_id: uuid.UUID,
    qbxml: bytes | str,
    *,
    kind: str = "qbxml",
    min_version: str | None = None,
    commit: bool = True,
    job_id: uuid.UUID | None = None,
    detached: bool = False,
) -> Job:
    """Queue a raw qbXML request document for a connection.

    The document needs `<QBXML><QBXMLMsgsRq>` with at least one request. Its `<?qbxml
    version?>` becomes the job's minimum version unless `min_version` is given; the job is sent
    at the session's negotiated version (the highest both sides speak). Every request's
    `requestID` is replaced by the job id. Raises ValidationFailed on a bad document.
    (An API operation's request is built with its requestIDs: `submit_built`.) `job_id`: the
    new job's id (else a new one), for a caller already subscribed to its end. `detached`:
    nobody waits for it (Prefer: respond-async), so its answer is kept longer.
    """
    raw = qbxml.encode("utf-8") if isinstance(qbxml, str) else qbxml
    root, declared = _parse_request(raw)
    msgs = root.find("QBXMLMsgsRq")
    if root.tag != "QBXML" or msgs is None:
        raise ValidationFailed("qbxml", "the document must be <QBXML><QBXMLMsgsRq>…")
    requests = [child for child in msgs if isinstance(child.tag, str)]
    if not requests:
        raise ValidationFailed("qbxml", "QBXMLMsgsRq holds no request")
    job_id = job_id or uuid.uuid4()
    for index, request in enumerate(requests):
        request.set("requestID", request_id_for(job_id, index, len(requests)))
    built = Built(etree.tostring(root, encoding="unicode"), tuple(str(r.tag) for r in requests))
    return _queue(
        session, connection_id, job_id, built, kind, min_version or declared, None, commit, detached
    )


def submit_built(
    session: Session,
    connection_id: uuid.UUID,
    job_id: uuid.UUID,
    built: Built,
    *,
    version: str,
    operation: str,
    commit: bool = True,
    detached: bool = False,
) -> Job:
    """Queue an API operation's request, built for job `job_id` at `version`
    (nxus.resources.operation.build): nothing is parsed again. `operation` (the Operation as
    JSON) lets the request be rebuilt when the session that takes the job speaks another
    qbXML version (see claim_next)."""
    return _queue(
        session, connection_id, job_id, built, "qbxml", version, operation, commit, detached
    )


def _queue(
    session: Session,
    connection_id: uuid.UUID,
    job_id: uuid.UUID,
    built: Built,
    kind: str,
    min_version: str | None,
    operation: str | None,
    commit: bool,
    detached: bool,
) -> Job:
    # Every fact of the job goes in with the INSERT, in the transaction that announces it: a
    # second write to a queued job would lock its row just as a woken Web Connector claims it
    # (PostgreSQL's SKIP LOCKED would pass it over and the hold would sleep on).
    job = Job(
        id=job_id,
        connection_id=connection_id,
        kind=kind,
        state=JobState.QUEUED,
        min_qbxml_version=min_version,
        operation=operation,
        created_at=utcnow(),
        api_request_id=current_request_id(),
        request_names=" ".join(built.names)[:500],
        is_write=any(not name.endswith("QueryRq") for name in built.names),
        request_body=built.body,
        detached=detached,
    )
    session.add(job)
    wakeup.mark(session, wakeup.queue_key(connection_id))
    if commit:
        session.commit()
    return job


def _parse_request(raw: bytes) -> tuple[etree._Element, str | None]:
    try:
        doc = etree.fromstring(raw.strip(), xml_parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        raise ValidationFailed("qbxml", f"not well-formed XML: {exc}") from exc
    if doc.docinfo.doctype:
        raise ValidationFailed("qbxml", "a DOCTYPE is not allowed")
    declared = None
    node = doc.getroot().getprevious()
    while node is not None:
        if isinstance(node, etree._ProcessingInstruction) and node.target == "qbxml":
            declared = (node.get("version") or "").strip() or None
        node = node.getprevious()
    return doc.getroot(), declared


def get_job(session: Session, job_id: uuid.UUID) -> Job | None:
    return session.get(Job, job_id)


def cancel_job(session: Session, job_id: uuid.UUID, *, commit: bool = True) -> bool:
    """Cancel a job that was not sent yet; False when it was already sent or finished."""
    result = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.state == JobState.QUEUED)
        .values(state=JobState.CANCELLED, finished_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount:  # type: ignore[attr-defined]
        wakeup.mark(session, wakeup.job_key(job_id))
    if commit:
        session.commit()
    return bool(result.rowcount)  # type: ignore[attr-defined]


def wait_for_job(
    app: Flask,
    job_id: uuid.UUID,
    timeout_s: float,
    *,
    cancel_on_timeout: bool = True,
    also: Iterable[str] = (),
    on_also: Callable[[], None] | None = None,
    subscription: wakeup.Subscription | None = None,
) -> JobResult:
    """Wait until the job is finished or `timeout_s` passes; returns its last snapshot.

    The wait is woken by the commit that finishes the job (nxus.wakeup), in this process or
    another; it still looks at the job every WAKEUP_FALLBACK_POLL_SECONDS (or, where no
    wake-up crosses processes, with short growing sleeps up to JOB_WAIT_POLL_SECONDS). A look
    woken by the job's own key reads the finished job at once; any other look reads the state
    only (a response may be tens of MB), in a fresh session, no transaction open while
    waiting. When one of the wake-up keys `also` is announced while the job is still queued,
    `on_also()` runs (it may raise to end the wait). On timeout a still-queued job is
    cancelled (unless cancel_on_timeout=False) and the snapshot says `cancelled`; a job
    already `sent` is returned as `sent`: its outcome is unknown to the caller, who reports
    the job id. Raises NotFound for an unknown job id.

    `subscription`: the caller subscribed to the job's key and `also` before it queued the
    job, so nothing can have happened that it was not told of: the first look waits for a
    wake-up (or the first interval) instead of looking at once.
    """
    end_request_reads()  # never wait with the request's lookups open (nxus.db)
    bus = wakeup_bus(app)
    if bus.cross_process:
        delay = cap = float(app.config["WAKEUP_FALLBACK_POLL_SECONDS"])
    else:
        cap = float(app.config["JOB_WAIT_POLL_SECONDS"])
        delay = min(0.01, cap)
    deadline = time.monotonic() + max(0.0, timeout_s)
    own = wakeup.job_key(job_id)
    with contextlib.ExitStack() as stack:
        fired: frozenset[str] | None = None  # None: nothing waited for yet
        if subscription is None:
            subscription = stack.enter_context(bus.subscribe(own, *also))
        else:
            fired = subscription.wait(min(delay, max(0.0, deadline - time.monotonic())))
            delay = min(delay * 2, cap)
        while True:
            state, finished = _look(app, job_id, whole=bool(fired and own in fired))
            if finished is not None:
                return finished
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                if cancel_on_timeout and state == JobState.QUEUED:
                    with new_session(app) as writer:
                        if not cancel_job(writer, job_id):
                            continue  # it was sent meanwhile: report what it is now
                with read_session(app) as session:
                    return _snapshot(session, job_id)
            # `also` was announced, or a fallback look found nothing announced at all.
            if on_also is not None and state == JobState.QUEUED and fired is not None:
                if not fired or fired - {own}:
                    on_also()
            fired = subscription.wait(min(delay, remaining))
            delay = min(delay * 2, cap)


_STATE_OF_JOB = select(Job.state).where(Job.id == bindparam("b_job"))
# The whole row as a Core row (a snapshot needs no ORM object: no identity map, no state).
_JOB_ROW = select(*Job.__table__.c).where(Job.id == bindparam("b_job"))


def _row(session: Session, job_id: uuid.UUID) -> Any:
    return session.connection().execute(_JOB_ROW, {"b_job": job_id}).first()


def _look(app: Flask, job_id: uuid.UUID, *, whole: bool) -> tuple[str, JobResult | None]:
    """One look at a job: (its state, its snapshot when finished). `whole`: it was announced
    finished, so read the whole row at once; else the state first (one primary-key lookup,
    no write lock), and the row, with a response of possibly tens of MB, only once finished.
    """
    with read_session(app) as session:
        job = _row(session, job_id) if whole else None
        state = job.state if job is not None else session.scalar(_STATE_OF_JOB, {"b_job": job_id})
        if state is None:
            raise NotFound(f"job {job_id} not found")
        if state not in FINISHED_STATES:
            session.rollback()
            return state, None
        if job is None:
            return state, _snapshot(session, job_id)  # same snapshot: no change since
        snapshot = JobResult.of(job)
        session.rollback()
        return state, snapshot


def _snapshot(session: Session, job_id: uuid.UUID) -> JobResult:
    job = _row(session, job_id)
    if job is None:
        raise NotFound(f"job {job_id} not found")
    snapshot = JobResult.of(job)
    session.rollback()
    return snapshot


def has_queued_job(session: Session, connection_id: uuid.UUID) -> bool:
    return (
        session.scalar(
            select(Job.id)
            .where(Job.connection_id == connection_id, Job.state == JobState.QUEUED)
            .limit(1)
        )
        is not None
    )


def count_queued(session: Session, connection_id: uuid.UUID) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Job)
            .where(Job.connection_id == connection_id, Job.state == JobState.QUEUED)
        )
        or 0
    )
