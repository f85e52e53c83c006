"""Replay every request envelope of the fixtures (QBWC's framing) against a live app; check each
response's shape against the matching *_response*.xml, and the hostile inputs that must come
back as faults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import requests
from flask import Flask
from lxml import etree

from nxus.db import new_session
from nxus.services import jobs
from tests.conftest import LiveServer
from tests.integration.qbwc.conftest import (
    ENVELOPES,
    INTUIT,
    SOAP,
    Conn,
    customer_query,
    envelope,
    fault_of,
    make_connection,
    parse_result,
)

REQUESTS = sorted(ENVELOPES.glob("*_request*.xml"))
FIXTURE_TICKET = "9b1d3c70-42e5-4f0a-8c1e-6d2f0a7b5e13"  # the ticket in the fixtures


def _shape(data: bytes) -> tuple[str, list[str]]:
    """(operation response name, [result child names]) of a response envelope."""
    root = etree.fromstring(data)
    assert etree.QName(root).namespace == SOAP
    body = root.find(f"{{{SOAP}}}Body")
    assert body is not None
    response = body[0]
    result = response[0]
    return etree.QName(response).localname, [etree.QName(c).localname for c in result]


def _method(path: Path) -> str:
    return path.name.split("_request")[0]


def _post(server: LiveServer, body: bytes) -> requests.Response:
    return requests.post(
        f"{server.url}/qbwc",
        data=body,
        headers={"Content-Type": "text/xml; charset=utf-8"},
        timeout=30,
    )


@pytest.fixture
def fixture_conn(app: Flask) -> Conn:
    # authenticate_request.xml posts this user name and password.
    conn = make_connection(app, username="orchard-sync", password="Pr3ss-the-Cider")
    with new_session(app) as db:
        jobs.submit_qbxml(db, conn.id, customer_query())
    return conn


def test_fixture_envelopes_exist() -> None:
    assert len(REQUESTS) >= 11


@pytest.mark.parametrize("path", REQUESTS, ids=lambda p: p.name)
def test_replay_fixture_request(path: Path, live_server: LiveServer, fixture_conn: Conn) -> None:
    method = _method(path)
    body = path.read_bytes()
    if method not in ("authenticate", "serverVersion", "clientVersion"):
        # Use a real ticket of this server in place of the captured one.
        ticket = _post(live_server, (ENVELOPES / "authenticate_request.xml").read_bytes())
        real = parse_result(ticket.content, "authenticate")[0]
        assert real
        body = re.sub(
            rb"<ticket>[^<]*</ticket>|<wcTicket>[^<]*</wcTicket>",
            lambda m: (
                m.group(0).split(b">")[0]
                + b">"
                + real.encode()
                + b"</"
                + m.group(0).split(b"</")[1]
            ),
            body,
        )
    response = _post(live_server, body)
    assert response.status_code == 200, response.content[:300]
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    name, children = _shape(response.content)
    expected = sorted(ENVELOPES.glob(f"{method}_response*.xml"))
    assert expected, f"no fixture response for {method}"
    ref_names = {_shape(p.read_bytes())[0] for p in expected}
    assert name in ref_names
    if method == "authenticate":
        assert children[0] == "string" and set(children) == {"string"}
        result = parse_result(response.content, "authenticate")
        assert result[0] and result[1] == ""
    # Every result element is present, even when empty.
    root = etree.fromstring(response.content)
    result_el = root.find(f".//{{{INTUIT}}}{method}Result")
    assert result_el is not None


def test_fixture_ticket_is_unknown_and_handled(live_server: LiveServer) -> None:
    response = _post(live_server, (ENVELOPES / "sendRequestXML_request_first.xml").read_bytes())
    assert response.status_code == 200
    assert parse_result(response.content, "sendRequestXML") == ""
    assert FIXTURE_TICKET not in response.text


def test_get_probe_and_wsdl(live_server: LiveServer) -> None:
    assert requests.get(f"{live_server.url}/qbwc", timeout=10).status_code == 200
    wsdl = requests.get(f"{live_server.url}/qbwc?wsdl", timeout=10)
    assert wsdl.status_code == 200
    root = etree.fromstring(wsdl.content)
    ops = {
        op.get("name")
        for op in root.iterfind(
            "{http://schemas.xmlsoap.org/wsdl/}portType/{http://schemas.xmlsoap.org/wsdl/}operation"
        )
    }
    assert ops == {
        "serverVersion",
        "clientVersion",
        "authenticate",
        "sendRequestXML",
        "receiveResponseXML",
        "connectionError",
        "getLastError",
        "closeConnection",
        "getInteractiveURL",
        "interactiveDone",
        "interactiveRejected",
    }
    assert f"{live_server.url}/qbwc" in wsdl.text


DOCTYPE_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
    b'<getLastError xmlns="http://developer.intuit.com/"><ticket>&lol2;</ticket></getLastError>'
    b"</soap:Body></soap:Envelope>"
)
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
    b'<getLastError xmlns="http://developer.intuit.com/"><ticket>&xxe;</ticket></getLastError>'
    b"</soap:Body></soap:Envelope>"
)
HOSTILE = {
    "malformed": b'<?xml version="1.0"?><soap:Envelope xmlns:soap="x"><soap:Body>',
    "not-xml": b"GET / HTTP/1.1 hello there",
    "empty": b"",
    "doctype-bomb": DOCTYPE_BOMB,
    "xxe": XXE,
    "wrong-envelope-ns": envelope("serverVersion").replace(
        b"http://schemas.xmlsoap.org/soap/envelope/", b"urn:not-soap"
    ),
    "wrong-method-ns": envelope("serverVersion").replace(
        b"http://developer.intuit.com/", b"urn:other"
    ),
    "unknown-method": envelope("dropTables"),
    "missing-ticket": envelope("sendRequestXML", strCompanyFileName="x"),
    "missing-password": envelope("authenticate", strUserName="foo"),
    "soap12": (
        b'<?xml version="1.0"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope">'
        b'<env:Body><serverVersion xmlns="http://developer.intuit.com/"/></env:Body>'
        b"</env:Envelope>"
    ),
    "no-body": b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"/>',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_gets_a_fault(name: str, live_server: LiveServer) -> None:
    response = _post(live_server, HOSTILE[name])
    assert response.status_code in (400, 500)
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    code, text = fault_of(response.content)
    assert code.startswith("soap:") and text
    assert "Traceback" not in response.text and "root:" not in response.text
    if name == "soap12":
        assert code == "soap:VersionMismatch"


def test_bom_prefixes_and_encoding_declaration_are_tolerated(live_server: LiveServer) -> None:
    body = (
        b"\xef\xbb\xbf\n"
        b'<?xml version="1.0" encoding="utf-8"?><S:Envelope '
        b'xmlns:S="http://schemas.xmlsoap.org/soap/envelope/" xmlns:i="http://developer.intuit.com/">'
        b"<S:Body><i:clientVersion><i:strVersion>2.3.0.215</i:strVersion></i:clientVersion>"
        b"</S:Body></S:Envelope>"
    )
    response = _post(live_server, body)
    assert response.status_code == 200
    assert parse_result(response.content, "clientVersion") == ""


def test_oversized_body_is_a_soap_fault(client: object) -> None:
    from flask.testing import FlaskClient

    assert isinstance(client, FlaskClient)
    big = b"<a>" + b"x" * (60 * 1024 * 1024) + b"</a>"
    response = client.post("/qbwc", data=big, content_type="text/xml")
    assert response.status_code == 413
    assert response.content_type == "text/xml; charset=utf-8"
    code, _ = fault_of(response.get_data())
    assert code == "soap:Client"


def test_oversized_body_over_http_leaves_server_serving(live_server: LiveServer) -> None:
    big = b"<a>" + b"x" * (60 * 1024 * 1024) + b"</a>"
    try:
        response = _post(live_server, big)
    except requests.ConnectionError:
        pass  # the server may close before reading 60 MB; it must stay up
    else:
        assert response.status_code == 413
        fault_of(response.content)
    ok = _post(live_server, envelope("serverVersion"))
    assert ok.status_code == 200


def test_routing_errors_under_qbwc_are_faults(live_server: LiveServer) -> None:
    response = requests.put(f"{live_server.url}/qbwc", data=b"x", timeout=10)
    assert response.status_code == 405
    fault_of(response.content)
    response = requests.post(f"{live_server.url}/qbwc/nothing", data=b"x", timeout=10)
    assert response.status_code == 404
    fault_of(response.content)


def test_client_versions(live_server: LiveServer, app: Flask) -> None:
    def version(v: str) -> str:
        return parse_result(
            _post(live_server, envelope("clientVersion", strVersion=v)).content, "clientVersion"
        )

    assert version("") == ""
    assert version("1.5.0.0") == f"O:{app.config['QBWC_MIN_CLIENT_VERSION']}"
    assert version("2.0.5.1").startswith("W:")
    assert version("2.3.0.215") == ""
