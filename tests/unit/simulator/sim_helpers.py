"""Shared helpers: every response the simulator produces is checked against the 16.0 schema
(nXus' validator; the conformance suite adds Intuit's XSD: tests/qbxml_checks.py)."""

from __future__ import annotations

from lxml import etree

from tests.conftest import FIXTURES
from tests.qbxml_checks import assert_valid_response

REQUESTS = FIXTURES / "qbxml" / "requests"


def assert_valid(body: bytes | str) -> etree._Element:
    return assert_valid_response(body, "16.0")


def ask(qb, body: str, version: str = "16.0", on_error: str = "stopOnError", attrs: str = ""):
    """Send the request children ``body`` in one message set; return the validated root."""
    doc = (
        f'<?xml version="1.0" encoding="utf-8"?><?qbxml version="{version}"?>'
        f'<QBXML><QBXMLMsgsRq onError="{on_error}"{attrs}>{body}</QBXMLMsgsRq></QBXML>'
    )
    return assert_valid(qb.process(doc.encode()))


def rs(root: etree._Element, index: int = 0) -> etree._Element:
    return root.find("QBXMLMsgsRs")[index]


class FakeClock:
    """A clock tests move by hand (no wall-clock waits or asserts)."""

    def __init__(self) -> None:
        self.now = 1_705_343_400.0  # 2024-01-15T10:30:00-08:00

    def __call__(self) -> float:
        return self.now


def doc(body: str, version: str = "16.0", on_error: str = "stopOnError") -> bytes:
    return (
        f'<?xml version="1.0"?><?qbxml version="{version}"?><QBXML>'
        f'<QBXMLMsgsRq onError="{on_error}">{body}</QBXMLMsgsRq></QBXML>'
    ).encode()
