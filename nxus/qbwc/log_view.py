"""An exchange log row's bodies as the portal shows them: every secret redacted again and the
XML pretty-printed. A request sent from a job's
stored qbXML is rebuilt as the envelope the Web Connector received."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from sqlalchemy.orm import Session

from nxus.formats import xml_parser
from nxus.models.qbwc import Job, QbwcExchange
from nxus.qbwc.common import request_document
from nxus.qbwc.envelope import INTUIT_NS, SOAP11_NS, build_result
from nxus.qbwc.log import ticket_mark

MAX_DISPLAY_CHARS = 200_000
REDACTED = "[redacted]"


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
    return str(etree.tostring(root, pretty_print=True, encoding="unicode"))


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
    return str(etree.tostring(root, encoding="unicode"))
