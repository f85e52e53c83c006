"""validate_request agrees with lxml's XMLSchema on real samples and on mutations of them."""

from __future__ import annotations

import random
import re
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from nxus.qbxml import spec
from nxus.qbxml.validate import PARSE_ERROR_TEXT, QbxmlParseError, validate_request

REPO = Path(__file__).resolve().parents[3]
REF = REPO / ".." / "shared" / "reference" / "qbxml"
SAMPLE_DIRS = ("intuit-sdk-samples", "qbwc-qbxml", "validation")


def _samples() -> list[Path]:
    found: list[Path] = []
    for folder in SAMPLE_DIRS:
        found += sorted(
            p for p in (REF / "samples" / folder).glob("*.xml") if "responses" not in p.name
        )
    return found


SAMPLES = _samples()
SCHEMA_VERSION = {"130": "13.0", "160": "16.0"}


@cache
def xsd(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(REF / f"xsd{name}" / f"qbxmlops{name}.xsd")))


def with_version(doc: bytes, version: str) -> bytes:
    return re.sub(
        rb'<\?qbxml\s+version="[^"]*"\s*\?>', f'<?qbxml version="{version}"?>'.encode(), doc
    )


def xsd_accepts(doc: bytes, name: str) -> bool:
    return xsd(name).validate(etree.ElementTree(etree.fromstring(doc)))


def mine_accepts(doc: bytes) -> bool:
    try:
        validate_request(doc, check_lengths=True)
    except QbxmlParseError:
        return False
    return True


def test_samples_found() -> None:
    assert len([p for p in SAMPLES if p.parent.name == "intuit-sdk-samples"]) == 48
    assert len(SAMPLES) >= 60


@pytest.mark.parametrize("schema_name", ["130", "160"])
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sample_agrees_with_xsd(sample: Path, schema_name: str) -> None:
    doc = with_version(sample.read_bytes(), SCHEMA_VERSION[schema_name])
    assert mine_accepts(doc) == xsd_accepts(doc, schema_name)


def test_known_verdicts() -> None:
    valid = (REF / "samples/validation/customer_add_rq_valid.xml").read_bytes()
    assert validate_request(valid).requests[0].name == "CustomerAddRq"
    for bad in ("customer_add_rq_wrong_order.xml", "customer_mod_rq_missing_editsequence.xml"):
        with pytest.raises(QbxmlParseError) as info:
            validate_request((REF / "samples/validation" / bad).read_bytes())
        assert str(info.value) == PARSE_ERROR_TEXT
        assert info.value.hresult == "0x80040400"
        assert "QBXML/QBXMLMsgsRq/Customer" in info.value.detail


BAD_VALUES = ["yes", "2024-13-01", "12.345", "1.5", "NotAnEnumValue", " 7", "{bad-guid}", "-"]


def _mutations(doc: bytes, rng: random.Random) -> list[bytes]:
    """Reorder, drop, duplicate, insert and corrupt elements inside the requests."""
    root = etree.fromstring(doc)
    msgs = root.find("QBXMLMsgsRq")
    elements = [e for e in msgs.iter() if isinstance(e.tag, str) and e is not msgs]
    out: list[bytes] = []
    if not elements:
        return out

    def emit(mutated_root: etree._Element) -> None:
        body = etree.tostring(mutated_root)
        out.append(b'<?xml version="1.0"?><?qbxml version="X"?>' + body)

    for _ in range(25):
        target_index = rng.randrange(len(elements))
        kind = rng.choice(["swap", "drop", "dup", "insert", "value"])
        clone = etree.fromstring(etree.tostring(root))
        target = [e for e in clone.find("QBXMLMsgsRq").iter() if isinstance(e.tag, str)][
            1 + target_index
        ]
        parent = target.getparent()
        if kind == "swap" and target.getnext() is not None:
            nxt = target.getnext()
            parent.remove(nxt)
            target.addprevious(nxt)
        elif kind == "drop":
            parent.remove(target)
        elif kind == "dup":
            target.addnext(etree.fromstring(etree.tostring(target, with_tail=False)))
        elif kind == "insert":
            target.addnext(etree.Element(rng.choice(["Bogus", "Name", "IsActive", "ListID"])))
        elif len(target) == 0:
            target.text = rng.choice(BAD_VALUES)
        emit(clone)
    return out


@pytest.mark.parametrize("schema_name", ["130", "160"])
def test_mutations_agree_with_xsd(schema_name: str) -> None:
    rng = random.Random(20240611)
    checked = disagreements = 0
    for sample in SAMPLES:
        if b'<?qbxml version="1.' in sample.read_bytes():
            continue  # qbXML 1.x predates what nXus supports; refused before schema checks
        for mutated in _mutations(sample.read_bytes(), rng):
            doc = with_version(mutated, SCHEMA_VERSION[schema_name])
            checked += 1
            if mine_accepts(doc) != xsd_accepts(doc, schema_name):
                disagreements += 1
                print(sample.name, doc.decode()[:2000])
    assert checked > 500
    assert disagreements == 0


def test_lengths_are_not_a_parse_error() -> None:
    doc = (REF / "samples/validation/customer_add_rq_valid.xml").read_bytes()
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
