"""Every query in every qbXML version answers valid 16.0 (the shapes of answers recorded from
real QuickBooks are compared in tests/conformance/test_simulator_fidelity.py)."""

import pytest

from nxus.qbxml import spec
from nxus.simulator.qb.entities import ENTITIES, POLYMORPHIC
from nxus.simulator.quickbooks import SimulatedQuickBooks
from tests.unit.simulator.sim_helpers import assert_valid, doc


@pytest.fixture(scope="module")
def full_company():
    return SimulatedQuickBooks(seed=2, records=1500)


@pytest.mark.parametrize("version", ["3.0", "5.0", "8.0", "10.0", "13.0", "14.0", "16.0"])
def test_every_query_in_every_version_answers_valid_16_0(full_company, version):
    """Response order comes from nxus.qbxml.spec for the declared version; all of it is valid."""
    for name in sorted(set(ENTITIES) | set(POLYMORPHIC)):
        request = f"{name}QueryRq"
        if request not in spec.request_types(version):
            continue
        lines = f"{request}/IncludeLineItems"
        extra = "<IncludeLineItems>true</IncludeLineItems>" if spec.exists(lines, version) else ""
        limit = "<MaxReturned>25</MaxReturned>" if spec.exists(f"{request}/MaxReturned") else ""
        if request == "BillToPayQueryRq":  # the schema requires the vendor
            vendor = next(iter(full_company.company.records["VendorCredit"].values()))
            limit = (
                f"<PayeeEntityRef><ListID>{vendor['VendorRef']['ListID']}</ListID></PayeeEntityRef>"
            )
        body = f"<{request}>{limit}{extra}</{request}>"
        root = assert_valid(full_company.process(doc(body, version=version)))
        response = root.find("QBXMLMsgsRs")[0]
        assert response.get("statusCode") in ("0", "1"), (version, name)  # 1: no OtherName
        for ret in response:
            for child in ret:
                assert spec.exists(f"{response.tag}/{ret.tag}/{child.tag}", version)
