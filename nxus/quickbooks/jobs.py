"""Jobs as the API shows them (`job_<hex>`), and the raw qbXML passthrough."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from nxus.formats import iso
from nxus.models import Connection
from nxus.models.qbwc import Job, JobState
from nxus.qbxml import versions
from nxus.qbxml.validate import QbxmlParseError, validate_request
from nxus.quickbooks.calls import failure, outcome, wait
from nxus.quickbooks.errors import QuickBooksCallError, validation
from nxus.resources.operation import Operation
from nxus.services import connections, jobs, retention
from nxus.services.errors import NotFound, ValidationFailed
from nxus.services.jobs import JobResult

PREFIX = "job_"


def public_id(job_id: uuid.UUID) -> str:
    return f"{PREFIX}{job_id.hex}"


def parse_id(ref: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(ref.removeprefix(PREFIX))
    except ValueError:
        return None


def submit_raw(
    session: Session, connection: Connection, raw: bytes, *, detached: bool = False
) -> uuid.UUID:
    """Queue a raw qbXML document after checking it against its version's schema;
    `detached`: nobody waits for it (Prefer: respond-async), its answer is kept longer."""
    if not raw.strip():
        raise validation("body", "send a qbXML request document.")
    try:
        document = validate_request(raw)
    except QbxmlParseError as exc:
        raise validation("body", f"{exc} ({exc.detail})") from None
    if versions.too_new(document.version, connection.qbxml_version):  # the version gate
        raise validation(
            "body", f"this qbXML {versions.needs(document.version, connection.qbxml_version)}"
        )
    try:
        job = jobs.submit_qbxml(session, connection.id, raw, kind="raw", detached=detached)
    except ValidationFailed as exc:
        raise validation("body", exc.message) from None
    return job.id


def run_raw(
    app: Flask, session: Session, connection: Connection, raw: bytes, timeout: float
) -> str:
    """QuickBooks' raw response to a raw request (errors as for every QuickBooks call)."""
    job_id = submit_raw(session, connection, raw)
    result = wait(app, job_id, connection.id, timeout)
    if result.state != JobState.DONE:
        if result.state == JobState.SENT:
            retention.detach(app, result.id)  # the caller gives up: GET /api/v1/jobs later
        raise failure(result, timeout)
    return result.response_qbxml or ""


def describe(
    app: Flask, session: Session, scope: connections.Scope, ref: str
) -> dict[str, Any] | None:
    """A job of the caller's scope as JSON, with its result or error once finished."""
    job_id = parse_id(ref)
    job = session.get(Job, job_id) if job_id else None
    if job is None:
        return None
    try:
        connections.find(session, scope, str(job.connection_id))
    except NotFound:
        return None
    result = JobResult.of(job)
    operation = Operation.from_json(job.operation) if job.operation else None
    purged = job.payload_purged_at is not None
    session.rollback()
    body: dict[str, Any] = {
        "id": public_id(result.id),
        "objectType": "job",
        "status": result.state.value,
        "requests": list(result.request_names),
        "createdAt": iso(result.created_at),
        "sentAt": iso(result.sent_at),
        "finishedAt": iso(result.finished_at),
        "result": None,
        "error": None,
    }
    if not result.finished:
        return body
    if purged and result.state == JobState.DONE:
        body["error"] = {
            "code": "RESULT_EXPIRED",
            "message": f"QuickBooks answered job {public_id(result.id)}, but its answer is no "
            "longer kept (JOB_PAYLOAD_RETENTION_SECONDS after the call that waited for it, "
            "JOB_DETACHED_PAYLOAD_RETENTION_SECONDS for Prefer: respond-async).",
            "integrationCode": None,
        }
        return body
    try:
        if result.state == JobState.DONE and operation is None:
            body["result"] = {"qbxml": result.response_qbxml}
        elif operation is not None:
            rendered = outcome(app, operation, result)
            body["result"] = rendered.body
            body["httpStatusCode"] = rendered.status
        else:
            raise failure(result)
    except QuickBooksCallError as exc:
        body["error"] = {
            "code": exc.code,
            "message": exc.message,
            "integrationCode": exc.integration_code,
        }
    return body
