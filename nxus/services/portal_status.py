"""What the portal shows about a connection: its status in one word, when the Web Connector
is next expected, the diagnostic to act on, the job queue and the exchange log (with every
secret redacted again before display and the XML pretty-printed).

Built on the /qbwc models (sessions, jobs, exchanges, diagnostics); nothing here commits
except `cancel_queued_job` and `queue_first_exchange`."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import Session

from nxus.db import utcnow
from nxus.formats import iso, xml_parser
from nxus.models import Connection
from nxus.models.qbwc import Job, QbwcDiagnostic, QbwcExchange
from nxus.qbwc.envelope import INTUIT_NS, SOAP11_NS, build_result
from nxus.services import diagnostics, jobs, sample_company
from nxus.services.qbwc_common import request_document
from nxus.services.qbwc_log import ticket_mark

# state -> (badge class, words shown)
STATES: dict[str, tuple[str, str]] = {
    "connected": ("ok", "Connected"),
    "waiting": ("warn", "Waiting for the Web Connector"),
    "stale": ("warn", "Not polling"),
    "attention": ("bad", "Needs attention"),
    "disabled": ("idle", "Turned off"),
    "archived": ("idle", "Archived"),
}
EXCHANGE_METHODS = (
    "serverVersion",
    "clientVersion",
    "authenticate",
    "sendRequestXML",
    "receiveResponseXML",
    "connectionError",
    "getLastError",
    "closeConnection",
)
MAX_DISPLAY_CHARS = 200_000
REDACTED = "[redacted]"


@dataclass(frozen=True)
class Diagnostic:
    title: str
    explanation: str
    fix: str
    anchor: str
    severity: str
    created_at: datetime
    detail: str | None
    code: str = ""

    @property
    def support_url(self) -> str:
        return f"{diagnostics.SUPPORT_PATH}#{self.anchor}"

    @classmethod
    def of(cls, row: QbwcDiagnostic) -> Diagnostic:
        return cls(
            row.title,
            row.explanation,
            row.fix,
            row.support_anchor,
            row.severity,
            row.created_at,
            row.detail,
            row.code,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "explanation": self.explanation,
            "fix": self.fix,
            "supportUrl": self.support_url,
            "severity": self.severity,
            "createdAt": iso(self.created_at, "seconds"),
        }


@dataclass(frozen=True)
class ConnectionStatus:
    connection: Connection
    state: str
    diagnostic: Diagnostic | None
    next_poll_at: datetime | None
    queued: int

    @property
    def badge(self) -> str:
        return STATES[self.state][0]

    @property
    def label(self) -> str:
        return STATES[self.state][1]

    def as_json(self) -> dict[str, Any]:
        c = self.connection
        return {
            "id": c.public_id,
            "state": self.state,
            "badge": self.badge,
            "label": self.label,
            "companyName": c.company_name,
            "companyFile": c.company_file,
            "edition": c.edition,
            "isSampleFile": c.is_sample_file,
            "isConnected": c.last_connected_at is not None,
            "lastSyncAt": iso(c.last_connected_at, "seconds"),
            "lastPollAt": iso(c.last_poll_at, "seconds"),
            "nextPollAt": iso(self.next_poll_at, "seconds"),
            "queued": self.queued,
            "diagnostic": self.diagnostic.as_json() if self.diagnostic else None,
        }


def poll_interval(config: Any) -> int:
    """Seconds between two Web Connector visits when idle: the .qwc schedule, or the slower
    pace authenticate asks for."""
    return max(
        int(config["QWC_RUN_EVERY_N_SECONDS"]), int(config["QBWC_MIN_RUN_EVERY_SECONDS_IDLE"])
    )


def status_of(
    session: Session, connection: Connection, interval: int, now: datetime | None = None
) -> ConnectionStatus:
    now = now or utcnow()
    row = diagnostics.latest_unresolved(session, connection.id)
    diagnostic = Diagnostic.of(row) if row is not None else None
    missed = diagnostics.check_missed_polls(connection.last_poll_at, interval, now)
    if connection.archived_at is not None:
        state = "archived"
    elif not connection.is_active:
        state = "disabled"
    elif diagnostic is not None and diagnostic.severity == "error":
        state = "attention"
    elif connection.last_connected_at is None:
        state = "waiting"
    elif diagnostic is not None and diagnostic.code == diagnostics.MISSED_POLLS:
        state = "stale"  # recorded when polls were missed, or when the sample company stopped
    elif missed is not None:
        state = "stale"
        if diagnostic is None:
            diagnostic = Diagnostic(
                missed.title, missed.explanation, missed.fix, missed.anchor, missed.severity,
                now, None,
            )  # fmt: skip
    else:
        state = "connected"
    next_poll = (
        connection.last_poll_at + timedelta(seconds=interval) if connection.last_poll_at else None
    )
    return ConnectionStatus(
        connection, state, diagnostic, next_poll, jobs.count_queued(session, connection.id)
    )


def statuses(session: Session, organization_id: uuid.UUID, interval: int) -> list[ConnectionStatus]:
    """Every connection of the organization that is not archived, oldest first."""
    rows = session.scalars(
        select(Connection)
        .where(Connection.organization_id == organization_id, Connection.archived_at.is_(None))
        .order_by(Connection.created_at, Connection.id)
    )
    now = utcnow()
    return [status_of(session, c, interval, now) for c in rows]


# --- the queue --------------------------------------------------------------------------


def recent_jobs(session: Session, connection_id: uuid.UUID, limit: int = 50) -> list[Job]:
    """Queued and sent jobs first (oldest first: the order QuickBooks gets them), then the
    most recently finished ones."""
    pending = list(
        session.scalars(
            select(Job)
            .where(Job.connection_id == connection_id, Job.state.in_(("queued", "sent")))
            .order_by(Job.created_at, Job.id)
            .limit(limit)
        )
    )
    finished = list(
        session.scalars(
            select(Job)
            .where(Job.connection_id == connection_id, Job.state.not_in(("queued", "sent")))
            .order_by(Job.created_at.desc(), Job.id.desc())
            .limit(max(limit - len(pending), 0))
        )
    )
    return pending + finished


def cancel_queued_job(session: Session, connection_id: uuid.UUID, job_id: uuid.UUID) -> bool:
    """Cancel a job of this connection that was not sent yet; commits. False otherwise."""
    job = session.get(Job, job_id)
    if job is None or job.connection_id != connection_id:
        return False
    return jobs.cancel_job(session, job_id)


def queue_first_exchange(session: Session, connection: Connection) -> bool:
    """One small request for a connection that never connected. No longer needed for the
    first session (authenticate treats a never-connected connection as work and ends that
    session cleanly); kept harmless for the wizard's button: the job is simply answered in
    that first session. Commits; False when not needed."""
    if connection.archived_at is not None or not connection.is_active:
        return False
    return sample_company.queue_first_exchange(session, connection)


# --- the exchange log -------------------------------------------------------------------


def exchanges(
    session: Session,
    connection_id: uuid.UUID,
    method: str | None = None,
    problems_only: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> list[QbwcExchange]:
    query = select(QbwcExchange).where(QbwcExchange.connection_id == connection_id)
    if method in EXCHANGE_METHODS:
        query = query.where(QbwcExchange.method == method)
    if problems_only:
        query = query.where(
            (QbwcExchange.http_status != 200)
            | QbwcExchange.hresult.is_not(None)
            | (QbwcExchange.status_code.is_not(None) & (QbwcExchange.status_code != 0))
            | QbwcExchange.result.in_(("nvu", "nvu (throttled)", "nvu (connection disabled)"))
            | QbwcExchange.result.like("fault%")
        )
    query = query.order_by(QbwcExchange.started_at.desc(), QbwcExchange.id.desc())
    query = query.offset(offset).limit(limit)
    return list(session.scalars(query))


def exchange(session: Session, connection_id: uuid.UUID, exchange_id: int) -> QbwcExchange | None:
    row = session.get(QbwcExchange, exchange_id)
    return row if row is not None and row.connection_id == connection_id else None


_SECRET_ELEMENT = re.compile(
    r"(<(?:[\w.-]+:)?(strPassword|password|strTicket|ticket|wcTicket)\b[^>/]*>)([^<]*)(</)",
    re.IGNORECASE,
)
_AUTH_TICKET = re.compile(
    r"(<(?:[\w.-]+:)?authenticateResult\b[^>]*>\s*<(?:[\w.-]+:)?string\b[^>]*>)([^<]*)(<)"
)


def _keep_or_redact(value: str) -> str:
    text = value.strip()
    if not text or text.startswith("[ticket ") or text == REDACTED:
        return value
    return REDACTED


def redact(body: str) -> str:
    """Passwords and tickets out, again: the log stores them redacted already; this makes
    sure nothing that slipped through reaches a page."""
    body = _SECRET_ELEMENT.sub(
        lambda m: m.group(1) + _keep_or_redact(m.group(3)) + m.group(4), body
    )
    return _AUTH_TICKET.sub(lambda m: m.group(1) + _keep_or_redact(m.group(2)) + m.group(3), body)


@dataclass(frozen=True)
class Body:
    """A body ready to show: the envelope, and the qbXML documents it carries as text."""

    text: str
    inner: list[tuple[str, str]]


def _pretty(text: str) -> str | None:
    try:
        root = etree.fromstring(text.strip().encode("utf-8"), xml_parser(remove_blank_text=True))
    except (etree.XMLSyntaxError, ValueError):
        return None
    return etree.tostring(root, pretty_print=True, encoding="unicode")


def display_body(raw: str | None) -> Body | None:
    """Redacted, pretty-printed XML (as text, for a <pre>); None when no body was kept."""
    if raw is None:
        return None
    clipped = raw[:MAX_DISPLAY_CHARS]
    more = ""
    if len(raw) > len(clipped):
        more = f"\n[… {len(raw) - len(clipped)} more characters not shown]"
    safe = redact(clipped)
    inner: list[tuple[str, str]] = []
    try:
        root = etree.fromstring(safe.strip().encode("utf-8"), xml_parser(remove_blank_text=True))
    except (etree.XMLSyntaxError, ValueError):
        return Body(safe + more, inner)
    for element in root.iter():
        text = (element.text or "").strip()
        if isinstance(element.tag, str) and text.startswith("<"):
            pretty = _pretty(redact(text))
            if pretty is not None:
                inner.append((etree.QName(element).localname, pretty))
                element.text = "[the qbXML it carries is shown below]"
    return Body(etree.tostring(root, pretty_print=True, encoding="unicode") + more, inner)


def exchange_bodies(session: Session, row: QbwcExchange) -> tuple[Body | None, Body | None]:
    """The request and response of an exchange as `display_body` shows them; a body that is
    a job's qbXML (`row.body_ref`) is made again from the job while the job keeps it."""
    request, response = display_body(row.request_body), display_body(row.response_body)
    if row.body_ref is None or row.job_id is None or row.kept is None:
        return request, response
    rebuilt = _rebuilt(row, session.get(Job, row.job_id))
    if row.body_ref == "request":
        return rebuilt, response
    return request, rebuilt


def _rebuilt(row: QbwcExchange, job: Job | None) -> Body | None:
    if job is None or job.payload_purged_at is not None:
        return None
    if row.body_ref == "response" and row.method == "sendRequestXML" and job.request_body:
        qbxml = request_document(job.request_body, job.qbxml_version)
        shown = qbxml[:MAX_DISPLAY_CHARS]
        envelope = build_result("sendRequestXML", shown).decode("utf-8")
    elif row.body_ref == "request" and row.method == "receiveResponseXML" and job.response_body:
        qbxml = job.response_body
        shown = qbxml[:MAX_DISPLAY_CHARS]
        ticket = ticket_mark(row.ticket_hash) if row.ticket_hash else ""
        envelope = _receive_envelope(ticket, shown)
    else:
        return None
    body = display_body(envelope)
    assert body is not None
    if len(qbxml) > len(shown):
        note = f"\n[… {len(qbxml) - len(shown)} more characters of the job's qbXML not shown]"
        body = Body(body.text + note, body.inner)
    return body


def _receive_envelope(ticket: str, response: str) -> str:
    """receiveResponseXML as the Web Connector sent it: ticket (its mark), the answer, and an
    empty hresult and message (an exchange with either keeps its own copy)."""
    root = etree.Element(f"{{{SOAP11_NS}}}Envelope", nsmap={"soap": SOAP11_NS})
    body = etree.SubElement(root, f"{{{SOAP11_NS}}}Body")
    call = etree.SubElement(body, f"{{{INTUIT_NS}}}receiveResponseXML", nsmap={None: INTUIT_NS})
    for name, value in (
        ("ticket", ticket),
        ("response", response),
        ("hresult", ""),
        ("message", ""),
    ):
        etree.SubElement(call, f"{{{INTUIT_NS}}}{name}").text = value or None
    return etree.tostring(root, encoding="unicode")
