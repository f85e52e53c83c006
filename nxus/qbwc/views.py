"""/qbwc: parse the SOAP envelope, call one protocol function, answer in SOAP, log the exchange."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

from flask import Blueprint, Response, current_app, request
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from nxus import metrics
from nxus.db import get_session, utcnow
from nxus.qbwc import auth, close, exchange
from nxus.qbwc.common import Outcome, Settings, hash_ticket
from nxus.qbwc.envelope import (
    CONTENT_TYPE,
    SoapCall,
    SoapFault,
    build_fault,
    build_result,
    parse_call,
)
from nxus.qbwc.exchange import ReceiveParams
from nxus.qbwc.first_call import SendParams
from nxus.qbwc.log import INVALID, ExchangeRecord, add_exchange
from nxus.qbwc.wsdl import build_wsdl

log = logging.getLogger("nxus.qbwc")

bp = Blueprint("qbwc", __name__)

Handler = Callable[[Session, Settings, SoapCall, datetime], Outcome]


def _ticket(call: SoapCall) -> str:
    return call.get("ticket") or call.get("wcTicket")


_HANDLERS: dict[str, Handler] = {
    "serverVersion": lambda db, s, c, now: auth.server_version(),
    "clientVersion": lambda db, s, c, now: auth.client_version(s, c.get("strVersion")),
    "authenticate": lambda db, s, c, now: auth.authenticate(
        db, s, c.get("strUserName"), c.get("strPassword"), now
    ),
    "sendRequestXML": lambda db, s, c, now: exchange.send_request_xml(
        db,
        s,
        SendParams(
            ticket=c.get("ticket"),
            hcp_response=c.get("strHCPResponse"),
            company_file=c.get("strCompanyFileName"),
            country=c.get("qbXMLCountry"),
            major=c.get("qbXMLMajorVers").strip(),
            minor=c.get("qbXMLMinorVers").strip(),
        ),
        now,
    ),
    "receiveResponseXML": lambda db, s, c, now: exchange.receive_response_xml(
        db,
        s,
        ReceiveParams(
            ticket=c.get("ticket"),
            response=c.get("response"),
            hresult=c.get("hresult"),
            message=c.get("message"),
        ),
        now,
    ),
    "connectionError": lambda db, s, c, now: close.connection_error(
        db, c.get("ticket"), c.get("hresult"), c.get("message"), now
    ),
    "getLastError": lambda db, s, c, now: close.get_last_error(db, c.get("ticket"), now),
    "closeConnection": lambda db, s, c, now: close.close_connection(db, c.get("ticket"), now),
    "getInteractiveURL": lambda db, s, c, now: close.interactive_url(db, _ticket(c)),
    "interactiveDone": lambda db, s, c, now: close.interactive_done(db, _ticket(c)),
    "interactiveRejected": lambda db, s, c, now: close.interactive_rejected(
        db, _ticket(c), c.get("reason")
    ),
}


# The exchange hot path: its queries never need the call's own pending changes (the claim
# loops flush before they look again), so they are flushed once, at the commit.
_NO_AUTOFLUSH = frozenset({"sendRequestXML", "receiveResponseXML"})


def _settings() -> Settings:
    settings: Settings = current_app.extensions["nxus.qbwc.settings"]
    return settings


def _soap(payload: bytes, status: int = 200) -> Response:
    return Response(payload, status=status, content_type=CONTENT_TYPE)


def http_error_fault(exc: HTTPException) -> bytes:
    """Routing, size and NUL errors under /qbwc (400, 404, 405, 413 …) as SOAP faults."""
    code = exc.code or 500
    kind = "Server" if code >= 500 else "Client"
    message = {
        413: "The request is larger than this server accepts (MAX_CONTENT_LENGTH).",
        405: "The Web Connector endpoint accepts GET (WSDL) and POST (SOAP) only.",
        404: "There is no Web Connector endpoint here; use /qbwc.",
    }.get(code, exc.description or exc.name)
    return build_fault(kind, message)


def render_http_error(exc: HTTPException) -> Response:
    """The same faults for requests Flask dispatches (nxus.errors.register_renderer)."""
    return _soap(http_error_fault(exc), exc.code or 500)


@bp.get("/qbwc")
def endpoint() -> Response:
    """A probe answer, or the WSDL with ?wsdl. POST (the SOAP calls) never gets here:
    nxus.qbwc.wsgi serves it beside Flask's dispatch, through `answer` below."""
    if "wsdl" in {key.lower() for key in request.args}:
        location = (current_app.config.get("PUBLIC_URL") or request.url_root).rstrip("/")
        return Response(build_wsdl(f"{location}/qbwc"), content_type=CONTENT_TYPE)
    return Response(
        "nXus QuickBooks Web Connector endpoint. The WSDL is at ?wsdl.\n",
        content_type="text/plain; charset=utf-8",
    )


def answer(body: bytes) -> tuple[bytes, int]:
    """One Web Connector SOAP call: its SOAP answer and HTTP status. The call's work and its
    exchange row are committed together (in an app context: the session is the context's)."""
    started, t0 = utcnow(), time.perf_counter()
    settings = _settings()
    db = get_session()
    try:
        call = parse_call(body)
    except SoapFault as fault:
        payload = build_fault(fault.code, fault.message)
        record = ExchangeRecord(INVALID, started, 0.0, fault.http_status, body, payload)
        record.result = f"fault: {fault.message}"
        _log(db, settings, record, t0)
        return payload, fault.http_status
    try:
        if call.method in _NO_AUTOFLUSH:
            with db.no_autoflush:  # one flush, at the commit with the exchange row
                outcome = _HANDLERS[call.method](db, settings, call, started)
        else:
            outcome = _HANDLERS[call.method](db, settings, call, started)
        payload, status = build_result(call.method, outcome.value), 200
    except Exception:
        db.rollback()
        log.exception("qbwc %s failed", call.method)
        outcome = Outcome("", result="fault: server error")
        payload = build_fault("Server", "nXus could not process this call; see the server log.")
        status = 500
    ticket = call.get("ticket") or call.get("wcTicket") or None
    if call.method == "authenticate" and isinstance(outcome.value, list) and outcome.value[0]:
        ticket = outcome.value[0]
    record = ExchangeRecord(
        method=call.method,
        started_at=started,
        duration_ms=0.0,
        http_status=status,
        request=body,
        response=payload,
        connection_id=outcome.connection_id,
        session_id=outcome.session_id,
        ticket=ticket,
        ticket_hash=hash_ticket(ticket) if ticket else None,
        result=outcome.result,
        job_id=outcome.job_id,
        status_code=outcome.status_code,
        hresult=outcome.hresult,
        user_name=call.get("strUserName") if call.method == "authenticate" else None,
        # The job holds that body (a message beside an answer is kept in a copy, as before).
        body_ref=outcome.body_ref if status == 200 and not call.get("message") else None,
    )
    if not _log(db, settings, record, t0) and status == 200:
        # The call's work was not saved: never hand QBWC a result the database does not know.
        return build_fault("Server", "nXus could not save this call; try again."), 500
    return payload, status


def _log(db: Session, settings: Settings, record: ExchangeRecord, t0: float) -> bool:
    """Add the exchange row and commit the call's work with it (one transaction)."""
    record.duration_ms = (time.perf_counter() - t0) * 1000
    metrics.count_qbwc_exchange(record.method, record.result, record.http_status)
    try:
        add_exchange(db, record, settings.log_policy)
        db.commit()
        return True
    except Exception:
        db.rollback()
        log.exception("qbwc: could not store the %s exchange", record.method)
        return False
