"""Update sessions of the simulated Web Connector against a scripted SOAP server."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree

from nxus.simulator.quickbooks import SimulatedQuickBooks
from nxus.simulator.report import REDACTED, SessionReport, SessionState
from nxus.simulator.soap_client import build_envelope
from nxus.simulator.web_connector import SimulatedWebConnector

from .conftest import (
    ENVELOPES,
    QBXML_REQUEST,
    TICKET,
    FakeQbwcService,
    FakeServer,
    Fault,
    RawAnswer,
)

PASSWORD = "s3cret-password"
BAD_QBXML = (
    '<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">'
    '<CustomerQueryRq requestID="1"><Bogus/></CustomerQueryRq></QBXMLMsgsRq></QBXML>'
)


@pytest.fixture
def connect(
    fake_server: FakeServer, quickbooks: SimulatedQuickBooks
) -> Callable[..., SimulatedWebConnector]:
    def make(**kwargs: Any) -> SimulatedWebConnector:
        kwargs.setdefault("password", PASSWORD)
        kwargs.setdefault("noop_pause", 0.01)
        return SimulatedWebConnector(fake_server.url, "nxus-user", quickbooks=quickbooks, **kwargs)

    return make


def _structure(body: bytes) -> list[str]:
    """Element names in document order (the framing, whatever the values)."""
    return [etree.QName(e).localname for e in etree.fromstring(body).iter()]


def test_normal_session_with_hcp(
    connect: Callable[..., SimulatedWebConnector],
    service: FakeQbwcService,
    quickbooks: SimulatedQuickBooks,
) -> None:
    report = connect().run_once()

    assert report.state is SessionState.COMPLETED and report.ok
    assert report.methods == [
        "serverVersion",
        "clientVersion",
        "authenticate",
        "sendRequestXML",
        "receiveResponseXML",
        "closeConnection",
    ]
    assert service.methods == report.methods
    assert report.server_version == "1.0.0" and report.auth is not None
    assert report.auth.ticket == TICKET and report.auth.status == "ok"
    assert report.requests == 1 and report.responses == 1 and report.progress == [100]
    assert report.closed and report.close_result == "OK" and report.errors == []
    assert report.warnings == []
    first = service.posted[3]
    assert first.params["strHCPResponse"] == quickbooks.hcp_response()
    assert first.params["strCompanyFileName"] == quickbooks.company_file
    assert (first.params["qbXMLCountry"], first.params["qbXMLMajorVers"]) == ("US", "13")
    assert first.params["qbXMLMinorVers"] == "0"
    response = service.posted[4].params
    assert "<CustomerQueryRs" in response["response"] and response["hresult"] == ""
    assert report.exchanges[0].request == QBXML_REQUEST


def test_posted_bytes_have_the_reference_framing(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    connect().run_once()
    reference = {
        "serverVersion": "serverVersion_request.xml",
        "clientVersion": "clientVersion_request.xml",
        "authenticate": "authenticate_request.xml",
        "sendRequestXML": "sendRequestXML_request_first.xml",
        "receiveResponseXML": "receiveResponseXML_request.xml",
        "closeConnection": "closeConnection_request.xml",
    }
    for posted in service.posted:
        expected = (ENVELOPES / reference[posted.method]).read_bytes()
        assert _structure(posted.body) == _structure(expected), posted.method
        assert posted.body == build_envelope(posted.method, list(posted.params.items()))
        assert posted.headers["SOAPAction"] == f'"http://developer.intuit.com/{posted.method}"'
        assert posted.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert service.posted[1].params == {"strVersion": "2.3.0.215"}


def test_progress_loop_sends_hcp_only_first(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    service.work = [QBXML_REQUEST, QBXML_REQUEST]
    report = connect().run_once()
    assert report.state is SessionState.COMPLETED and report.progress == [50, 100]
    sends = [p for p in service.posted if p.method == "sendRequestXML"]
    assert len(sends) == 2 and sends[0].params["strHCPResponse"].startswith("<?xml")
    assert sends[1].params["strHCPResponse"] == ""
    assert b"<strHCPResponse />" in sends[1].body


def test_wrong_password_is_nvu(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    report = connect(password="wrong password").run_once()
    assert report.state is SessionState.INVALID_USER and not report.ok
    assert report.methods == ["serverVersion", "clientVersion", "authenticate"]
    assert report.call("authenticate").args == {"strUserName": "nxus-user", "strPassword": REDACTED}
    assert report.auth is not None and report.auth.status == "nvu"
    assert "invalid user" in report.errors[0]
    assert "wrong password" not in repr(report)


def test_no_work_is_none_with_pacing(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    service.auth_tail = ["none", "30", "120"]
    report = connect().run_once()
    assert report.state is SessionState.NO_WORK and report.ok and report.errors == []
    assert report.methods == ["serverVersion", "clientVersion", "authenticate"]
    assert report.auth is not None
    assert (report.auth.postpone_seconds, report.auth.min_run_every_seconds) == (30, 120)


def test_busy_postpones(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    service.auth_tail = ["busy", "60", ""]
    report = connect().run_once()
    assert report.state is SessionState.BUSY and report.auth is not None
    assert report.auth.postpone_seconds == 60 and report.auth.min_run_every_seconds is None


@pytest.mark.parametrize(
    ("setup", "hresult", "message"),
    [
        ({"running": False}, "0x80040408", "Could not start QuickBooks."),
        ({"open_file": r"C:\Other\other.qbw"}, "0x8004040A", "already open"),
    ],
    ids=["not-running", "another-file-open"],
)
def test_quickbooks_cannot_open_file(
    connect: Callable[..., SimulatedWebConnector],
    service: FakeQbwcService,
    quickbooks: SimulatedQuickBooks,
    setup: dict[str, Any],
    hresult: str,
    message: str,
) -> None:
    for name, value in setup.items():
        setattr(quickbooks, name, value)
    report = connect().run_once()
    assert report.state is SessionState.CONNECTION_ERROR and not report.ok
    assert report.methods == [
        "serverVersion",
        "clientVersion",
        "authenticate",
        "connectionError",
        "getLastError",
        "closeConnection",
    ]
    sent = service.posted[3].params
    assert sent["ticket"] == TICKET and sent["hresult"] == hresult and message in sent["message"]
    assert report.connection_error is not None and report.connection_error[0] == hresult
    assert report.last_errors == ["Nothing to do"] and hresult in report.errors[0]
    structure = _structure((ENVELOPES / "connectionError_request.xml").read_bytes())
    assert _structure(service.posted[3].body) == structure


def test_company_file_requested_by_authenticate_must_be_open(
    connect: Callable[..., SimulatedWebConnector],
    service: FakeQbwcService,
    quickbooks: SimulatedQuickBooks,
) -> None:
    service.auth_tail = [quickbooks.company_file.upper()]  # Windows paths ignore case
    assert connect().run_once().state is SessionState.COMPLETED
    service.auth_tail = [r"C:\Elsewhere\books.qbw"]
    report = connect().run_once()
    assert report.state is SessionState.CONNECTION_ERROR
    assert report.connection_error is not None and report.connection_error[0] == "0x8004040A"


def test_connection_error_can_name_another_file(
    connect: Callable[..., SimulatedWebConnector],
    service: FakeQbwcService,
    quickbooks: SimulatedQuickBooks,
) -> None:
    service.auth_tail = [r"C:\Elsewhere\books.qbw"]
    service.handlers["connectionError"] = lambda _p: quickbooks.company_file
    report = connect().run_once()
    assert report.state is SessionState.COMPLETED
    assert report.methods[3:5] == ["connectionError", "sendRequestXML"]
    assert report.company_file == quickbooks.company_file


def test_file_id_is_stamped_on_first_open(
    connect: Callable[..., SimulatedWebConnector],
    service: FakeQbwcService,
    quickbooks: SimulatedQuickBooks,
) -> None:
    file_id = "{0BADF00D-1111-2222-3333-444455556666}"
    connect(file_id=file_id).run_once()
    assert quickbooks.file_id == file_id
    hcp = service.posted[3].params["strHCPResponse"]
    assert f"<DataExtValue>{file_id}</DataExtValue>" in hcp


def test_noop_pauses_then_asks_again(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    answers = iter(["", "", QBXML_REQUEST])
    service.handlers["sendRequestXML"] = lambda _p: next(answers)
    service.handlers["getLastError"] = lambda _p: "NoOp"
    service.handlers["receiveResponseXML"] = lambda _p: "100"
    report = connect().run_once()
    assert report.state is SessionState.COMPLETED and report.noop_pauses == 2
    assert report.methods[3:] == [
        "sendRequestXML",
        "getLastError",
        "sendRequestXML",
        "getLastError",
        "sendRequestXML",
        "receiveResponseXML",
        "closeConnection",
    ]


def test_empty_request_with_error_text_ends_session(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    service.work = []
    service.handlers["getLastError"] = lambda _p: "Company file mismatch"
    report = connect().run_once()
    assert report.state is SessionState.SERVER_ERROR and report.errors == ["Company file mismatch"]
    assert report.methods[-3:] == ["sendRequestXML", "getLastError", "closeConnection"]


def test_stop_during_noop_closes_the_session(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    stop = threading.Event()
    service.handlers["sendRequestXML"] = lambda _p: ""

    def noop(_params: dict[str, str]) -> str:
        stop.set()
        return "NoOp"

    service.handlers["getLastError"] = noop
    report = connect(stop_event=stop, noop_pause=30.0).run_once()
    assert report.state is SessionState.STOPPED and report.closed


def test_quickbooks_error_goes_back_as_hresult(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    service.work = [BAD_QBXML]
    report = connect().run_once()
    assert report.state is SessionState.COMPLETED
    sent = service.posted[4]
    assert sent.params["response"] == "" and sent.params["hresult"] == "0x80040400"
    assert "parsing" in sent.params["message"]
    reference = (ENVELOPES / "receiveResponseXML_request_hresult.xml").read_bytes()
    assert _structure(sent.body) == _structure(reference) and b"<response />" in sent.body
    assert report.exchanges[0].hresult == "0x80040400"


def test_negative_progress_asks_for_the_error(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    service.handlers["receiveResponseXML"] = lambda _p: "-101"
    service.handlers["getLastError"] = lambda _p: "QuickBooks returned statusCode 3100"
    report = connect().run_once()
    assert report.state is SessionState.SERVER_ERROR and report.progress == [-101]
    assert report.methods[-3:] == ["receiveResponseXML", "getLastError", "closeConnection"]
    assert report.errors == ["QuickBooks returned statusCode 3100"]


def test_unexpected_progress_is_an_error(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    service.handlers["receiveResponseXML"] = lambda _p: "done!"
    report = connect().run_once()
    assert report.state is SessionState.SERVER_ERROR and report.closed
    assert "done!" in report.errors[0]


@pytest.mark.parametrize(
    ("answer", "state", "calls"),
    [
        ("W:Please upgrade", SessionState.COMPLETED, 6),
        ("E:Too old", SessionState.VERSION_REJECTED, 2),
        ("O:2.3.0.300", SessionState.VERSION_REJECTED, 2),
    ],
)
def test_client_version_answers(
    connect: Callable[..., SimulatedWebConnector],
    service: FakeQbwcService,
    answer: str,
    state: SessionState,
    calls: int,
) -> None:
    service.handlers["clientVersion"] = lambda _p: answer
    report = connect().run_once()
    assert report.state is state and len(report.calls) == calls
    assert report.client_version_result == answer
    assert any(answer[2:] in text for text in report.warnings + report.errors)


def test_server_version_fault_is_tolerated(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    service.handlers["serverVersion"] = lambda _p: Fault("Unknown SOAP method")
    report = connect().run_once()
    assert report.state is SessionState.COMPLETED and report.server_version is None
    assert report.call("serverVersion").error_kind == "fault"


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (Fault("Server was unable to process request."), "fault"),
        (RawAnswer(502, b"<html>Bad gateway</html>", "text/html"), "http"),
        (RawAnswer(200, b"<html>login</html>", "text/html"), "protocol"),
    ],
)
def test_soap_failures_end_the_session(
    connect: Callable[..., SimulatedWebConnector],
    service: FakeQbwcService,
    answer: Any,
    kind: str,
) -> None:
    service.handlers["authenticate"] = lambda _p: answer
    report = connect().run_once()
    assert report.state is SessionState.TRANSPORT_ERROR and not report.closed
    assert report.call("authenticate").error_kind == kind and report.errors


def test_http_timeout_is_recorded(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    def hang(_params: dict[str, str]) -> str:
        service.release.wait(30)
        return ""

    service.handlers["sendRequestXML"] = hang
    report = connect(http_timeout=0.2).run_once()
    assert report.state is SessionState.TRANSPORT_ERROR
    assert report.call("sendRequestXML").error_kind == "timeout"
    assert "no answer within 0.2 s" in report.errors[0]


def test_connection_refused_is_recorded(quickbooks: SimulatedQuickBooks) -> None:
    connector = SimulatedWebConnector("http://127.0.0.1:9/qbwc", "u", "p", quickbooks)
    report = connector.run_once()
    assert report.state is SessionState.TRANSPORT_ERROR
    assert report.call("serverVersion").error_kind == "transport"
    assert "Session transport_error" in report.summary()


def test_keep_alive_connection_is_reused(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    report: SessionReport = connect().run_once()
    assert report.ok
    # One TCP connection for the whole session, like QBWC's keep-alive.
    assert all(p.headers.get("Connection", "keep-alive") != "close" for p in service.posted)


def test_connection_error_retry_can_be_disabled(
    connect: Callable[..., SimulatedWebConnector],
    service: FakeQbwcService,
    quickbooks: SimulatedQuickBooks,
) -> None:
    service.auth_tail = [r"C:\Elsewhere\books.qbw"]
    service.handlers["connectionError"] = lambda _p: quickbooks.company_file
    report = connect(max_connection_retries=0).run_once()
    assert report.state is SessionState.CONNECTION_ERROR
    assert report.methods.count("connectionError") == 1 and report.closed


def test_on_call_sees_every_call_once(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    seen: list[str] = []
    report = connect(on_call=lambda record: seen.append(record.method)).run_once()
    assert seen == report.methods == service.methods


def test_connection_error_empty_answer_retries_the_open_file(
    connect: Callable[..., SimulatedWebConnector],
    service: FakeQbwcService,
    quickbooks: SimulatedQuickBooks,
) -> None:
    quickbooks.running = False
    service.handlers["connectionError"] = lambda _p: ""  # retry with the open company file
    report = connect(max_connection_retries=2).run_once()
    assert report.state is SessionState.CONNECTION_ERROR
    assert report.methods.count("connectionError") == 3
    assert report.methods[-2:] == ["getLastError", "closeConnection"]


def test_done_is_case_insensitive(
    connect: Callable[..., SimulatedWebConnector],
    service: FakeQbwcService,
    quickbooks: SimulatedQuickBooks,
) -> None:
    quickbooks.running = False
    service.handlers["connectionError"] = lambda _p: "DONE"
    report = connect(max_connection_retries=2).run_once()
    assert report.methods.count("connectionError") == 1


def test_keep_alive_closed_by_the_server_is_reopened(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    service.drop_connections = True
    report = connect().run_once()
    assert report.state is SessionState.COMPLETED, report.summary()
    assert service.methods == report.methods  # every call arrived exactly once


def test_interactive_mode_is_declined(
    connect: Callable[..., SimulatedWebConnector], service: FakeQbwcService
) -> None:
    service.work = []
    service.handlers["getLastError"] = lambda _p: "Interactive mode"
    service.handlers["getInteractiveURL"] = lambda _p: "https://example.com/interactive"
    service.handlers["interactiveRejected"] = lambda _p: "Interactive session was not started."
    report = connect().run_once()
    assert report.state is SessionState.COMPLETED and report.closed
    assert report.methods[-4:] == [
        "getLastError",
        "getInteractiveURL",
        "interactiveRejected",
        "closeConnection",
    ]
    posted = {p.method: p for p in service.posted}
    for method in ("getInteractiveURL", "interactiveRejected"):
        reference = (ENVELOPES / f"{method}_request.xml").read_bytes()
        assert _structure(posted[method].body) == _structure(reference)
    assert posted["getInteractiveURL"].params == {"wcTicket": TICKET, "sessionID": ""}
    assert "https://example.com/interactive" in report.warnings[0]
