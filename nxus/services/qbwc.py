"""The Web Connector protocol: what each SOAP method does to sessions, jobs and connections.

Each function takes the call's parameters and a database Session and returns an Outcome (the
SOAP result plus what the exchange log records). They do not commit: the entrypoint adds the
exchange row and commits once, so a call costs one transaction. Two exceptions keep the house
rules: authenticate checks the password with no transaction open, and an empty sendRequestXML
of a warm session commits before it holds (sleeps) for new work.

Session life: authenticate → sendRequestXML (first: HCP, file check, version) → receive… →
(queue empty: hold / NoOp while warm, then a final HostQueryRq answered with 100) →
closeConnection. An unknown, closed or expired ticket ends the session cleanly.

This module is the public face; the work lives in
    qbwc_common     settings, Outcome, session states, tickets, the session lookup
    qbwc_auth       serverVersion, clientVersion, authenticate (opening a session)
    qbwc_first_call the first sendRequestXML: HCP, company file, qbXML version
    qbwc_exchange   sendRequestXML, receiveResponseXML (jobs out, answers in, keep-warm)
    qbwc_close      connectionError, getLastError, closeConnection, interactive methods
"""

from __future__ import annotations

from nxus.services.qbwc_auth import authenticate, client_version, server_version
from nxus.services.qbwc_close import (
    close_connection,
    connection_error,
    get_last_error,
    interactive_done,
    interactive_rejected,
    interactive_url,
)
from nxus.services.qbwc_common import (
    CLOSED,
    ENDED_TEXT,
    ERROR,
    FINAL_REQUEST_BODY,
    FINAL_REQUEST_ID,
    NOOP,
    OPEN,
    REFUSED,
    SERVER_VERSION,
    Outcome,
    Settings,
    hash_ticket,
    request_document,
)
from nxus.services.qbwc_exchange import ReceiveParams, receive_response_xml, send_request_xml
from nxus.services.qbwc_first_call import SendParams

__all__ = [
    "CLOSED",
    "ENDED_TEXT",
    "ERROR",
    "FINAL_REQUEST_BODY",
    "FINAL_REQUEST_ID",
    "NOOP",
    "OPEN",
    "REFUSED",
    "SERVER_VERSION",
    "Outcome",
    "ReceiveParams",
    "SendParams",
    "Settings",
    "authenticate",
    "client_version",
    "close_connection",
    "connection_error",
    "get_last_error",
    "hash_ticket",
    "interactive_done",
    "interactive_rejected",
    "interactive_url",
    "receive_response_xml",
    "request_document",
    "send_request_xml",
    "server_version",
]
