"""The simulated Web Connector writes requests byte for byte like QBWC 2.3 and reads any
well-formed answer; compared against the reference envelopes in ../shared/reference/qbwc."""

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


def _params(path: Path) -> tuple[str, list[tuple[str, str]]]:
    method = etree.fromstring(path.read_bytes())[0][0]
    return etree.QName(method).localname, [(etree.QName(c).localname, c.text or "") for c in method]


def test_every_reference_request_is_present() -> None:
    names = {p.name for p in REQUESTS}
    assert {"authenticate_request.xml", "sendRequestXML_request_first.xml"} <= names
    assert len(REQUESTS) >= 12


@pytest.mark.parametrize("path", REQUESTS, ids=lambda p: p.stem)
def test_request_envelopes_match_reference_bytes(path: Path) -> None:
    method, params = _params(path)
    # The one real capture ends with a newline after the envelope; nothing else differs.
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
        ("authenticate_response.xml", "authenticate", ["5c7e2e0d-8912-4f13-ad60-cac3a3e68bf5", ""]),
        ("authenticate_response_nvu.xml", "authenticate", ["", "nvu"]),
        (
            "authenticate_response_busy_wait.xml",
            "authenticate",
            ["5c7e2e0d-8912-4f13-ad60-cac3a3e68bf5", "busy", "60", ""],
        ),
        ("clientVersion_response.xml", "clientVersion", ""),
        ("getLastError_response_noop.xml", "getLastError", "NoOp"),
        ("receiveResponseXML_response_error.xml", "receiveResponseXML", "-101"),
        ("sendRequestXML_response_empty.xml", "sendRequestXML", ""),
        ("closeConnection_response.xml", "closeConnection", "OK"),
    ],
)
def test_reference_responses_parse(name: str, method: str, expected: object) -> None:
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
