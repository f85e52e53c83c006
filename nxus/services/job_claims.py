"""The protocol side of the job queue, used by the Web Connector endpoint (nxus.qbwc): claim
the connection's next job for a session (rebuilt at the session's qbXML version), complete it
if it is still the session's, fail it, and recover jobs orphaned by a crash. The life of a job
is described in nxus.services.jobs. Nothing here commits."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from nxus import wakeup
from nxus.models.qbwc import Job, JobState, QbwcSession
from nxus.qbxml import versions
from nxus.resources.operation import BuildFailed
from nxus.resources.operation import rebuild as rebuild_operation
from nxus.services import events


@dataclass(frozen=True)
class Claimed:
    """A job just marked `sent` to a session: its id and the qbXML to hand to QuickBooks."""

    id: uuid.UUID
    request_body: str


_J = Job.__table__
# Statements built once: executing them costs a cache lookup, not a construction.
_OLDEST_QUEUED = (
    select(_J.c.id)
    .where(_J.c.connection_id == bindparam("b_conn"), _J.c.state == JobState.QUEUED.value)
    .order_by(_J.c.created_at, _J.c.id)
    .limit(1)
    .with_for_update(skip_locked=True)
    .scalar_subquery()
)
_S = QbwcSession.__table__
# Only an open session takes a job (one closed meanwhile, e.g. taken over by a newer session of
# the connection, would leave it `sent` to nobody): checked in the claim itself.
_SESSION_OPEN = (
    select(_S.c.id).where(_S.c.id == bindparam("b_session"), _S.c.state == "open").exists()
)
_CLAIM = (
    update(_J)
    .where(_J.c.id == _OLDEST_QUEUED, _J.c.state == JobState.QUEUED.value, _SESSION_OPEN)
    .values(
        state=JobState.SENT.value,
        session_id=bindparam("b_session"),
        sent_at=bindparam("b_now"),
        attempts=_J.c.attempts + 1,
        qbxml_version=bindparam("b_version"),
    )
    .returning(_J.c.id, _J.c.request_body, _J.c.min_qbxml_version, _J.c.operation)
)
_COMPLETE_IF_SENT = (
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
    .returning(*events.JOB_EVENT_RETURNING)  # what its job.succeeded event says
)


def claim_next(
    session: Session,
    connection_id: uuid.UUID,
    qbwc_session_id: int,
    version: str | None,
    now: datetime,
) -> Claimed | None:
    """Mark the oldest queued job of the connection `sent` to this session at `version` and
    return it (one UPDATE … RETURNING; no commit). None when nothing is queued, or when the
    session is no longer open.

    On PostgreSQL the row is taken with SKIP LOCKED; on SQLite the transaction already holds
    the write lock (BEGIN IMMEDIATE), so two processes never claim the same job.
    A job with an `operation` built for another qbXML version is built again for `version`;
    one that cannot be (error_kind "validation") or that needs a newer qbXML than `version`
    fails here, and the next one is taken.
    """
    conn = session.connection()
    params = {"b_conn": connection_id, "b_session": qbwc_session_id, "b_now": now}
    while True:
        row = conn.execute(_CLAIM, {**params, "b_version": version}).first()
        if row is None:
            return None
        if not version or not (row.operation or row.min_qbxml_version):
            return Claimed(row.id, row.request_body)
        if row.operation and _built_for(row.operation) != version:
            job = session.get(Job, row.id, populate_existing=True)
            assert job is not None
            if not _rebuild(session, job, version, now):
                continue
            return Claimed(job.id, job.request_body)
        needed = row.min_qbxml_version
        if needed and _too_new(needed, version):
            job = session.get(Job, row.id, populate_existing=True)
            assert job is not None
            job.qbxml_version = None  # never sent at any version
            fail_job(
                session,
                job,
                error=f"This request {versions.needs(needed, version)}.",
                now=now,
            )
            session.flush()  # the next claim must see it failed
            continue
        return Claimed(row.id, row.request_body)


def _built_for(operation: str) -> str | None:
    try:
        built_for = json.loads(operation).get("built_for")
    except (ValueError, AttributeError):
        return None
    return built_for if isinstance(built_for, str) else None


def _too_new(needed: str, available: str) -> bool:
    try:
        return versions.version_key(needed) > versions.version_key(available)
    except versions.VersionError:
        return False


def _rebuild(session: Session, job: Job, version: str, now: datetime) -> bool:
    """Build the job's operation again at the session's qbXML version; False when it cannot
    be (the job then failed, never sent)."""

    assert job.operation is not None
    try:
        rebuilt = rebuild_operation(job.operation, version, job.id)
    except BuildFailed as exc:
        job.attempts -= 1
        job.session_id = job.sent_at = job.qbxml_version = None
        fail_job(session, job, error=str(exc), now=now)
        job.error_kind = "validation"
        session.flush()  # the next claim must see it failed
        return False
    if rebuilt is not None:
        built, job.operation = rebuilt
        job.request_body = built.body
        job.min_qbxml_version = version
    return True


def complete_if_sent(
    session: Session,
    job_id: uuid.UUID,
    qbwc_session_id: int,
    response_qbxml: str,
    *,
    status_code: int | None,
    status_severity: str | None,
    status_message: str | None,
    now: datetime,
) -> bool:
    """Store QuickBooks' answer when the job is still `sent` to this session (one UPDATE; no
    commit); False when it is not (recovered by a newer session, or withdrawn meanwhile)."""
    row = (
        session.connection()
        .execute(
            _COMPLETE_IF_SENT,
            {
                "b_job": job_id,
                "b_session": qbwc_session_id,
                "b_response": response_qbxml,
                "b_code": status_code,
                "b_severity": status_severity,
                "b_message": status_message,
                "b_now": now,
            },
        )
        .first()
    )
    if row is None:
        return False
    wakeup.mark(session, wakeup.job_key(job_id))
    events.job_finished(session, job_id, row)
    return True


def fail_job(
    session: Session,
    job: Job,
    *,
    error: str,
    now: datetime,
    hresult: str | None = None,
    response_qbxml: str | None = None,
) -> None:
    job.state = JobState.FAILED
    wakeup.mark(session, wakeup.job_key(job.id))
    job.error_message = error
    job.hresult = hresult
    job.response_body = response_qbxml
    job.finished_at = now
    events.job_finished(session, job.id)


def recover_orphaned_jobs(
    session: Session, connection_id: uuid.UUID, now: datetime
) -> tuple[int, int]:
    """Jobs left `sent` by a session that is gone (crash, QBWC killed): reads go back to
    `queued` (re-sent first, they are the oldest), writes become `unknown` (they may have
    landed; qbXML error recovery resolves them). Returns (requeued, unknown). No commit."""
    orphans = session.scalars(
        select(Job).where(Job.connection_id == connection_id, Job.state == JobState.SENT)
    ).all()
    requeued = unknown = 0
    for job in orphans:
        if job.is_write:
            job.state = JobState.UNKNOWN
            wakeup.mark(session, wakeup.job_key(job.id))
            job.finished_at = now
            job.error_message = (
                "The Web Connector session ended before QuickBooks' answer arrived; "
                "the write may or may not have been saved."
            )
            unknown += 1
            events.job_finished(session, job.id)
        else:
            job.state = JobState.QUEUED
            job.session_id = None
            wakeup.mark(session, wakeup.queue_key(connection_id))
            requeued += 1
    return requeued, unknown
