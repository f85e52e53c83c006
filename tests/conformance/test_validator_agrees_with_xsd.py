"""validate_request agrees with lxml's XMLSchema (Intuit's XSDs) on Intuit's and public
samples and on seeded mutations of them: the project's validator is what `make test` checks
qbXML with, so this is where it earns that trust."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from lxml import etree

from nxus.qbxml.validate import QbxmlParseError, validate_request
from tests.conformance.reference import SAMPLES as SAMPLES_DIR
from tests.conformance.reference import xsd

SAMPLE_DIRS = ("intuit-sdk-samples", "qbwc-qbxml", "validation")


def _samples() -> list[Path]:
    found: list[Path] = []
    for folder in SAMPLE_DIRS:
        found += sorted(
            p for p in (SAMPLES_DIR / folder).glob("*.xml") if "responses" not in p.name
        )
    return found


SAMPLES = _samples()
SCHEMA_VERSION = {"130": "13.0", "160": "16.0"}


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
