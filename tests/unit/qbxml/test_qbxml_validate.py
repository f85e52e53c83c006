"""validate_request: verdicts on the project's own requests, lengths, document-level errors and
encodings. Its agreement with lxml's XMLSchema on Intuit's samples and mutations of them is
checked by tests/conformance/test_validator_agrees_with_xsd.py."""

from __future__ import annotations

import re

import pytest

from nxus.qbxml import spec
from nxus.qbxml.validate import PARSE_ERROR_TEXT, QbxmlParseError, validate_request
from tests.conftest import FIXTURES

REQUESTS = FIXTURES / "qbxml" / "requests"


def test_known_verdicts() -> None:
    valid = (REQUESTS / "customer_add_rq_valid.xml").read_bytes()
    assert validate_request(valid).requests[0].name == "CustomerAddRq"
    for bad in ("customer_add_rq_wrong_order.xml", "customer_mod_rq_missing_editsequence.xml"):
        with pytest.raises(QbxmlParseError) as info:
            validate_request((REQUESTS / bad).read_bytes())
        assert str(info.value) == PARSE_ERROR_TEXT
        assert info.value.hresult == "0x80040400"
        assert "QBXML/QBXMLMsgsRq/Customer" in info.value.detail


def test_lengths_are_not_a_parse_error() -> None:
    doc = (REQUESTS / "customer_add_rq_valid.xml").read_bytes()
    long_doc = re.sub(rb"<Name>[^<]*</Name>", b"<Name>" + b"N" * 60 + b"</Name>", doc, count=1)
    assert validate_request(long_doc).requests
    with pytest.raises(QbxmlParseError) as info:
        validate_request(long_doc, check_lengths=True)
    assert "maximum is 41" in info.value.detail
    assert spec.max_length("CustomerAddRq/CustomerAdd/Name") == 41


@pytest.mark.parametrize(
    ("doc", "fragment"),
    [
        (b"<QBXML/>", "missing <?qbxml"),
        (b'<?qbxml version="99.0"?><QBXML/>', "unsupported qbXML version"),
        (b'<?qbxml version="13.0"?><QBXML><QBXMLMsgsRq/></QBXML>', "onError"),
        (b'<?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="maybe"/></QBXML>', "onError"),
        (b'<?qbxml version="13.0"?><QBXML></QBXML>', "no QBXMLMsgsRq"),
        (b'<?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">', "well-formed"),
        (b'<?qbxml version="13.0"?><Other/>', "root element"),
        (
            b'<!DOCTYPE QBXML [<!ENTITY a "b">]><?qbxml version="13.0"?><QBXML/>',
            "DOCTYPE",
        ),
    ],
)
def test_document_level_errors(doc: bytes, fragment: str) -> None:
    with pytest.raises(QbxmlParseError) as info:
        validate_request(doc)
    assert fragment in info.value.detail


def test_bom_and_encoding_declaration() -> None:
    body = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><?qbxml version="13.0"?><QBXML>'
        '<QBXMLMsgsRq onError="continueOnError" newMessageSetID="m1"><CustomerAddRq requestID="7">'
        "<CustomerAdd><Name>Café</Name></CustomerAdd></CustomerAddRq></QBXMLMsgsRq></QBXML>"
    )
    doc = validate_request(body.encode("latin-1"))
    assert (doc.version, doc.on_error, doc.new_message_set_id) == ("13.0", "continueOnError", "m1")
    assert doc.requests[0].request_id == "7"
    assert doc.requests[0].element.findtext("CustomerAdd/Name") == "Café"
    utf8 = "\ufeff" + body.replace("ISO-8859-1", "utf-8")
    assert validate_request(utf8.encode("utf-8")).requests[0].name == "CustomerAddRq"
