"""The schema checks tests make on the qbXML they build or receive.

Always nXus' own validator (nxus/qbxml/validate.py, from the compact spec in
nxus/qbxml/data/, lengths included). The conformance suite (tests/conformance/, `make
conformance`) re-runs the same tests with a second opinion registered: lxml's XMLSchema built
from Intuit's XSDs. `make test` never needs those files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from lxml import etree

from nxus.qbxml.validate import (
    QbxmlParseError,
    RequestDocument,
    validate_request,
    validate_response,
)

# (document, qbXML version, "request" | "response") -> why it is invalid, or None.
SecondOpinion = Callable[[bytes, str, str], str | None]
_SECOND_OPINIONS: list[SecondOpinion] = []


@contextmanager
def second_opinion(check: SecondOpinion) -> Iterator[None]:
    """While active, every check below also asks `check` (the conformance suite's XSDs)."""
    _SECOND_OPINIONS.append(check)
    try:
        yield
    finally:
        _SECOND_OPINIONS.remove(check)


def second_opinions_active() -> int:
    return len(_SECOND_OPINIONS)


def _others(doc: bytes, version: str, kind: str) -> str | None:
    for check in _SECOND_OPINIONS:
        problem = check(doc, version, kind)
        if problem is not None:
            return problem
    return None


def request_problem(doc: bytes) -> str | None:
    """Why a request document is not valid for the version it declares (None: valid)."""
    try:
        parsed = validate_request(doc, check_lengths=True)
    except QbxmlParseError as exc:
        return f"{exc}: {exc.detail}"
    return _others(doc, parsed.version, "request")


def assert_valid_request(doc: bytes) -> RequestDocument:
    parsed = validate_request(doc, check_lengths=True)
    problem = _others(doc, parsed.version, "request")
    assert problem is None, problem
    return parsed


def assert_valid_response(body: bytes | str, version: str = "16.0") -> etree._Element:
    """A response valid for `version` (the simulator answers in the 16.0 element order)."""
    data = body.encode() if isinstance(body, str) else body
    try:
        root = validate_response(data, version, check_lengths=True)
    except QbxmlParseError as exc:
        raise AssertionError(f"{exc}: {exc.detail}") from None
    problem = _others(data, version, "response")
    assert problem is None, problem
    return root
