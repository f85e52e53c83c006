"""The Web Connector test helpers (a SOAP client through the test client, connections), and
an HCP answer from the simulator (nothing read outside the repository)."""

from __future__ import annotations

import pytest

from nxus.simulator.quickbooks import SimulatedQuickBooks
from tests.integration.qbwc.conftest import app_config, conn, soap  # noqa: F401


@pytest.fixture
def hcp() -> str:
    return SimulatedQuickBooks(customers=3).hcp_response()
