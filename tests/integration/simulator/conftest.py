"""Fixtures for the simulated Web Connector against a database: connections made directly
from the models, and the scripted SOAP server of the unit tests for runs without /qbwc."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from nxus.db import new_session
from nxus.models import Connection, Organization
from nxus.services import sample_company

# The scripted SOAP server's fixtures, shared with the unit tests of the simulated connector.
from tests.unit.web_connector.conftest import fake_server, service  # noqa: F401


@pytest.fixture
def qbwc_overrides() -> dict[str, Any]:
    """Server settings of one test (parametrize `qbwc_overrides` to change them)."""
    return {}


@pytest.fixture
def app_config(app_config: dict[str, Any], qbwc_overrides: dict[str, Any]) -> dict[str, Any]:
    # Sessions end as soon as the queue is empty unless a test asks for keep-warm.
    return {
        **app_config,
        "QBWC_KEEP_WARM_SECONDS": 0,
        "QBWC_HOLD_SECONDS": 0.2,
        "QBWC_HOLD_POLL_SECONDS": 0.02,
        **qbwc_overrides,
    }


@pytest.fixture
def make_connection(app: Flask) -> Callable[..., Connection]:
    def make(
        mode: str = "development",
        external_id: str | None = None,
        organization: str = "Acme Books",
    ) -> Connection:
        with new_session(app) as session:
            org = Organization(name=organization)
            session.add(org)
            session.flush()
            connection = Connection(
                organization_id=org.id,
                mode=mode,
                external_id=external_id,
                description="Sample",
                qbwc_username=f"nxus-{uuid.uuid4().hex[:12]}",
            )
            session.add(connection)
            session.commit()
            return connection

    return make


@pytest.fixture(autouse=True)
def _no_attachment_left() -> Iterator[None]:
    yield
    sample_company.detach_all(timeout=10)
