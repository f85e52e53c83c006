"""Fixtures for the Web Connector tests: connections made with the ORM, a SOAP helper that
frames calls exactly like QBWC, and the envelopes and HCP response the project owns
(tests/fixtures/: written in QBWC's framing; tests/conformance/ compares them with Intuit's)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree

from nxus.db import new_session
from nxus.models import Connection, Organization
from nxus.security import hash_password
from tests.conftest import FIXTURES

ENVELOPES = FIXTURES / "qbwc" / "envelopes"
# What QuickBooks Pro 2014 sends as strHCPResponse (Host, Company and Preferences queries).
HCP_SAMPLE = FIXTURES / "qbxml" / "hcp_quickbooks_pro_2014.xml"
SOAP = "http://schemas.xmlsoap.org/soap/envelope/"
INTUIT = "http://developer.intuit.com/"
PASSWORD = "s3cret-qbwc-password"
FILE_A = r"C:\Users\Public\Documents\Intuit\QuickBooks\Company Files\myCompany.qbw"
FILE_B = r"C:\Users\Public\Documents\Intuit\QuickBooks\Company Files\Other Company.qbw"


@dataclass
class Conn:
    id: uuid.UUID
    username: str
    password: str
    file_id: uuid.UUID


def envelope(method: str, **params: Any) -> bytes:
    """A request framed like QBWC's (declaration, three xmlns, unprefixed operation)."""
    nsmap = {
        "soap": SOAP,
        "xsi": "http://www.w3.org/2001/XMLSchema-instance",
        "xsd": "http://www.w3.org/2001/XMLSchema",
    }
    root = etree.Element(f"{{{SOAP}}}Envelope", nsmap=nsmap)
    body = etree.SubElement(root, f"{{{SOAP}}}Body")
    op = etree.SubElement(body, f"{{{INTUIT}}}{method}", nsmap={None: INTUIT})
    for name, value in params.items():
        etree.SubElement(op, f"{{{INTUIT}}}{name}").text = (
            None if value in ("", None) else str(value)
        )
    return b'<?xml version="1.0" encoding="utf-8"?>' + etree.tostring(root, encoding="utf-8")


def parse_result(data: bytes, method: str) -> Any:
    """The <methodResult>: a str, or a list of str for ArrayOfString."""
    root = etree.fromstring(data)
    result = root.find(f"{{{SOAP}}}Body/{{{INTUIT}}}{method}Response/{{{INTUIT}}}{method}Result")
    assert result is not None, data[:500]
    items = result.findall(f"{{{INTUIT}}}string")
    if items:
        return [item.text or "" for item in items]
    return result.text or ""


def fault_of(data: bytes) -> tuple[str, str]:
    root = etree.fromstring(data)
    fault = root.find(f"{{{SOAP}}}Body/{{{SOAP}}}Fault")
    assert fault is not None, data[:500]
    return fault.findtext("faultcode") or "", fault.findtext("faultstring") or ""


class Soap:
    """Calls /qbwc through any HTTP-ish `post(body) -> (status, content_type, bytes)`."""

    def __init__(self, post: Callable[[bytes], tuple[int, str, bytes]]) -> None:
        self._post = post

    def raw(self, body: bytes) -> tuple[int, str, bytes]:
        return self._post(body)

    def call(self, method: str, **params: Any) -> Any:
        status, ctype, data = self._post(envelope(method, **params))
        assert status == 200, (status, data[:500])
        assert ctype == "text/xml; charset=utf-8"
        assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
        return parse_result(data, method)

    def authenticate(self, conn: Conn, password: str | None = None) -> list[str]:
        return self.call(
            "authenticate", strUserName=conn.username, strPassword=password or conn.password
        )

    def send(
        self, ticket: str, hcp: str = "", path: str = FILE_A, major: int = 13, minor: int = 0
    ) -> str:
        return self.call(
            "sendRequestXML",
            ticket=ticket,
            strHCPResponse=hcp,
            strCompanyFileName=path,
            qbXMLCountry="US",
            qbXMLMajorVers=major,
            qbXMLMinorVers=minor,
        )

    def receive(self, ticket: str, response: str = "", hresult: str = "", message: str = "") -> int:
        return int(
            self.call(
                "receiveResponseXML",
                ticket=ticket,
                response=response,
                hresult=hresult,
                message=message,
            )
        )


@pytest.fixture
def soap(client: FlaskClient) -> Soap:
    def post(body: bytes) -> tuple[int, str, bytes]:
        response = client.post("/qbwc", data=body, content_type="text/xml; charset=utf-8")
        return response.status_code, response.content_type, response.get_data()

    return Soap(post)


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    # Short holds so keep-warm tests run quickly; each test may override.
    return {**app_config, "QBWC_HOLD_SECONDS": 0.3, "QBWC_HOLD_POLL_SECONDS": 0.02}


def make_connection(app: Flask, username: str | None = None, password: str = PASSWORD) -> Conn:
    with app.app_context(), new_session(app) as db:
        org = Organization(name="Acme Books")
        db.add(org)
        db.flush()
        conn = Connection(
            organization_id=org.id,
            mode="production",
            description="test",
            qbwc_username=username or f"nxus-{uuid.uuid4().hex[:8]}",
            qbwc_password_hash=hash_password(password),
        )
        db.add(conn)
        db.commit()
        return Conn(conn.id, conn.qbwc_username, password, conn.file_id)


@pytest.fixture
def conn(app: Flask) -> Conn:
    return make_connection(app)


@pytest.fixture
def hcp() -> str:
    return HCP_SAMPLE.read_text(encoding="utf-8")


def customer_query() -> str:
    return (
        '<?xml version="1.0"?><?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">'
        '<CustomerQueryRq requestID="1"><MaxReturned>5</MaxReturned></CustomerQueryRq>'
        "</QBXMLMsgsRq></QBXML>"
    )


def answer_for(request_qbxml: str, status: int = 0, message: str = "Status OK") -> str:
    """A QuickBooks-like answer echoing every requestID of the request."""
    doc = etree.fromstring(request_qbxml.split("?>", 2)[-1].strip().encode())
    out = ['<?xml version="1.0" ?>\n<QBXML>\n<QBXMLMsgsRs>']
    severity = "Info" if status in (0, 1) else "Error"
    for rq in doc.find("QBXMLMsgsRq"):
        name = str(rq.tag)[:-2] + "Rs"
        rid = rq.get("requestID")
        out.append(
            f'<{name} requestID="{rid}" statusCode="{status}" statusSeverity="{severity}" '
            f'statusMessage="{message}"></{name}>'
        )
    out.append("</QBXMLMsgsRs>\n</QBXML>\n")
    return "".join(out)
