"""The whole path with a simulated Web Connector on a live server: first check-in and return
after a quiet spell (connection.connected), a Web Connector that stops polling
(connection.stale within the threshold), a refused password (connection.error), async jobs
(job.succeeded naming the job and linking its result; job.failed with the API's error) —
each delivered signed to a local receiver and the same in GET /api/v1/events."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from nxus.db import new_session
from nxus.models import Connection
from nxus.services import connections, sample_company, webhook_worker
from nxus.simulator.scheduler import WebConnectorScheduler
from nxus.simulator.web_connector import SimulatedWebConnector
from tests.conftest import LiveServer
from tests.integration.api.conftest import Api, Tenant
from tests.integration.events.conftest import Receiver, verify_signature

pytestmark = pytest.mark.slow
STALE_AFTER = 1.5


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {
        **app_config,
        "CONNECTION_STALE_AFTER_SECONDS": STALE_AFTER,
        "QBWC_KEEP_WARM_SECONDS": 0,
        "QBWC_HOLD_SECONDS": 0.2,
        "QBWC_HOLD_POLL_SECONDS": 0.02,
        "QBWC_MIN_RUN_EVERY_SECONDS_ACTIVE": 0,
        "QBWC_MIN_RUN_EVERY_SECONDS_IDLE": 0,
        "JOB_WAIT_POLL_SECONDS": 0.01,
    }


class Polling:
    """The simulated Web Connector's schedule, which a test can stop and start again."""

    def __init__(self, connector: SimulatedWebConnector) -> None:
        self.connector = connector
        self.stop_event = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.stop_event = threading.Event()
        self.thread = threading.Thread(
            target=WebConnectorScheduler(self.connector, 0.1).run_forever,
            args=(self.stop_event,),
            daemon=True,
        )
        self.thread.start()

    def stop(self) -> None:
        self.stop_event.set()
        if self.thread is not None:
            self.thread.join(timeout=30)


@pytest.fixture
def setup(
    app: Flask, live_server: LiveServer, tenant: Tenant
) -> Iterator[tuple[Connection, Polling]]:
    with app.app_context(), new_session(app) as db:
        scope = connections.Scope(tenant.org_id, "development")
        connection = connections.create(db, scope, "Shop", None)
        password = connections.generate_password(db, connection)
        connector = sample_company.build_connector(
            connection, password, live_server.url, records=30, noop_pause=0.02
        )
    polling = Polling(connector)
    worker = webhook_worker.Worker(app).start()
    webhook_worker.register(app, worker)
    yield connection, polling
    polling.stop()
    worker.stop()


def _wait(condition: Any, timeout: float = 30.0) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < timeout, "timed out"
        time.sleep(0.02)
    return time.monotonic() - started


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _of(receiver: Receiver, type_: str) -> list[dict[str, Any]]:
    return [r.event for r in list(receiver.received) if r.event["type"] == type_]


def test_stale_and_back(
    client: FlaskClient, tenant: Tenant, receiver: Receiver, setup: tuple[Connection, Polling]
) -> None:
    connection, polling = setup
    api = Api(client, tenant.test_key)
    secret = api.post("/webhook-endpoints", json={"url": receiver.url, "events": ["*"]})
    secret = secret.get_json()["secret"]
    polling.start()
    _wait(lambda: _of(receiver, "connection.connected"))
    first = _of(receiver, "connection.connected")[0]
    assert first["connectionId"] == connection.public_id
    assert first["data"]["object"]["reason"] == "first_check_in"

    polling.stop()
    _wait(lambda: _of(receiver, "connection.stale"))
    stale = _of(receiver, "connection.stale")
    assert len(stale) == 1 and stale[0]["connectionId"] == connection.public_id
    # Raised once the threshold has passed since the last check-in, and promptly then (the
    # scan runs every quarter threshold; the slack is for a busy machine).
    last = _time(stale[0]["data"]["object"]["lastCheckInAt"])
    quiet = (_time(stale[0]["createdAt"]) - last).total_seconds()
    assert STALE_AFTER <= quiet < STALE_AFTER + 3, quiet
    time.sleep(STALE_AFTER)
    assert len(_of(receiver, "connection.stale")) == 1  # once per quiet spell

    polling.start()
    _wait(lambda: len(_of(receiver, "connection.connected")) == 2)
    back = _of(receiver, "connection.connected")[1]
    assert back["data"]["object"]["reason"] == "returned"
    assert all(verify_signature(secret, r.signature, r.body) for r in receiver.received)
    listed = api.get(f"/events?connectionId={connection.public_id}").get_json()["data"]
    assert [e["type"] for e in listed] == [
        "connection.connected",
        "connection.stale",
        "connection.connected",
    ]


def test_async_jobs_and_a_refused_password(
    app: Flask,
    client: FlaskClient,
    tenant: Tenant,
    other_tenant: Tenant,
    receiver: Receiver,
    setup: tuple[Connection, Polling],
) -> None:
    connection, polling = setup
    api = Api(client, tenant.test_key)
    created = api.post("/webhook-endpoints", json={"url": receiver.url, "events": ["*"]})
    secret = created.get_json()["secret"]
    headers = {"X-Connection-Id": connection.public_id, "Prefer": "respond-async"}
    polling.start()
    accepted = api.get("/customers?limit=2", headers=headers)
    assert accepted.status_code == 202, accepted.get_json()
    job_id = accepted.get_json()["jobId"]
    missing = api.get("/customer/80000099-1234567890", headers=headers)
    assert missing.status_code == 202
    failed_id = missing.get_json()["jobId"]

    _wait(lambda: _of(receiver, "job.succeeded") and _of(receiver, "job.failed"))
    done = next(e for e in _of(receiver, "job.succeeded") if e["data"]["object"]["id"] == job_id)
    assert done["data"]["object"]["url"] == f"/api/v1/jobs/{job_id}"
    assert done["data"]["object"]["status"] == "done"
    result = api.get(done["data"]["object"]["url"].removeprefix("/api/v1")).get_json()
    assert result["id"] == job_id and result["status"] == "done"
    assert len(result["result"]) == 2  # the customers
    failed = _of(receiver, "job.failed")[0]["data"]["object"]
    assert failed["id"] == failed_id
    assert failed["error"]["code"] == "QBD_OBJECT_NOT_FOUND"
    assert failed["error"]["httpStatusCode"] == 404
    assert failed["error"]["type"] == "NOT_FOUND_ERROR_TYPE"

    polling.stop()
    polling.connector.password = "not the password"
    polling.connector.run_once()
    _wait(lambda: _of(receiver, "connection.error"))
    error = _of(receiver, "connection.error")[0]["data"]["error"]
    assert error["code"] == "wrong_password" and error["supportUrl"] == "/support#wrong-password"

    assert all(verify_signature(secret, r.signature, r.body) for r in receiver.received)
    mine = {e["id"] for e in api.get("/events?limit=100").get_json()["data"]}
    assert {r.event["id"] for r in receiver.received} <= mine
    theirs = api.get("/events?limit=100", key=other_tenant.test_key).get_json()["data"]
    assert not mine & {e["id"] for e in theirs}
    for event_id in mine:
        response = api.get(f"/events/{event_id}", key=other_tenant.test_key)
        assert response.status_code == 404
