"""Helpers shared by the resources tests: the SDK models, the 16.0 XSD and a Ret -> dict reader."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from nxus.qbxml import spec
from nxus.qbxml.builder import RequestSpec, build_request

REF = Path(__file__).resolve().parents[3] / ".." / "shared" / "reference" / "qbxml"


@cache
def xsd160() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(REF / "xsd160" / "qbxmlops160.xsd")))


def assert_builds_valid(request: str, body: dict[str, Any], attrs: dict[str, str]) -> bytes:
    doc = build_request("16.0", [RequestSpec(request, body, attrs)])
    tree = etree.ElementTree(etree.fromstring(doc))
    assert xsd160().validate(tree), xsd160().error_log.last_error
    return doc


def ret_to_dict(element: etree._Element, path: str) -> dict[str, Any]:
    """What the streaming parser yields: text or nested dicts; lists where maxOccurs > 1."""
    out: dict[str, Any] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        child_path = f"{path}/{child.tag}"
        try:
            node = spec.resolve(child_path)
        except (KeyError, LookupError, ValueError):
            continue
        value: Any = ret_to_dict(child, child_path) if node.complex else (child.text or "")
        if node.child is not None and node.child.max_occurs != 1:
            out.setdefault(child.tag, []).append(value)
        else:
            out[child.tag] = value
    return out


@pytest.fixture(scope="session")
def samples() -> Path:
    return REF / "samples" / "qbwc-qbxml"
