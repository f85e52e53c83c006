"""The conformance suite: nXus against Intuit's schemas, samples, envelopes, WSDL and .qwc
files, read from $NXUS_REFERENCE_DIR (never copied into the repository). `make conformance`
runs it; `make test` does not collect this folder (pyproject.toml: norecursedirs)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conformance import reference
from tests.qbxml_checks import second_opinion


def pytest_sessionstart(session: pytest.Session) -> None:
    found = reference.problem()
    if found is not None:
        pytest.exit(f"conformance suite: {found}", returncode=4)


@pytest.fixture(autouse=True)
def xsd_second_opinion() -> Iterator[None]:
    """Every qbXML check of tests/qbxml_checks.py also asks Intuit's XSD while a test of this
    suite runs (tests of the main suite imported here run again with it)."""
    with second_opinion(reference.xsd_problem):
        yield
