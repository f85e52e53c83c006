"""The exchange log: one row per SOAP call, with bodies kept for a retention period.

Secrets never reach the database: the password of authenticate is replaced before the body is
stored, and every ticket is replaced by a short form of its hash. Only ticket hashes are kept.

A body that is a job's qbXML (the result of sendRequestXML, the request of receiveResponseXML)
is not copied: the row says which (`body_ref`) and the portal makes it again from the job
(nxus.services.portal_status) as long as the job keeps its qbXML. Problems (`is_problem`) keep
their bodies for the longer failure retention (nxus.services.retention purges both)."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from lxml import etree
from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from nxus.models.qbwc import QbwcExchange
from nxus.qbwc.envelope import INTUIT_NS, SOAP11_NS

log = logging.getLogger("nxus.qbwc")

REDACTED = "[redacted]"
# The method recorded for a body that is not a usable SOAP call.
INVALID = "(invalid)"


@dataclass(frozen=True)
class LogPolicy:
    retention_days: int
    max_body_bytes: int
    failure_retention_days: int = 30


@dataclass
class ExchangeRecord:
    method: str
    started_at: datetime
    duration_ms: float
    http_status: int
    request: bytes
    response: bytes
    connection_id: uuid.UUID | None = None
    session_id: int | None = None
    ticket: str | None = None
    ticket_hash: str | None = None
    result: str | None = None
    job_id: uuid.UUID | None = None
    status_code: int | None = None
    hresult: str | None = None
    user_name: str | None = None
    body_ref: str | None = None  # "request" / "response": that body is the job's qbXML


def ticket_mark(ticket_hash: str) -> str:
    return f"[ticket {ticket_hash[:12]}]"


def redacted_authenticate(user_name: str) -> bytes:
    """What is logged for an authenticate request: the user name, never the password."""
    root = etree.Element(f"{{{SOAP11_NS}}}Envelope", nsmap={"soap": SOAP11_NS})
    body = etree.SubElement(root, f"{{{SOAP11_NS}}}Body")
    call = etree.SubElement(body, f"{{{INTUIT_NS}}}authenticate", nsmap={None: INTUIT_NS})
    etree.SubElement(call, f"{{{INTUIT_NS}}}strUserName").text = user_name or None
    etree.SubElement(call, f"{{{INTUIT_NS}}}strPassword").text = REDACTED
    return bytes(etree.tostring(root))


# Password and ticket elements of any prefix, in text that may not even be XML.
_SECRET_ELEMENT = re.compile(
    r"(<(?:[\w.-]+:)?(?:strPassword|password|strTicket|ticket|wcTicket)\b[^>/]*>)[^<]*(</|$)",
    re.IGNORECASE,
)


def redact_secrets(text: str) -> str:
    """Every password or ticket element emptied (one cut off by the clip too): for bodies
    /qbwc refused, whose parameters were never read (so their secrets are not known)."""
    return _SECRET_ELEMENT.sub(lambda m: m.group(1) + REDACTED + m.group(2), text)


def _clip(
    body: bytes, ticket: str | None, ticket_hash: str | None, limit: int, scrub: bool = False
) -> str:
    text = body[:limit].decode("utf-8", errors="replace")
    if ticket and ticket_hash:
        text = text.replace(ticket, ticket_mark(ticket_hash))
    if scrub:
        text = redact_secrets(text)
    if len(body) > limit:
        text += f"\n[… {len(body) - limit} more bytes not kept]"
    return text


# A job's qbXML is stored with the job (request and answer); its exchange rows keep a sample.
JOB_BODY_SAMPLE_BYTES = 64 * 1024
_INSERT = insert(
    cast(Table, QbwcExchange.__table__)
)  # built once; the values come with each execution


def is_problem(record: ExchangeRecord) -> bool:
    """What the portal's "problems only" filter shows (nxus.services.portal_status)."""
    result = record.result or ""
    return (
        record.http_status != 200
        or record.hresult is not None
        or record.status_code not in (None, 0)
        or result.startswith(("nvu", "fault"))
    )


def add_exchange(session: Session, record: ExchangeRecord, policy: LogPolicy) -> None:
    """Insert the row (one Core INSERT; the caller commits with the call's own work)."""
    kept: str | None = "failure" if is_problem(record) else "ok"
    days = policy.failure_retention_days if kept == "failure" else policy.retention_days
    keep = days > 0
    # A problem keeps its own copy (for the longer failure retention); else the job has it.
    ref = record.body_ref if record.job_id is not None and kept == "ok" else None
    keep_request, keep_response = keep and ref != "request", keep and ref != "response"
    if not (keep_request or keep_response):
        kept = None
    limit = policy.max_body_bytes
    if (record.result or "").startswith("fault"):
        limit = min(limit, 4096)  # hostile input: a sample is enough
    elif record.job_id is not None:
        limit = min(limit, JOB_BODY_SAMPLE_BYTES)
    request = record.request
    if record.method == "authenticate":
        request = redacted_authenticate(record.user_name or "")
    session.connection().execute(
        _INSERT,
        dict(
            connection_id=record.connection_id,
            session_id=record.session_id,
            ticket_hash=record.ticket_hash,
            method=record.method[:32],
            started_at=record.started_at,
            duration_ms=round(record.duration_ms, 3),
            http_status=record.http_status,
            request_bytes=len(record.request),
            response_bytes=len(record.response),
            result=(record.result or "")[:255] or None,
            job_id=record.job_id,
            status_code=record.status_code,
            hresult=record.hresult,
            request_body=_clip(
                request, record.ticket, record.ticket_hash, limit, record.method == INVALID
            )
            if keep_request
            else None,
            response_body=_clip(record.response, record.ticket, record.ticket_hash, limit)
            if keep_response
            else None,
            kept=kept,
            body_ref=ref if keep else None,
        ),
    )
