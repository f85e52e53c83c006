"""The payload of job.succeeded / job.failed: the job as GET /api/v1/jobs/{id} names it, a link
to its result, and for a failure the API's error shape (code, message, type, httpStatusCode,
integrationCode): what the waiting API call would have answered."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from nxus.models.qbwc import JobState
from nxus.quickbooks.errors import (
    QuickBooksCallError,
    StoredStatus,
    public_job_id,
    status_error,
)
from nxus.resources.operation import Operation
from nxus.services.jobs import JobResult

JOBS_PATH = "/api/v1/jobs"


def describe(db: Session, job: Any) -> tuple[str, dict[str, Any]]:
    """(event type, data) of a finished job: `job` is a row of the jobs table without its
    bodies (the answer is read only for an error status of an API operation)."""
    from nxus.formats import iso
    from nxus.services.events import JOB_FAILED, JOB_SUCCEEDED

    error = _error_of(db, job)
    ref = public_job_id(job.id)
    latency = (
        round((job.finished_at - job.created_at).total_seconds() * 1000, 1)
        if job.finished_at and job.created_at
        else None
    )
    body: dict[str, Any] = {
        "id": ref,
        "objectType": "job",
        "status": job.state,
        "connectionId": f"conn_{job.connection_id.hex}",
        "requests": job.request_names.split(),
        "createdAt": iso(job.created_at),
        "sentAt": iso(job.sent_at),
        "finishedAt": iso(job.finished_at),
        "latencyMs": latency,
        "url": f"{JOBS_PATH}/{ref}",
        "error": error,
    }
    return (JOB_FAILED if error is not None else JOB_SUCCEEDED), {"object": body}


def _error_of(db: Session, job: Any) -> dict[str, Any] | None:
    exc: QuickBooksCallError | None
    if job.state == JobState.DONE:
        exc = _status_error(db, job)
    else:
        from nxus.quickbooks.calls import failure

        exc = failure(_result(job))
    return None if exc is None else shape(exc)


def _result(job: Any) -> JobResult:
    return JobResult.of(job, with_response=False)


def _status_error(db: Session, job: Any) -> QuickBooksCallError | None:
    """QuickBooks answered: an error only when the answer is one for the API (an error status
    of an operation; raw qbXML jobs succeed whatever QuickBooks said). The status stored with
    the job is the one receiveResponseXML read: the answer is not read again."""
    if not job.status_code or not job.operation:
        return None
    status = StoredStatus(job.status_code, job.status_severity or "", job.status_message or "")
    return status_error(status, Operation.from_json(job.operation))


def shape(exc: QuickBooksCallError) -> dict[str, Any]:
    """The API's error shape (nxus.api.errors) of a QuickBooks call error."""
    from nxus.error_codes import kind_of

    kind = kind_of(exc.code)
    return {
        "code": exc.code,
        "message": exc.message,
        "userFacingMessage": exc.user_message or kind.user_message,
        "type": kind.type,
        "httpStatusCode": kind.status,
        "integrationCode": exc.integration_code,
    }
