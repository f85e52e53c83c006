"""Helpers shared by the resources tests: building into schema-valid 16.0 qbXML, the recorded
responses (tests/fixtures/qbxml/responses) and a Ret -> dict reader."""

from __future__ import annotations

from typing import Any

from lxml import etree

from nxus.qbxml import spec
from nxus.qbxml.builder import RequestSpec, build_request
from tests.conftest import FIXTURES
from tests.qbxml_checks import assert_valid_request

RESPONSES = FIXTURES / "qbxml" / "responses"


def assert_builds_valid(request: str, body: dict[str, Any], attrs: dict[str, str]) -> bytes:
    """Build a 16.0 document that nXus' validator (under `make conformance`: the XSD) accepts."""
    doc = build_request("16.0", [RequestSpec(request, body, attrs)])
    assert_valid_request(doc)
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


def _sdk_tables() -> tuple[dict[str, Any], dict[str, tuple[Any, ...]]]:
    """The SDK's model and paths per resource; special items live outside `_RESOURCE_DEFS`
    (SyncSpecialItems: POST /api/v1/special-item only)."""
    from nxus_qbd.models.qbd.special_item import SpecialItem
    from nxus_qbd.resources import _MODELS, _RESOURCE_DEFS

    special = ("special_items", "/api/v1/special-item", "/api/v1/special-item/{id}")
    defs = {d[0]: d for d in _RESOURCE_DEFS}
    defs["special_items"] = (*special, "/api/v1/special-item", ("create",))
    return {**_MODELS, "special_items": SpecialItem}, defs


SDK_MODELS, SDK_DEFS = _sdk_tables()
