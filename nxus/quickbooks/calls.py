"""QuickBooks calls of the JSON API: submit a job, wait for the Web Connector, map the answer.

    op = Operation("customers", "retrieve", object_id="80000001-1234567890")
    result = perform(app, session, connection, op, timeout=settings.crud_timeout)
    result.status, result.body           # 200, the SDK's JSON

The request is built at the connection's known qbXML version (fast 400s naming the field) and
rebuilt at the session's version when the Web Connector takes it (nxus.services.jobs). While a
job waits in the queue a failed Web Connector session (connectionError: QuickBooks not running,
wrong file ...) ends the wait at once with 502; a wait that runs out is 408: the job is
cancelled when it was never sent, and reported unknown (with its id) when it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from nxus import wakeup
from nxus.db import end_request_reads, new_session, read_session, utcnow, wakeup_bus
from nxus.formats import iso
from nxus.models import Connection
from nxus.models.qbwc import Job, JobState, QbwcSession
from nxus.qbxml.parser import ResponseSet, iter_response_sets
from nxus.quickbooks import modified as qb_modified
from nxus.quickbooks.errors import (
    QuickBooksCallError,
    hresult_error,
    public_job_id,
    status_error,
    validation,
)
from nxus.resources import Resource, converters, custom_fields, deleted, native
from nxus.resources.encoding import EncodedList
from nxus.resources.operation import (
    CUSTOM_FIELDS,
    DEFAULT_VERSION,
    BuildFailed,
    Operation,
    build,
    calls,
)
from nxus.services import jobs, retention
from nxus.services.jobs import JobResult


@dataclass(frozen=True)
class Settings:
    crud_timeout: float
    list_timeout: float
    cursor_idle: float
    non_iterable_max: int
    idempotency_ttl: float

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Settings:
        return cls(
            crud_timeout=float(config["API_QB_TIMEOUT_CRUD_SECONDS"]),
            list_timeout=float(config["API_QB_TIMEOUT_LIST_SECONDS"]),
            cursor_idle=float(config["API_CURSOR_IDLE_SECONDS"]),
            non_iterable_max=int(config["API_NON_ITERABLE_MAX"]),
            idempotency_ttl=float(config["API_IDEMPOTENCY_TTL_SECONDS"]),
        )


@dataclass
class Rendered:
    """QuickBooks' answer as API JSON; list pages also carry the iterator's state."""

    status: int
    body: Any
    job_id: uuid.UUID | None = None
    session_id: int | None = None
    iterator_id: str | None = None
    remaining: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


# --- submit and wait ---------------------------------------------------------------------------


def submit(
    session: Session,
    connection: Connection,
    op: Operation,
    job_id: uuid.UUID | None = None,
    *,
    detached: bool = False,
) -> Job:
    """Build the request at the connection's version and queue it (commits). `job_id`: the
    id to give the job (a caller that subscribed to its wake-up before queueing it);
    `detached`: nobody waits for it (Prefer: respond-async)."""
    version = connection.qbxml_version or DEFAULT_VERSION
    op = replace(op, built_for=version)
    if session.get_bind().dialect.name == "sqlite":
        # End the request's reads (key, connection) before the CPU work of building: on
        # SQLite a transaction of the session holds the write lock, which the job's INSERT
        # takes again briefly. Elsewhere the reads and the INSERT are one transaction.
        end_request_reads()
        session.commit()
    job_id = job_id or uuid.uuid4()
    try:
        built = build(op, version, job_id)
    except BuildFailed as exc:
        session.rollback()
        raise validation(exc.field, exc.message) from None
    return jobs.submit_built(
        session,
        connection.id,
        job_id,
        built,
        version=version,
        operation=op.to_json(),
        detached=detached,
    )


def wait(
    app: Flask,
    job_id: uuid.UUID,
    connection_id: uuid.UUID,
    timeout: float,
    subscription: wakeup.Subscription | None = None,
) -> JobResult:
    """Wait for the job; stop early (502, job cancelled) when a Web Connector session of the
    connection failed to reach QuickBooks while the job was still queued. `subscription`:
    one to the job's and the connection's failure keys, taken before the job was queued."""

    def stop_if_a_session_failed() -> None:
        failure = _session_failure(app, connection_id, job_id)
        if failure is not None:
            with new_session(app) as db:
                if jobs.cancel_job(db, job_id):
                    raise hresult_error(*failure)

    return jobs.wait_for_job(
        app,
        job_id,
        timeout,
        also=(wakeup.failure_key(connection_id),),
        on_also=stop_if_a_session_failed,
        subscription=subscription,
    )


def _session_failure(
    app: Flask, connection_id: uuid.UUID, job_id: uuid.UUID
) -> tuple[str, str | None] | None:
    """The HRESULT of a session of the connection that failed since the job was queued."""
    since = select(Job.created_at).where(Job.id == job_id).scalar_subquery()
    with read_session(app) as db:
        row = db.execute(
            select(QbwcSession.last_hresult, QbwcSession.last_error)
            .where(
                QbwcSession.connection_id == connection_id,
                QbwcSession.state == "error",
                QbwcSession.closed_at >= since,
                QbwcSession.last_hresult.is_not(None),
            )
            .order_by(QbwcSession.closed_at.desc())
            .limit(1)
        ).first()
        db.rollback()
    return (row.last_hresult, None) if row is not None else None


def perform(
    app: Flask,
    session: Session,
    connection: Connection,
    op: Operation,
    timeout: float,
    limit: int | None = None,
) -> Rendered:
    """Submit, wait, render (lists: at most `limit` records); raises QuickBooksCallError for
    every failure."""
    op = qb_modified.localize(app.config, connection, op)
    job_id = uuid.uuid4()
    # Subscribed before the job is queued: its end cannot be missed, so the wait looks at the
    # database only when woken (or at the fallback interval), never once for nothing first.
    keys = (wakeup.job_key(job_id), wakeup.failure_key(connection.id))
    with wakeup_bus(app).subscribe(*keys) as subscription:
        submit(session, connection, op, job_id)
        result = wait(app, job_id, connection.id, timeout, subscription)
    return outcome(app, op, result, timeout, limit)


# --- the outcome of a job ----------------------------------------------------------------------


def outcome(
    app: Flask,
    op: Operation,
    result: JobResult,
    timeout: float | None = None,
    limit: int | None = None,
) -> Rendered:
    """The API answer for a job snapshot (raises QuickBooksCallError); lists keep at most
    `limit` records."""
    if result.state == JobState.DONE:
        rendered = render(op, result.response_qbxml or "", result.id, limit)
        rendered.session_id = result.session_id
        return rendered
    if result.state == JobState.SENT:
        retention.detach(app, result.id)  # the caller gives up: GET /api/v1/jobs/{id} later
    raise failure(result, timeout)


def failure(result: JobResult, timeout: float | None = None) -> QuickBooksCallError:
    job = public_job_id(result.id)
    waited = f" within {timeout:g} s" if timeout is not None else ""
    if result.state == JobState.FAILED:
        if result.hresult:
            error = hresult_error(result.hresult, result.error_message)
            error.job_id = result.id
            return error
        if result.error_kind == "validation":
            field, _, message = (result.error_message or "").partition(": ")
            return validation(field, message)
        return QuickBooksCallError(
            "QBD_CONNECTION_ERROR",
            f"QuickBooks did not answer job {job}: {result.error_message or 'unknown error'}",
            job_id=result.id,
        )
    if result.state == JobState.CANCELLED:
        return QuickBooksCallError(
            "REQUEST_TIMEOUT",
            f"QuickBooks did not take the request{waited}: the Web Connector did not poll "
            f"(is it running, with QuickBooks open?). Job {job} was cancelled; nothing was sent.",
            job_id=result.id,
        )
    return QuickBooksCallError(
        "REQUEST_TIMEOUT",
        f"QuickBooks has not answered{waited}. Job {job} was sent to QuickBooks and its outcome "
        f"is unknown: check GET /api/v1/jobs/{job}, or retry with the same Idempotency-Key "
        "(a write then lands at most once).",
        job_id=result.id,
    )


def render(
    op: Operation,
    response_qbxml: str,
    job_id: uuid.UUID | None = None,
    limit: int | None = None,
) -> Rendered:
    """QuickBooks' response document as the API's JSON for `op`; a list's body is an
    `EncodedList` of at most `limit` records."""
    sets = iter_response_sets(response_qbxml)
    rs = next(sets, None)
    if rs is None:
        raise QuickBooksCallError(
            "QBD_XML_RESPONSE_ERROR", "QuickBooks' answer holds no response to the request."
        )
    error = status_error(rs, op)
    if error is not None:
        error.job_id = job_id
        raise error
    if op.resource in CUSTOM_FIELDS:
        return _custom_fields(op, rs, job_id)
    resource = deleted.lookup(op.resource)
    if op.action in ("delete", "void"):
        fields = {r.tag: r.get("#text") for r in rs.records}
        return Rendered(200, _deleted(op, resource.object_type, fields), job_id)
    if op.action == "count" and op.window:
        count = len(qb_modified.filtered(_encoded(resource, rs, None), op.window))
        return Rendered(200, {"objectType": "count", "count": count}, job_id)
    if op.action == "count":
        count = rs.ret_count if rs.ret_count is not None else sum(1 for _ in rs.records)
        return Rendered(200, {"objectType": "count", "count": count}, job_id)
    if op.action in ("list", "continue", "stop"):
        records = qb_modified.filtered(_encoded(resource, rs, limit), op.window)
        return Rendered(200, records, job_id, None, rs.iterator_id, rs.iterator_remaining_count)
    convert = converters(resource)
    for record in rs.records:
        one = convert.get(record.tag)
        if one is not None:
            return Rendered(201 if op.action == "create" else 200, one(record), job_id)
    raise QuickBooksCallError(
        "QBD_XML_RESPONSE_ERROR", "QuickBooks answered without the record.", job_id=job_id
    )


def _custom_fields(op: Operation, rs: ResponseSet, job_id: uuid.UUID | None) -> Rendered:
    """A definition (or the list of them) or one value as JSON."""
    records = list(rs.records)
    if op.resource == custom_fields.DEFINITIONS:
        found = [custom_fields.definition_json(r) for r in records if r.tag == "DataExtDefRet"]
        if op.action == "list":
            body = {"objectType": "list", "data": found, "count": len(found), "hasMore": False}
            return Rendered(200, body, job_id)
        if op.action == "delete":
            return Rendered(200, _definition_deleted(op, records), job_id)
        if found:
            return Rendered(201 if op.action == "create" else 200, found[0], job_id)
    else:
        request = calls(op)[0].body
        for record in records:
            value = custom_fields.value_json(request, record)
            if op.action == "delete":
                value |= {"status": "deleted", "deleted": True}
            return Rendered(201 if op.action == "create" else 200, value, job_id)
    raise QuickBooksCallError(
        "QBD_XML_RESPONSE_ERROR", "QuickBooks answered without the custom field.", job_id=job_id
    )


def _definition_deleted(op: Operation, records: list[Any]) -> dict[str, Any]:
    ret = records[0] if records else {}
    return {
        "id": None,
        "objectType": custom_fields.DEFINITION_OBJECT,
        "ownerId": ret.get("OwnerID"),
        "name": ret.get("DataExtName", op.object_id),
        "status": "deleted",
        "deleted": True,
        "timestamp": utcnow().isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }


def _encoded(resource: Resource, rs: ResponseSet, limit: int | None) -> EncodedList:
    """The records of the resource's Ret kinds as JSON, each encoded as soon as it is mapped
    (a big list is held as JSON bytes, never as dicts); at most `limit` of them. With the C
    module built, records arrive as their JSON bytes already (the ones it declines, and all
    of them without it, as Records converted here)."""
    out = EncodedList()
    convert = converters(resource)
    table = native.programs(resource, rs.table)

    def renderer(element: Any, count: int) -> list[Any]:
        if table is None:  # no C module: every child as a Record
            return list(range(count))
        room = -1 if limit is None else max(limit - len(out), 0)
        return native.render(element, count, table, room)

    for batch in rs.render(renderer):
        for item in batch:
            if limit is not None and len(out) >= limit:
                return out
            if item.__class__ is tuple:
                out.append_run(*item)  # records rendered in C: (JSON, how many)
            elif (one := convert.get(item.tag)) is not None:
                out.append(one(item))
    return out


def _deleted(op: Operation, object_type: str, ret: dict[str, Any]) -> dict[str, Any]:
    """The SDK's DeleteResponse / VoidResponse from ListDelRs / TxnDelRs / TxnVoidRs."""
    done = "deleted" if op.action == "delete" else "voided"
    return {
        "id": op.object_id,
        "objectType": object_type,
        "status": done,
        done: True,
        "refNumber": ret.get("RefNumber"),
        "errorMessage": None,
        "errorCode": None,
        "suggestedAction": None,
        "timestamp": iso(utcnow()),
    }
