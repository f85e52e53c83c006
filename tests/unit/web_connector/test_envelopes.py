"""The simulated Web Connector writes requests byte for byte like QBWC 2.3 and reads any
well-formed answer; compared against the project's envelopes in tests/fixtures/qbwc/envelopes/
(written in QBWC's framing; tests/conformance/ checks that framing against Intuit's)."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from nxus.simulator.soap_client import (
    ProtocolError,
    SoapFault,
    build_envelope,
    parse_result,
    soap_action,
)

from .conftest import ENVELOPES

REQUESTS = sorted(ENVELOPES.glob("*_request*.xml"))
FIXTURE_TICKET = "9b1d3c70-42e5-4f0a-8c1e-6d2f0a7b5e13"  # the ticket in the fixtures


def _params(path: Path) -> tuple[str, list[tuple[str, str]]]:
    method = etree.fromstring(path.read_bytes())[0][0]
    return etree.QName(method).localname, [(etree.QName(c).localname, c.text or "") for c in method]


def test_every_fixture_request_is_present() -> None:
    names = {p.name for p in REQUESTS}
    assert {"authenticate_request.xml", "sendRequestXML_request_first.xml"} <= names
    assert len(REQUESTS) >= 12


@pytest.mark.parametrize("path", REQUESTS, ids=lambda p: p.stem)
def test_request_envelopes_match_fixture_bytes(path: Path) -> None:
    method, params = _params(path)
    # The capture ends with a newline after the envelope (as QBWC's does); nothing else differs.
    assert build_envelope(method, params) == path.read_bytes().rstrip(b"\n")


def test_empty_values_are_self_closing_with_a_space() -> None:
    body = build_envelope("sendRequestXML", [("ticket", "t"), ("strHCPResponse", "")])
    assert b"<strHCPResponse />" in body
    assert build_envelope("serverVersion", []).endswith(
        b'<serverVersion xmlns="http://developer.intuit.com/" /></soap:Body></soap:Envelope>'
    )


def test_qbxml_travels_as_escaped_text() -> None:
    body = build_envelope("receiveResponseXML", [("response", '<QBXML a="1">&amp;</QBXML>')])
    assert b'<response>&lt;QBXML a="1"&gt;&amp;amp;&lt;/QBXML&gt;</response>' in body


def test_soap_action_is_quoted_like_dotnet() -> None:
    assert soap_action("authenticate") == '"http://developer.intuit.com/authenticate"'


@pytest.mark.parametrize(
    ("name", "method", "expected"),
    [
        ("authenticate_response.xml", "authenticate", [FIXTURE_TICKET, ""]),
        ("authenticate_response_nvu.xml", "authenticate", ["", "nvu"]),
        (
            "authenticate_response_busy_wait.xml",
            "authenticate",
            [FIXTURE_TICKET, "busy", "45", ""],
        ),
        ("clientVersion_response.xml", "clientVersion", ""),
        ("getLastError_response_noop.xml", "getLastError", "NoOp"),
        ("receiveResponseXML_response_error.xml", "receiveResponseXML", "-101"),
        ("sendRequestXML_response_empty.xml", "sendRequestXML", ""),
        ("closeConnection_response.xml", "closeConnection", "OK"),
    ],
)
def test_fixture_responses_parse(name: str, method: str, expected: object) -> None:
    assert parse_result(method, (ENVELOPES / name).read_bytes()) == expected


def test_request_text_is_unescaped() -> None:
    result = parse_result(
        "sendRequestXML", (ENVELOPES / "sendRequestXML_response.xml").read_bytes()
    )
    assert isinstance(result, str) and '<CustomerQueryRq requestID="1" iterator="Start">' in result


def test_any_prefix_is_accepted() -> None:
    body = (
        b'<?xml version="1.0"?><e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/">'
        b'<e:Body><q:closeConnectionResponse xmlns:q="http://developer.intuit.com/">'
        b"<q:closeConnectionResult>OK</q:closeConnectionResult></q:closeConnectionResponse>"
        b"</e:Body></e:Envelope>"
    )
    assert parse_result("closeConnection", body) == "OK"


def test_fault_is_raised() -> None:
    with pytest.raises(SoapFault, match="Unknown SOAP method"):
        parse_result("authenticate", (ENVELOPES / "soap_fault_response.xml").read_bytes(), 500)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not xml", "not XML"),
        (b"<html/>", "not a SOAP envelope"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'
            b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/>'
            b"</s:Envelope>",
            "DOCTYPE",
        ),
        (
            b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
            b'<sendRequestXMLResponse xmlns="http://developer.intuit.com/"/></s:Body></s:Envelope>',
            "missing",
        ),
        (
            b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
            b'<otherResponse xmlns="http://developer.intuit.com/"/></s:Body></s:Envelope>',
            "expected <sendRequestXMLResponse>",
        ),
    ],
)
def test_unusable_answers_are_protocol_errors(body: bytes, message: str) -> None:
    with pytest.raises(ProtocolError, match=message):
        parse_result("sendRequestXML", body)


def test_null_client_version_means_go_on() -> None:
    body = (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
        b'<clientVersionResponse xmlns="http://developer.intuit.com/"/></s:Body></s:Envelope>'
    )
    assert parse_result("clientVersion", body) == ""
