"""nXus on Intuit's and public recorded data: the envelope fixtures have QBWC's framing, the
simulated Web Connector writes the reference requests byte for byte and reads the reference
answers, and recorded QuickBooks responses parse, map to the SDK and render alike in C and
Python. (`make test` runs the same code on the project's fixtures in tests/fixtures/.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from nxus.qbxml.parser import iter_response_sets
from nxus.simulator.soap_client import build_envelope, parse_result
from tests.conformance.reference import QBWC, SAMPLES
from tests.conftest import FIXTURES
from tests.unit.resources.test_native import (
    QUERY_SAMPLES,
    assert_recorded_answer_renders_the_same,
)
from tests.unit.resources.test_requests_and_samples import (
    test_recorded_responses_map_to_sdk_aliases_with_valid_values as map_to_sdk,
)

REFERENCE_ENVELOPES = sorted((QBWC / "envelopes").glob("*.xml"))
OWN_ENVELOPES = FIXTURES / "qbwc" / "envelopes"
RECORDED = sorted((SAMPLES / "qbwc-qbxml").glob("responses__*.xml"))
HCP = sorted((SAMPLES / "hcp").glob("*.xml"))
# The recorded responses by the name the project's fixture of the same answer has.
RECORDED_AS = {
    p.name: p.name.removeprefix("responses__").replace("terator", "iterator") for p in RECORDED
}


def _framing(data: bytes) -> tuple[bytes, list[tuple[str, str | None]], list[bytes], bool]:
    """What QBWC's framing fixes: the bytes before <soap:Body> (declaration, three xmlns), every
    element's name and namespace, which are written empty as `<x />`, a final newline."""
    root = etree.fromstring(data)
    names = [(etree.QName(e).localname, etree.QName(e).namespace) for e in root.iter()]
    empties = sorted(set(re.findall(rb"<(\w+)(?: xmlns=\"[^\"]*\")? />", data)))
    return data.split(b"<soap:Body>")[0], names, empties, data.endswith(b"\n")


def test_every_reference_envelope_has_a_fixture() -> None:
    assert len(REFERENCE_ENVELOPES) >= 30
    assert {p.name for p in REFERENCE_ENVELOPES} == {p.name for p in OWN_ENVELOPES.glob("*.xml")}


@pytest.mark.parametrize("path", REFERENCE_ENVELOPES, ids=lambda p: p.stem)
def test_fixture_envelope_has_the_reference_framing(path: Path) -> None:
    ours = (OWN_ENVELOPES / path.name).read_bytes()
    theirs = path.read_bytes()
    assert _framing(ours) == _framing(theirs)


@pytest.mark.parametrize(
    "path", [p for p in REFERENCE_ENVELOPES if "_request" in p.name], ids=lambda p: p.stem
)
def test_simulated_web_connector_writes_the_reference_bytes(path: Path) -> None:
    method = etree.fromstring(path.read_bytes())[0][0]
    params = [(etree.QName(c).localname, c.text or "") for c in method]
    # The one real capture ends with a newline after the envelope; nothing else differs.
    built = build_envelope(etree.QName(method).localname, params)
    assert built == path.read_bytes().rstrip(b"\n")


@pytest.mark.parametrize(
    "path",
    [p for p in REFERENCE_ENVELOPES if "_response" in p.name and "fault" not in p.name],
    ids=lambda p: p.stem,
)
def test_reference_answers_read_like_the_fixtures(path: Path) -> None:
    method = path.name.split("_response")[0]
    theirs = parse_result(method, path.read_bytes())
    ours = parse_result(method, (OWN_ENVELOPES / path.name).read_bytes())
    assert type(theirs) is type(ours)
    if isinstance(theirs, list):
        assert len(theirs) == len(ours) and (theirs[0] == "") == (ours[0] == "")


@pytest.mark.parametrize("path", RECORDED + HCP, ids=lambda p: p.name)
def test_recorded_responses_parse(path: Path) -> None:
    sets = [(rs, list(rs.records)) for rs in iter_response_sets(path.read_bytes())]
    assert sets
    for rs, records in sets:
        assert rs.name.endswith("Rs") and rs.status_code == 0 and rs.ok
        assert records and all(r.tag.endswith("Ret") for r in records)


def test_the_fixtures_answer_what_was_recorded() -> None:
    """Each recorded response has a fixture of the project answering the same request kind."""
    own = FIXTURES / "qbxml" / "responses"
    for path in RECORDED:
        fixture = own / RECORDED_AS[path.name]
        theirs = [rs.name for rs in iter_response_sets(path.read_bytes())]
        assert [rs.name for rs in iter_response_sets(fixture.read_bytes())] == theirs


@pytest.mark.parametrize("path", RECORDED, ids=lambda p: p.stem)
def test_recorded_responses_map_to_sdk_aliases(path: Path) -> None:
    map_to_sdk(path)


@pytest.mark.parametrize(("sample", "name"), sorted(QUERY_SAMPLES.items()))
def test_recorded_answers_render_the_same(
    monkeypatch: pytest.MonkeyPatch, sample: str, name: str
) -> None:
    recorded = {v: k for k, v in RECORDED_AS.items()}[sample]
    assert_recorded_answer_renders_the_same(monkeypatch, SAMPLES / "qbwc-qbxml" / recorded, name)


def test_hcp_sample_has_the_three_answers() -> None:
    (path,) = HCP
    names = [rs.name for rs in iter_response_sets(path.read_bytes())]
    assert names == ["HostQueryRs", "CompanyQueryRs", "PreferencesQueryRs"]
    ours = FIXTURES / "qbxml" / "hcp_quickbooks_pro_2014.xml"
    assert [rs.name for rs in iter_response_sets(ours.read_bytes())] == names
