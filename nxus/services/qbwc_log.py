"""The exchange log: one row per SOAP call, with bodies kept for a retention period.

Secrets never reach the database: the password of authenticate is replaced before the body is
stored, and every ticket is replaced by a short form of its hash. Only ticket hashes are kept."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from lxml import etree
from sqlalchemy import insert, or_, update
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


def ticket_mark(ticket_hash: str) -> str:
    return f"[ticket {ticket_hash[:12]}]"


def redacted_authenticate(user_name: str) -> bytes:
    """What is logged for an authenticate request: the user name, never the password."""
    root = etree.Element(f"{{{SOAP11_NS}}}Envelope", nsmap={"soap": SOAP11_NS})
    body = etree.SubElement(root, f"{{{SOAP11_NS}}}Body")
    call = etree.SubElement(body, f"{{{INTUIT_NS}}}authenticate", nsmap={None: INTUIT_NS})
    etree.SubElement(call, f"{{{INTUIT_NS}}}strUserName").text = user_name or None
    etree.SubElement(call, f"{{{INTUIT_NS}}}strPassword").text = REDACTED
    return etree.tostring(root)


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
_INSERT = insert(QbwcExchange.__table__)  # built once; the values come with each execution


def add_exchange(session: Session, record: ExchangeRecord, policy: LogPolicy) -> None:
    """Insert the row (one Core INSERT; the caller commits with the call's own work)."""
    keep = policy.retention_days > 0
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
            if keep
            else None,
            response_body=_clip(record.response, record.ticket, record.ticket_hash, limit)
            if keep
            else None,
        ),
    )


def purge_bodies(session: Session, now: datetime, retention_days: int) -> int:
    """Drop bodies older than the retention (the rows, with sizes and results, stay)."""
    cutoff = now - timedelta(days=max(retention_days, 0))
    result = session.execute(
        update(QbwcExchange)
        .where(
            QbwcExchange.started_at < cutoff,
            or_(QbwcExchange.request_body.is_not(None), QbwcExchange.response_body.is_not(None)),
        )
        .values(request_body=None, response_body=None)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
