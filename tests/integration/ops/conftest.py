"""Fixtures for the operations tests: an app whose schema the real migrations built (so
/readyz can be at head), and a tenant with a key, a connection and a few jobs."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from nxus import create_app
from nxus.db import engine_for, new_session, utcnow
from nxus.migrate import upgrade
from nxus.models import Connection, Job
from nxus.services import accounts, api_keys, connections


@pytest.fixture
def migrated_app(app_config: dict[str, Any]) -> Iterator[Flask]:
    """Like `app`, but the schema comes from `flask nxus db-upgrade`'s migrations."""
    app = create_app(app_config)
    upgrade(app)
    yield app
    engine_for(app).dispose()


@dataclass(frozen=True)
class Tenant:
    org_id: uuid.UUID
    key: str
    connection_id: str
    job_ids: tuple[uuid.UUID, ...]


def add_job(app: Flask, connection_uuid: uuid.UUID, state: str = "queued") -> uuid.UUID:
    with new_session(app) as session:
        job = Job(
            connection_id=connection_uuid,
            state=state,
            request_names="CustomerQueryRq",
            request_body="<QBXML/>",
        )
        session.add(job)
        session.commit()
        return job.id


def make_tenant(
    app: Flask, name: str = "Acme Books", polled_seconds_ago: int | None = 30
) -> Tenant:
    email = f"owner@{name.lower().replace(' ', '-')}.example.com"
    with app.app_context(), new_session(app) as session:
        account = accounts.create_user(session, email, "a long enough password", name, True)
        org_id = account.organization.id
        key = api_keys.create_api_key(session, org_id, "ops tests", "test").secret
        scope = connections.Scope(org_id, "development")
        conn = connections.create(session, scope, "Main file", None)
        if polled_seconds_ago is not None:
            conn.last_connected_at = conn.last_poll_at = utcnow() - timedelta(
                seconds=polled_seconds_ago
            )
        session.commit()
        conn_uuid, public_id = conn.id, conn.public_id
    jobs = (add_job(app, conn_uuid, "queued"), add_job(app, conn_uuid, "done"))
    return Tenant(org_id, key, public_id, jobs)


def connection_row(app: Flask, public_id: str) -> Connection:
    with new_session(app) as session:
        row = session.get(Connection, uuid.UUID(public_id.removeprefix("conn_")))
        assert row is not None
        return row
