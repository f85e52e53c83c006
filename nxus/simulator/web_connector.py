"""A simulated QuickBooks Web Connector 2.3: an HTTP SOAP client that runs update sessions
against any /qbwc endpoint and carries the requests to a SimulatedQuickBooks.

One ``run_once()`` is one update session, in QBWC's call order (see
docs/web_connector_simulator.md)::

    serverVersion → clientVersion → authenticate
      → [connectionError → getLastError → closeConnection]        QuickBooks cannot open the file
      → sendRequestXML (first one with the HCP response) → QuickBooks → receiveResponseXML
        → progress 0–99: sendRequestXML again; 100: closeConnection;
          negative: getLastError → closeConnection
      sendRequestXML "" → getLastError: "NoOp" pauses and asks again, else closeConnection
"""

from __future__ import annotations

import logging
import ssl
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import NoReturn

from nxus.simulator.quickbooks import (
    HRESULT_CANNOT_START,
    HRESULT_OTHER_FILE_OPEN,
    QuickBooksError,
    SimulatedQuickBooks,
)
from nxus.simulator.report import (
    AuthOutcome,
    CallRecord,
    Exchange,
    SessionReport,
    SessionState,
    summarize,
)
from nxus.simulator.soap_client import SoapError, SoapTransport

log = logging.getLogger("nxus.simulator.web_connector")

QBWC_VERSION = "2.3.0.215"
NOOP_PAUSE_SECONDS = 5.0  # QBWC waits about 5 s after getLastError says NoOp
HTTP_TIMEOUT_SECONDS = 100.0  # QBWC's HTTP timeout per call
# getLastError's answer asking for an interactive session, and why the simulator declines.
INTERACTIVE_MODE = "Interactive mode"
NO_BROWSER = "The simulated Web Connector cannot open a browser."
# What QBWC reports for an unexpected failure of the QuickBooks request processor.
HRESULT_UNSPECIFIED = "0x80004005"


class _SessionOver(Exception):
    """The session reached an end state (already written to the report)."""


def _optional_int(items: list[str], index: int) -> int | None:
    if len(items) <= index or not items[index].strip():
        return None
    try:
        return int(items[index].strip())
    except ValueError:
        return None


def _same_path(a: str, b: str) -> bool:
    # Windows paths: case-insensitive, either slash.
    return a.replace("/", "\\").casefold() == b.replace("/", "\\").casefold()


class SimulatedWebConnector:
    """Behaves like QBWC 2.3 for one registered application (one .qwc entry)."""

    def __init__(
        self,
        url: str,
        username: str,
        password: str,
        quickbooks: SimulatedQuickBooks,
        qbwc_version: str = QBWC_VERSION,
        http_timeout: float = HTTP_TIMEOUT_SECONDS,
        company_file: str | None = None,
        *,
        file_id: str | None = None,
        country: str = "US",
        noop_pause: float = NOOP_PAUSE_SECONDS,
        max_exchanges: int | None = None,
        max_connection_retries: int = 1,
        stop_event: threading.Event | None = None,
        ssl_context: ssl.SSLContext | None = None,
        on_call: Callable[[CallRecord], None] | None = None,
    ) -> None:
        """`url` is the .qwc AppURL (e.g. http://localhost:8000/qbwc); `company_file` the file
        this entry was registered with (default: the simulated QuickBooks' own file);
        `file_id` the .qwc FileID, stamped into the company file on the first open."""
        self.url = url
        self.username = username
        self.password = password
        self.quickbooks = quickbooks
        self.qbwc_version = qbwc_version
        self.http_timeout = http_timeout
        self.company_file = company_file
        self.file_id = file_id
        self.country = country
        self.noop_pause = noop_pause
        self.max_exchanges = max_exchanges
        self.max_connection_retries = max_connection_retries
        self.stop_event = stop_event or threading.Event()
        self.on_call = on_call  # told about every SOAP call once it has ended
        self.transport = SoapTransport(url, timeout=http_timeout, ssl_context=ssl_context)
        self._report: SessionReport | None = None
        self._qb_open = False

    # --- public ------------------------------------------------------------------------------
    def run_once(self) -> SessionReport:
        """One update session; never raises for what QBWC would show as an error."""
        report = SessionReport(self.url, self.username, started_at=datetime.now(UTC))
        self._report = report
        try:
            self._session(report)
        except _SessionOver:
            pass
        except SoapError as exc:
            report.state = SessionState.TRANSPORT_ERROR
            report.errors.append(str(exc))
        finally:
            self.transport.close()
            if self._qb_open:
                self.quickbooks.end_session()
                self._qb_open = False
            report.finished_at = datetime.now(UTC)
            self._report = None
        log.info("simulated QBWC session %s (%d calls)", report.state.value, report.calls.total)
        return report

    def stop(self) -> None:
        self.stop_event.set()

    # --- the session -------------------------------------------------------------------------
    def _session(self, report: SessionReport) -> None:
        self._server_version(report)
        self._client_version(report)
        auth = self._authenticate(report)
        self._open_company_file(report, auth)
        self._exchange_loop(report, auth.ticket)

    def _end(
        self, report: SessionReport, state: SessionState, error: str | None = None
    ) -> NoReturn:
        report.state = state
        if error:
            report.errors.append(error)
        raise _SessionOver

    def _call(self, method: str, params: list[tuple[str, str]]) -> str | list[str]:
        report = self._report
        assert report is not None
        record = CallRecord(method, {name: summarize(name, value) for name, value in params})
        report.calls.append(record)
        started = time.monotonic()
        try:
            result, answer = self.transport.call(method, params)
        except SoapError as exc:
            record.seconds = time.monotonic() - started
            record.error, record.error_kind = str(exc), exc.kind
            record.http_status = getattr(exc, "status", None)
            log.debug("%s failed: %s", method, exc)
            self._notify(record)
            raise
        record.seconds = time.monotonic() - started
        record.result, record.http_status = result, answer.status
        record.response_bytes = len(answer.body)
        record.request_bytes = sum(len(v) for _, v in params)
        if not answer.content_type.startswith("text/xml"):
            report.warnings.append(f"{method} answered Content-Type {answer.content_type!r}")
        if not answer.body.startswith(b"<?xml"):
            report.warnings.append(f"{method} answer does not start with an XML declaration")
        self._notify(record)
        return result

    def _notify(self, record: CallRecord) -> None:
        if self.on_call is not None:
            self.on_call(record)

    def _text_call(self, method: str, params: list[tuple[str, str]]) -> str:
        result = self._call(method, params)
        return result if isinstance(result, str) else "".join(result)

    def _server_version(self, report: SessionReport) -> None:
        try:
            report.server_version = self._text_call("serverVersion", [])
        except SoapError as exc:
            if exc.kind != "fault":
                raise
            # Older services do not implement serverVersion; QBWC carries on.
            report.warnings.append(f"serverVersion: {exc}")

    def _client_version(self, report: SessionReport) -> None:
        result = self._text_call("clientVersion", [("strVersion", self.qbwc_version)])
        report.client_version_result = result
        if result.startswith("W:"):
            # QBWC shows the warning with OK/Cancel; the simulated user presses OK.
            report.warnings.append(f"clientVersion: {result[2:]}")
        elif result.startswith("E:"):
            self._end(report, SessionState.VERSION_REJECTED, f"clientVersion: {result[2:]}")
        elif result.startswith("O:"):
            message = f"clientVersion: the server requires QBWC {result[2:]} or later"
            self._end(report, SessionState.VERSION_REJECTED, message)
        elif result:
            report.warnings.append(f"clientVersion: unexpected answer {result!r}")

    def _authenticate(self, report: SessionReport) -> AuthOutcome:
        result = self._call(
            "authenticate", [("strUserName", self.username), ("strPassword", self.password)]
        )
        items = result if isinstance(result, list) else [result]
        if len(items) < 2:
            self._end(report, SessionState.SERVER_ERROR, "authenticate returned fewer than 2 items")
        code = items[1]
        status = code if code in ("none", "nvu", "busy") else "ok"
        auth = AuthOutcome(
            raw=list(items),
            ticket=items[0],
            status=status,
            company_file=code if status == "ok" else "",
            postpone_seconds=_optional_int(items, 2),
            min_run_every_seconds=_optional_int(items, 3),
        )
        report.auth = auth
        if status == "nvu":
            self._end(report, SessionState.INVALID_USER, "authenticate: invalid user or password")
        elif status == "none":
            self._end(report, SessionState.NO_WORK)
        elif status == "busy":
            self._end(report, SessionState.BUSY)
        elif not auth.ticket:
            self._end(report, SessionState.SERVER_ERROR, "authenticate returned an empty ticket")
        return auth

    # --- QuickBooks ----------------------------------------------------------------------------
    def _begin_quickbooks_session(self, requested: str) -> str:
        """Open the company file in the simulated QuickBooks the way QBXMLRP2 would."""
        qb = self.quickbooks
        if not qb.running:
            raise QuickBooksError(HRESULT_CANNOT_START)
        if qb.open_file and not _same_path(qb.open_file, qb.company_file):
            raise QuickBooksError(HRESULT_OTHER_FILE_OPEN)
        target = requested or self.company_file or qb.company_file
        if not _same_path(target, qb.company_file):
            raise QuickBooksError(HRESULT_OTHER_FILE_OPEN)
        if self.file_id and not qb.file_id:
            qb.file_id = self.file_id  # QBWC stamps the .qwc FileID into the company file
        self._qb_open = True
        return qb.company_file

    def _open_company_file(self, report: SessionReport, auth: AuthOutcome) -> None:
        requested, error = auth.company_file, ""
        for attempt in range(max(self.max_connection_retries, 0) + 1):
            try:
                report.company_file = self._begin_quickbooks_session(requested)
                return
            except QuickBooksError as exc:
                report.connection_error = (exc.hex, exc.message)
                answer = self._text_call(
                    "connectionError",
                    [("ticket", auth.ticket), ("hresult", exc.hex), ("message", exc.message)],
                )
                error = f"{exc.hex}: {exc.message}"
            if answer.strip().casefold() == "done" or attempt >= self.max_connection_retries:
                break
            # Anything but "done" is the company file to retry with ("" = the open one).
            requested = answer
        report.last_errors.append(self._text_call("getLastError", [("ticket", auth.ticket)]))
        self._close(report, auth.ticket)
        self._end(report, SessionState.CONNECTION_ERROR, error)

    def _ask_quickbooks(self, request: str) -> tuple[str, str, str]:
        """(response, hresult, message) for one qbXML request, as QBWC passes them on."""
        try:
            response = self.quickbooks.process(request.encode("utf-8"))
        except QuickBooksError as exc:
            return "", exc.hex, exc.message
        except Exception as exc:  # a simulator bug still ends like a QuickBooks failure
            log.exception("simulated QuickBooks failed")
            assert self._report is not None
            self._report.errors.append(f"simulated QuickBooks failed: {exc!r}")
            return "", HRESULT_UNSPECIFIED, f"Unspecified error: {exc}"
        return response.decode("utf-8", errors="replace"), "", ""

    # --- the exchange loop ----------------------------------------------------------------------
    def _send_request_params(self, ticket: str, first: bool) -> list[tuple[str, str]]:
        major, _, minor = self.quickbooks.versions[-1].partition(".")
        hcp = self.quickbooks.hcp_response() if first else ""
        return [
            ("ticket", ticket),
            ("strHCPResponse", hcp),
            ("strCompanyFileName", self.quickbooks.company_file),
            ("qbXMLCountry", self.country),
            ("qbXMLMajorVers", major),
            ("qbXMLMinorVers", minor or "0"),
        ]

    def _exchange_loop(self, report: SessionReport, ticket: str) -> None:
        first = True
        while True:
            if self.stop_event.is_set():
                self._close(report, ticket)
                self._end(report, SessionState.STOPPED)
            if self.max_exchanges is not None and report.requests >= self.max_exchanges:
                self._close(report, ticket)
                self._end(report, SessionState.SERVER_ERROR, "too many requests in one session")
            request = self._text_call("sendRequestXML", self._send_request_params(ticket, first))
            report.hcp_sent = report.hcp_sent or first
            first = False
            if request:
                self._exchange(report, ticket, request)
            else:
                self._no_request(report, ticket)

    def _exchange(self, report: SessionReport, ticket: str, request: str) -> None:
        response, hresult, message = self._ask_quickbooks(request)
        exchange = Exchange(request, response, hresult, message)
        report.exchanges.append(exchange)
        answer = self._text_call(
            "receiveResponseXML",
            [
                ("ticket", ticket),
                ("response", response),
                ("hresult", hresult),
                ("message", message),
            ],
        )
        report.delivered += 1
        try:
            progress = int(answer.strip())
        except ValueError:
            self._close(report, ticket)
            self._end(report, SessionState.SERVER_ERROR, f"receiveResponseXML: {answer!r}")
        exchange.progress = progress
        report.progress.append(progress)
        if progress >= 100:
            self._close(report, ticket)
            self._end(report, SessionState.COMPLETED)
        if progress < 0:
            text = self._text_call("getLastError", [("ticket", ticket)])
            report.last_errors.append(text)
            self._close(report, ticket)
            self._end(report, SessionState.SERVER_ERROR, text or f"progress {progress}")

    def _no_request(self, report: SessionReport, ticket: str) -> None:
        text = self._text_call("getLastError", [("ticket", ticket)])
        report.last_errors.append(text)
        if text == "NoOp":
            report.noop_pauses += 1
            self.stop_event.wait(self.noop_pause)
            return  # the loop asks sendRequestXML again (or stops)
        if text == INTERACTIVE_MODE:
            self._decline_interactive_mode(report, ticket)
        self._close(report, ticket)
        if text:
            self._end(report, SessionState.SERVER_ERROR, text)
        report.warnings.append("sendRequestXML returned no request and getLastError no text")
        self._end(report, SessionState.COMPLETED)

    def _decline_interactive_mode(self, report: SessionReport, ticket: str) -> None:
        """The service asked for an interactive session (a browser page); the simulated
        user has no browser and declines it, then the session closes."""
        url = self._text_call("getInteractiveURL", [("wcTicket", ticket), ("sessionID", "")])
        report.warnings.append(f"interactive mode requested ({url or 'no URL'}); declined")
        self._text_call("interactiveRejected", [("wcTicket", ticket), ("reason", NO_BROWSER)])
        self._close(report, ticket)
        self._end(report, SessionState.COMPLETED)

    def _close(self, report: SessionReport, ticket: str) -> None:
        report.close_result = self._text_call("closeConnection", [("ticket", ticket)])
        report.closed = True
