"""Pure pieces: envelope parsing/building, qbXML reading, HRESULT explanations."""

from __future__ import annotations

import pytest
from lxml import etree

from nxus.qbwc.envelope import SoapFault, build_result, parse_call
from nxus.qbwc.qbxml_in import QbxmlReadError, job_status, parse_hcp, response_statuses
from nxus.services import diagnostics

SOAP = "http://schemas.xmlsoap.org/soap/envelope/"


def _call(op: str) -> bytes:
    return (
        f'<s:Envelope xmlns:s="{SOAP}"><s:Body><{op} xmlns="http://developer.intuit.com/">'
        f"<ticket>t</ticket><response>&lt;QBXML/&gt;</response><hresult /></{op}>"
        "</s:Body></s:Envelope>"
    ).encode()


def test_parse_call_reads_escaped_text_and_empty_elements() -> None:
    call = parse_call(_call("receiveResponseXML"))
    assert call.method == "receiveResponseXML"
    assert call.params == {"ticket": "t", "response": "<QBXML/>", "hresult": ""}


def test_unknown_method_is_a_client_fault() -> None:
    with pytest.raises(SoapFault) as info:
        parse_call(_call("format"))
    assert info.value.code == "Client"


def test_build_result_empty_strings_are_empty_elements() -> None:
    data = build_result("authenticate", ["abc", "", "", "5"])
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert data.count(b"<string/>") == 2
    data = build_result("sendRequestXML", '<?xml version="1.0"?><QBXML a="&"/>')
    assert b'&lt;QBXML a="&amp;"/&gt;' in data
    root = etree.fromstring(data)
    assert root.findtext(".//{http://developer.intuit.com/}sendRequestXMLResult").startswith(
        "<?xml"
    )


def test_inner_qbxml_with_its_own_encoding_declaration() -> None:
    text = (
        '<?xml version="1.0" encoding="ISO-8859-1" ?><QBXML><QBXMLMsgsRs>'
        '<CustomerQueryRs requestID="a" statusCode="1" statusSeverity="Info" statusMessage="é"/>'
        "</QBXMLMsgsRs></QBXML>"
    )
    [status] = response_statuses(text)
    assert (status.name, status.request_id, status.code, status.message) == (
        "CustomerQueryRs",
        "a",
        1,
        "é",
    )


def test_unreadable_response_raises() -> None:
    with pytest.raises(QbxmlReadError):
        response_statuses("<QBXML><QBXMLMsgsRs>")
    with pytest.raises(QbxmlReadError):
        parse_hcp("not xml at all <")


@pytest.mark.parametrize(
    ("raw", "code", "anchor"),
    [
        ("0x80040408", "0x80040408", "connection-error"),
        ("80040408", "0x80040408", "connection-error"),
        ("-2147220472", "0x80040408", "connection-error"),
        ("0x8004040a", "0x8004040A", "connection-error"),
        ("0x80040410", "0x80040410", "connection-error"),
        ("0x8004041A", "0x8004041A", "allow-access"),
        ("0x8004041D", "0x8004041D", "allow-access"),
        ("0x80040420", "0x80040420", "allow-access"),
        ("0x80040400", "0x80040400", "connection-error"),
        ("0x80049999", "0x80049999", "connection-error"),
    ],
)
def test_hresults_are_explained(raw: str, code: str, anchor: str) -> None:
    explanation = diagnostics.explain_hresult(raw, "raw message")
    assert explanation.code == code and explanation.anchor == anchor
    assert explanation.fix and explanation.title
    assert f"/support#{anchor}" in explanation.text()


def test_other_diagnostics() -> None:
    assert diagnostics.wrong_password("u").anchor == "wrong-password"
    mismatch = diagnostics.file_mismatch(r"C:\a.qbw", r"C:\b.qbw")
    assert r"C:\a.qbw" in mismatch.explanation and r"C:\b.qbw" in mismatch.explanation
    from datetime import UTC, datetime, timedelta

    now = datetime(2025, 1, 1, tzinfo=UTC)
    assert diagnostics.check_missed_polls(now - timedelta(seconds=100), 60, now) is None
    missed = diagnostics.check_missed_polls(now - timedelta(seconds=600), 60, now)
    assert missed is not None and missed.anchor == "not-connected"


def _answer(*sets: tuple[str, int], tail: str = "</QBXMLMsgsRs></QBXML>") -> str:
    body = "".join(
        f'<CustomerQueryRs requestID="{rid}" statusCode="{code}" statusSeverity="'
        f'{"Info" if code in (0, 1) else "Error"}" statusMessage="m{code}">'
        "<CustomerRet><ListID>1</ListID></CustomerRet></CustomerQueryRs>"
        for rid, code in sets
    )
    return f'<?xml version="1.0" ?><QBXML><QBXMLMsgsRs>{body}{tail}'


def test_job_status_is_the_first_error_else_the_first() -> None:
    ok = job_status(_answer(("a-0", 0), ("a-1", 0)))
    assert ok is not None and (ok.request_id, ok.code) == ("a-0", 0)
    bad = job_status(_answer(("a-0", 0), ("a-1", 3100), ("a-2", 500)))
    assert bad is not None and (bad.request_id, bad.code, bad.message) == ("a-1", 3100, "m3100")
    assert job_status("<QBXML><QBXMLMsgsRs/></QBXML>") is None
    assert [s.code for s in response_statuses(_answer(("x", 1), ("y", 0)))] == [1, 0]


def test_job_status_of_a_one_request_job_stops_at_its_start_tag() -> None:
    job_id = "0123456789abcdef0123456789abcdef"
    # Everything after the first response's start tag is left unread: even a broken tail.
    broken = _answer((job_id, 0), tail="<CustomerRet>" * 3 + "x" * 200_000)
    status = job_status(broken)
    assert status is not None and (status.request_id, status.code) == (job_id, 0)
    with pytest.raises(QbxmlReadError):
        response_statuses(broken)  # reading everything finds the damage
    with pytest.raises(QbxmlReadError):
        job_status(_answer(("a-0", 0), tail="<oops"))  # several requests: read on


def test_job_status_rejects_a_doctype_and_a_bad_status_code() -> None:
    with pytest.raises(QbxmlReadError):
        job_status('<!DOCTYPE QBXML [<!ENTITY x "y">]><QBXML><QBXMLMsgsRs/></QBXML>')
    with pytest.raises(QbxmlReadError):
        job_status(_answer(("a", 0)).replace('statusCode="0"', 'statusCode="zero"'))


def test_hcp_is_read_by_the_shared_parser() -> None:
    text = (
        '<?xml version="1.0" encoding="windows-1252"?><QBXML><QBXMLMsgsRs>'
        '<HostQueryRs statusCode="0" statusSeverity="Info" statusMessage="Status OK"><HostRet>'
        "<ProductName>QuickBooks Pro 2014</ProductName><MajorVersion>24</MajorVersion>"
        "<MinorVersion>0</MinorVersion><Country>US</Country>"
        "<SupportedQBXMLVersion>12.0</SupportedQBXMLVersion>"
        "<SupportedQBXMLVersion>13.0</SupportedQBXMLVersion></HostRet></HostQueryRs>"
        '<CompanyQueryRs statusCode="0" statusSeverity="Info" statusMessage="Status OK">'
        "<CompanyRet><IsSampleCompany>true</IsSampleCompany><CompanyName>Café</CompanyName>"
        "<DataExtRet><OwnerID>{1}</OwnerID><DataExtName>FileID</DataExtName>"
        "<DataExtType>STR255TYPE</DataExtType><DataExtValue>{abc}</DataExtValue></DataExtRet>"
        "</CompanyRet></CompanyQueryRs></QBXMLMsgsRs></QBXML>"
    )
    host = parse_hcp(text)
    assert (host.product_name, host.product_version, host.country) == (
        "QuickBooks Pro 2014",
        "24.0",
        "US",
    )
    assert host.supported_versions == ["12.0", "13.0"]
    assert (host.company_name, host.is_sample, host.file_ids) == ("Café", True, ["{abc}"])
