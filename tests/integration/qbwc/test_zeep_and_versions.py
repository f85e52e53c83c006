"""A third-party SOAP client (zeep, built from the WSDL nXus serves; tests/conformance/ builds
it from Intuit's) runs a whole session; qbXML version negotiation for QuickBooks 2006, 2012,
2014 and 2023 (16.0)."""

from __future__ import annotations

import pytest
from flask import Flask
from lxml import etree
from zeep import Client, Settings
from zeep.transports import Transport

from nxus.db import new_session
from nxus.models import Connection
from nxus.qbxml import versions
from nxus.services import jobs
from tests.conftest import LiveServer
from tests.integration.qbwc.conftest import (
    Conn,
    Soap,
    answer_for,
    customer_query,
)

OWN_BINDING = "{http://developer.intuit.com/}QBWebConnectorSvcSoap"


def test_zeep_client_runs_a_whole_session(
    app: Flask, live_server: LiveServer, conn: Conn, hcp: str
) -> None:
    zeep_session(app, live_server, conn, hcp, f"{live_server.url}/qbwc?wsdl", OWN_BINDING)


def zeep_session(
    app: Flask, live_server: LiveServer, conn: Conn, hcp: str, wsdl: str, binding: str
) -> None:
    """One whole session by zeep, built (strict) from `wsdl`, through `binding`."""
    with new_session(app) as db:
        job = jobs.submit_qbxml(db, conn.id, customer_query())
    client = Client(wsdl, settings=Settings(strict=True), transport=Transport(timeout=30))
    service = client.create_service(binding, f"{live_server.url}/qbwc")
    assert service.serverVersion()
    assert service.clientVersion(strVersion="2.3.0.215") is None  # empty string result
    auth = service.authenticate(strUserName=conn.username, strPassword=conn.password)
    ticket, status = auth[0], auth[1]
    assert ticket and status in (None, "")
    request = service.sendRequestXML(
        ticket=ticket,
        strHCPResponse=hcp,
        strCompanyFileName=r"C:\Company Files\myCompany.qbw",
        qbXMLCountry="US",
        qbXMLMajorVers=13,
        qbXMLMinorVers=0,
    )
    assert job.id.hex in request
    progress = service.receiveResponseXML(
        ticket=ticket, response=answer_for(request), hresult=None, message=None
    )
    assert 0 <= progress <= 100
    assert service.closeConnection(ticket=ticket) == "OK"
    with new_session(app) as db:
        stored = db.get(type(job), job.id)
        assert stored is not None and stored.state == "done"


def _hcp_for(year: int) -> str:
    """A HostQueryRs + CompanyQueryRs like QuickBooks <year> sends."""
    root = etree.Element("QBXML")
    msgs = etree.SubElement(root, "QBXMLMsgsRs")
    host_rs = etree.SubElement(
        msgs,
        "HostQueryRs",
        requestID="0",
        statusCode="0",
        statusSeverity="Info",
        statusMessage="Status OK",
    )
    host = etree.SubElement(host_rs, "HostRet")
    etree.SubElement(host, "ProductName").text = f"QuickBooks Pro {year}"
    etree.SubElement(host, "MajorVersion").text = str(year - 1990)
    etree.SubElement(host, "MinorVersion").text = "0"
    etree.SubElement(host, "Country").text = "US"
    for v in versions.supported_versions_for_year(year):
        etree.SubElement(host, "SupportedQBXMLVersion").text = v
    company_rs = etree.SubElement(
        msgs,
        "CompanyQueryRs",
        requestID="1",
        statusCode="0",
        statusSeverity="Info",
        statusMessage="Status OK",
    )
    company = etree.SubElement(company_rs, "CompanyRet")
    etree.SubElement(company, "IsSampleCompany").text = "true"
    etree.SubElement(company, "CompanyName").text = f"Sample {year}"
    return '<?xml version="1.0" ?>' + etree.tostring(root, encoding="unicode")


@pytest.mark.parametrize(
    ("year", "expected"), [(2006, "5.0"), (2012, "11.0"), (2014, "13.0"), (2023, "16.0")]
)
def test_version_choice(app: Flask, soap: Soap, conn: Conn, year: int, expected: str) -> None:
    with new_session(app) as db:
        jobs.submit_qbxml(db, conn.id, customer_query().replace("13.0", "2.0"))
    ticket = soap.authenticate(conn)[0]
    major, minor = expected.split(".")
    request = soap.send(ticket, hcp=_hcp_for(year), major=int(major), minor=int(minor))
    assert f'<?qbxml version="{expected}"?>' in request
    with new_session(app) as db:
        c = db.get(Connection, conn.id)
        assert c is not None
        assert c.qbxml_version == expected and c.is_sample_file is True
        assert c.company_name == f"Sample {year}"


def test_version_from_major_minor_without_hcp(soap: Soap, conn: Conn, app: Flask) -> None:
    with new_session(app) as db:
        jobs.submit_qbxml(db, conn.id, customer_query().replace("13.0", "2.0"))
    ticket = soap.authenticate(conn)[0]
    assert '<?qbxml version="11.0"?>' in soap.send(ticket, hcp="", major=11, minor=0)
