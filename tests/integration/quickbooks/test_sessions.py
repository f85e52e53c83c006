"""The waiting call against Web Connectors that misbehave: none polling (408, job cancelled),
QuickBooks not running (502 with the HRESULT), QuickBooks 2006 (qbXML 5.0 requests, 400 for
fields 5.0 lacks), and a response lost after QuickBooks wrote (Idempotency-Key: one record)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from nxus.db import new_session
from nxus.models import Job
from tests.integration.quickbooks.conftest import CheckedQuickBooks, QbEnv, start_env, stop_env

pytestmark = pytest.mark.slow


@pytest.fixture
def env_factory(
    tmp_path_factory: pytest.TempPathFactory, postgres_base_url: str | None
) -> Iterator[object]:
    made: list[QbEnv] = []

    def make(quickbooks: CheckedQuickBooks, *, poll: bool = True) -> QbEnv:
        env = start_env(tmp_path_factory.mktemp("env"), postgres_base_url, quickbooks)
        if not poll:
            env.stop.set()
            env.thread.join(timeout=10)
        made.append(env)
        return env

    yield make
    for env in made:
        stop_env(env)
        assert not env.quickbooks.bad_requests


def test_no_web_connector_is_408_and_the_job_is_cancelled(env_factory) -> None:  # type: ignore[no-untyped-def]
    env = env_factory(CheckedQuickBooks(records=50), poll=False)
    with env.http() as http:
        response = http.get("/customers", headers={"X-Nxus-Timeout-Seconds": "0.3"})
    assert response.status_code == 408, response.text
    error = response.json()["error"]
    assert error["code"] == "REQUEST_TIMEOUT" and "cancelled" in error["message"]
    assert response.headers["x-should-retry"] == "true"
    with new_session(env.app) as db:
        assert db.scalars(select(Job.state)).all() == ["cancelled"]


def test_quickbooks_not_running_is_502_with_the_hresult(env_factory) -> None:  # type: ignore[no-untyped-def]
    quickbooks = CheckedQuickBooks(records=50)
    quickbooks.running = False
    env = env_factory(quickbooks)
    with env.http() as http:
        response = http.get("/customers", params={"timeoutSeconds": 20})
    assert response.status_code == 502, response.text
    error = response.json()["error"]
    assert error["code"] == "QBD_CONNECTION_ERROR"
    assert error["integrationCode"] == "0x80040408"
    assert "QuickBooks" in error["userFacingMessage"]


def test_quickbooks_2006_gets_qbxml_5_and_a_400_for_newer_fields(env_factory) -> None:  # type: ignore[no-untyped-def]
    quickbooks = CheckedQuickBooks(records=80, qb_year=2006)
    env = env_factory(quickbooks)
    body = {"name": f"Old {uuid.uuid4().hex[:6]}", "jobTitle": "Owner"}
    with env.http() as http:
        # The connection's version is unknown until its first session: the request is built
        # at 16.0, then rebuilt for the 5.0 session when it is handed out, and refused there.
        first = http.post("/customer", json=body)
        assert first.status_code == 400, first.text
        assert "jobTitle" in first.text and "12.0" in first.text and "5.0" in first.text
        # Now the version is known: refused at once, before anything is queued.
        with new_session(env.app) as db:
            jobs_before = len(db.scalars(select(Job.id)).all())
        again = http.post("/customer", json=body)
        assert again.status_code == 400 and "jobTitle" in again.text
        with new_session(env.app) as db:
            assert len(db.scalars(select(Job.id)).all()) == jobs_before
        del body["jobTitle"]
        created = http.post("/customer", json=body)
        assert created.status_code == 201, created.text
        assert http.get(f"/customer/{created.json()['id']}").status_code == 200
    assert quickbooks.requests
    assert all(b'<?qbxml version="5.0"?>' in r for r in quickbooks.requests)


def test_a_lost_create_response_and_a_retry_make_one_record(env_factory) -> None:  # type: ignore[no-untyped-def]
    quickbooks = CheckedQuickBooks(records=50)
    env = env_factory(quickbooks)
    name = f"Lost {uuid.uuid4().hex[:8]}"
    drops = iter([True])
    env.connector.drop = lambda request: name in request and next(drops, False)
    headers = {"Idempotency-Key": uuid.uuid4().hex, "X-Nxus-Timeout-Seconds": "15"}
    with env.http() as http:
        first = http.post("/customer", json={"name": name}, headers=headers)
        assert first.status_code == 408, first.text
        assert "unknown" in first.json()["error"]["message"]
        assert env.connector.dropped  # QuickBooks wrote it; the answer never came back
        retry = http.post("/customer", json={"name": name}, headers=headers)
        assert retry.status_code == 201, retry.text
        assert retry.json()["name"] == name
        found = http.get("/customers", params={"nameContains": name}).json()["data"]
    assert [c["name"] for c in found] == [name]
    adds = [r for r in quickbooks.requests if b"<CustomerAddRq" in r and name.encode() in r]
    assert len(adds) == 2 and b"oldMessageSetID" in adds[1]


def test_wait_hint_is_clamped_by_the_server(env_factory) -> None:  # type: ignore[no-untyped-def]
    env = env_factory(CheckedQuickBooks(records=50), poll=False)
    env.app.config["API_QB_TIMEOUT_LIST_SECONDS"] = 0.2
    # Unclamped, the server would wait 100 s and the client (60 s timeout) would give up first.
    with env.http() as http:
        response = http.get("/customers", headers={"X-Nxus-Timeout-Seconds": "100"})
    assert response.status_code == 408
    assert "within 0.2 s" in response.json()["error"]["message"]
