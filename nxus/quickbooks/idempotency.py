"""`Idempotency-Key` on QuickBooks writes: one key, one write, at most once.

The first request with a key stores a record (per API key) with a qbXML message set id and
sends the write with `newMessageSetID` = that id. A retry with the same key and request:
- answered before: the stored answer again (no new job);
- still queued or sent: waits for the same job;
- the answer was lost (job `unknown`, failed on an HRESULT, or cancelled): the write is sent
  again with `oldMessageSetID` = `newMessageSetID` = the id. QuickBooks (error recovery)
  answers the stored response when the first one was applied, and applies it otherwise.
The same key with a different request is a 400.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, replace
from datetime import timedelta

from flask import Flask
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nxus.db import utcnow
from nxus.models import Connection, IdempotencyRecord
from nxus.models.qbwc import JobState
from nxus.quickbooks.calls import Rendered, Settings, outcome, submit, wait
from nxus.quickbooks.errors import QuickBooksCallError, validation
from nxus.resources.operation import Operation
from nxus.services import jobs
from nxus.services.jobs import JobResult

HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
# Outcomes worth replaying: QuickBooks' own answers. Timeouts and connection errors are not.
_TRANSIENT = frozenset({"REQUEST_TIMEOUT", "QBD_CONNECTION_ERROR", "QBD_OBJECT_IN_USE"})


@dataclass(frozen=True)
class Answer:
    rendered: Rendered
    replayed: bool


def check_key(value: str) -> str:
    if not _KEY.match(value):
        raise validation(HEADER, "must be 1 to 255 printable ASCII characters without spaces.")
    return value


def fingerprint(connection: Connection, op: Operation) -> str:
    text = json.dumps(
        [str(connection.id), op.resource, op.action, op.object_id, op.data],
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def run_write(
    app: Flask,
    session: Session,
    api_key_id: uuid.UUID,
    connection: Connection,
    op: Operation,
    key: str,
    timeout: float,
    settings: Settings,
) -> Answer:
    """Perform the write `op` under `key` (see the module docstring)."""
    print_ = fingerprint(connection, op)
    record = _record(session, api_key_id, key)
    if record is None:
        record = _start(session, api_key_id, connection, op, key, print_, settings)
        if record is None:  # another request with the same key won the race
            record = _record(session, api_key_id, key)
            assert record is not None
    elif record.fingerprint != print_:
        session.rollback()
        raise validation(HEADER, "was already used with a different request; use a new key.")
    if record.response_status is not None:
        return Answer(_replay(record), True)
    op = replace(op, new_message_set_id=record.message_set_id)
    job = jobs.get_job(session, record.job_id) if record.job_id else None
    if job is None or job.state in (JobState.FAILED, JobState.CANCELLED, JobState.UNKNOWN):
        # Lost or never sent: again, with error recovery so that it lands at most once.
        job = submit(session, connection, replace(op, old_message_set_id=record.message_set_id))
        record.job_id = job.id
    record_id, job_id = record.id, job.id
    session.commit()
    result = wait(app, job_id, connection.id, timeout)
    return Answer(_finish(app, session, record_id, op, result, timeout), False)


def _record(session: Session, api_key_id: uuid.UUID, key: str) -> IdempotencyRecord | None:
    record = session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.api_key_id == api_key_id, IdempotencyRecord.key == key
        )
    )
    if record is not None and record.expires_at <= utcnow():
        session.delete(record)
        session.flush()
        return None
    return record


def _start(
    session: Session,
    api_key_id: uuid.UUID,
    connection: Connection,
    op: Operation,
    key: str,
    print_: str,
    settings: Settings,
) -> IdempotencyRecord | None:
    message_set_id = uuid.uuid4().hex
    record = IdempotencyRecord(
        api_key_id=api_key_id,
        connection_id=connection.id,
        key=key,
        fingerprint=print_,
        message_set_id=message_set_id,
        expires_at=utcnow() + timedelta(seconds=settings.idempotency_ttl),
    )
    session.add(record)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return None
    job = submit(session, connection, replace(op, new_message_set_id=message_set_id))
    record.job_id = job.id
    return record


def _finish(
    app: Flask,
    session: Session,
    record_id: uuid.UUID,
    op: Operation,
    result: JobResult,
    timeout: float,
) -> Rendered:
    try:
        rendered = outcome(app, op, result, timeout)
    except QuickBooksCallError as exc:
        if exc.code not in _TRANSIENT:
            _store(session, record_id, 0, {"error": _error_json(exc)})
        raise
    _store(session, record_id, rendered.status, rendered.body)
    return rendered


def _store(session: Session, record_id: uuid.UUID, status: int, body: object) -> None:
    record = session.get(IdempotencyRecord, record_id)
    if record is not None:
        record.response_status = status
        record.response_body = json.dumps(body, separators=(",", ":"))
        session.commit()


def _error_json(exc: QuickBooksCallError) -> dict[str, str | None]:
    return {
        "code": exc.code,
        "message": exc.message,
        "integrationCode": exc.integration_code,
        "userFacingMessage": exc.user_message,
    }


def _replay(record: IdempotencyRecord) -> Rendered:
    body = json.loads(record.response_body or "null")
    if record.response_status == 0:
        error = body["error"]
        raise QuickBooksCallError(
            error["code"],
            error["message"],
            integration_code=error.get("integrationCode"),
            user_message=error.get("userFacingMessage"),
        )
    return Rendered(int(record.response_status or 200), body, record.job_id)
