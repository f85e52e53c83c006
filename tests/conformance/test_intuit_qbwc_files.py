"""nXus against Intuit's Web Connector files: the .qwc nXus serves carries every element of
Intuit's SDK sample and of a production .qwc (in the production file's order), and zeep built
strictly from Intuit's troubleshooting WSDL runs a whole session against /qbwc."""

from __future__ import annotations

import pytest
from flask import Flask
from lxml import etree

from tests.conformance.reference import QBWC
from tests.conftest import LiveServer
from tests.integration.api.conftest import Api, api, tenant
from tests.integration.api.test_qwc_setup import fetch_qwc
from tests.integration.qbwc.conftest import Conn, conn, hcp
from tests.integration.qbwc.test_zeep_and_versions import zeep_session

FIXTURES_USED = (api, tenant, conn, hcp)
INTUIT_WSDL = QBWC / "wsdl" / "TroubleshootWebServiceFS_intuit.wsdl"
INTUIT_BINDING = "{http://developer.intuit.com/}TroubleshootWebServiceFSSoap"


@pytest.mark.parametrize(
    ("example", "same_order"),
    [("example_intuit_sdk_sample.qwc", False), ("example_production_https.qwc", True)],
)
def test_qwc_covers_the_reference_examples(api: Api, example: str, same_order: bool) -> None:
    """Every element Intuit's and a production .qwc carry is in ours, at the top level."""
    reference = etree.parse(str(QBWC / "qwc" / example)).getroot()
    _response, root = fetch_qwc(api, api.create_connection()["id"])
    ours = [child.tag for child in root]
    assert {child.tag for child in reference} <= set(ours)
    if same_order:
        reference_order = [child.tag for child in reference]
        assert [tag for tag in ours if tag in reference_order] == reference_order


def test_zeep_from_intuits_wsdl_runs_a_whole_session(
    app: Flask, live_server: LiveServer, conn: Conn, hcp: str
) -> None:
    zeep_session(app, live_server, conn, hcp, str(INTUIT_WSDL), INTUIT_BINDING)
