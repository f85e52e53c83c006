"""Fixtures for the portal's status pages and the setup wizard's server side: a signed-in
owner, their connections, and a live server for real Web Connector exchanges."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from nxus.db import new_session
from nxus.models import Connection, User
from nxus.services import accounts, connections, sample_company
from nxus.services.connections import Scope
from tests.conftest import AuthActions


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    # Web Connector sessions end as soon as the queue is empty (no keep-warm hold).
    return {
        **app_config,
        "QBWC_KEEP_WARM_SECONDS": 0,
        "QBWC_HOLD_SECONDS": 0.2,
        "QBWC_HOLD_POLL_SECONDS": 0.02,
    }


@pytest.fixture
def signed_in(auth: AuthActions) -> AuthActions:
    auth.setup()
    return auth


@pytest.fixture
def org_id(app: Flask, signed_in: AuthActions) -> uuid.UUID:
    with new_session(app) as session:
        user = session.scalar(select(User).where(User.email == "owner@example.com"))
        assert user is not None
        return accounts.organization_of(session, user).id


@pytest.fixture
def make_connection(app: Flask, org_id: uuid.UUID) -> Callable[..., Connection]:
    def make(description: str = "Main books", mode: str = "development") -> Connection:
        with app.app_context(), new_session(app) as session:
            return connections.create(session, Scope(org_id, mode), description, None)

    return make


@pytest.fixture
def password_for(app: Flask) -> Callable[[uuid.UUID], str]:
    def issue(connection_id: uuid.UUID) -> str:
        with app.app_context(), new_session(app) as session:
            connection = session.get(Connection, connection_id)
            assert connection is not None
            return connections.generate_password(session, connection)

    return issue


@pytest.fixture(autouse=True)
def _no_sample_company_left() -> Iterator[None]:
    yield
    sample_company.detach_all(timeout=10)
