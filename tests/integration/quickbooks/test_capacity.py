"""Waiting for QuickBooks without starving anyone (nxus.capacity, nxus.wakeup):
- past the per-process number of waiting calls, a call gets 429 + Retry-After at once and
  nothing is queued for it; `Prefer: respond-async` still gets 202 + job;
- holds of warm Web Connector sessions are capped the same way (NoOp at once);
- waiting calls and holds are woken by the commit that answers them, even in another process
  and with every poll interval far longer than the wait.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from nxus import capacity
from nxus.db import engine_for, new_session, wakeup_bus
from nxus.models.qbwc import Job, QbwcExchange
from nxus.simulator.scheduler import WebConnectorScheduler
from tests.conftest import LiveServer
from tests.integration.quickbooks.conftest import (
    CheckedQuickBooks,
    QbEnv,
    start_env,
    stop_env,
)


def _quiet(env: QbEnv) -> None:
    """Stop the Web Connector's polling (a fresh stop event for later run_once calls)."""
    env.stop.set()
    env.thread.join(timeout=30)
    env.connector.stop_event = threading.Event()


def _jobs(env: QbEnv) -> int:
    with new_session(env.app) as db:
        return int(db.scalar(select(func.count()).select_from(Job)) or 0)


def _metric(env: QbEnv, name: str) -> float:
    """A sample of /metrics (0 when absent)."""
    text = httpx.get(env.server.url + "/metrics", trust_env=False).text
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[-1])
    return 0.0


def _until(condition: Any, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


@pytest.fixture
def limited(tmp_path: Path, postgres_base_url: str | None) -> Iterator[QbEnv]:
    env = start_env(
        tmp_path,
        postgres_base_url,
        CheckedQuickBooks(records=60),
        API_MAX_WAITING_CALLS=2,
        QBWC_KEEP_WARM_SECONDS=0,
    )
    _quiet(env)
    yield env
    stop_env(env)


def test_past_the_waiting_limit_a_call_gets_429_at_once_and_queues_nothing(
    limited: QbEnv,
) -> None:
    env = limited
    with env.http() as http, ThreadPoolExecutor(2) as pool:
        waiting: list[Future[httpx.Response]] = [
            pool.submit(http.get, "/customers", params={"limit": 1, "timeoutSeconds": 60})
            for _ in range(2)
        ]
        _until(lambda: _jobs(env) == 2)  # both wait: no Web Connector polls
        refused_before = _metric(env, 'nxus_waiting_refused_total{kind="api"}')
        assert _metric(env, 'nxus_waiting{kind="api"}') == 2

        refused = http.get("/customers", params={"limit": 1, "timeoutSeconds": 60})
        assert refused.status_code == 429
        error = refused.json()["error"]
        assert error["code"] == "RATE_LIMIT_EXCEEDED"
        assert "respond-async" in error["message"]
        assert refused.headers["Retry-After"] == "2"
        assert refused.headers["x-should-retry"] == "true"
        assert _jobs(env) == 2  # nothing was queued for it
        assert _metric(env, 'nxus_waiting_refused_total{kind="api"}') == refused_before + 1
        assert not any(f.done() for f in waiting)

        accepted = http.get("/customers", params={"limit": 1}, headers={"Prefer": "respond-async"})
        assert accepted.status_code == 202 and accepted.json()["jobId"].startswith("job_")

        env.connector.run_once()  # QuickBooks answers all three
        answers = [f.result(timeout=60) for f in waiting]
    assert [a.status_code for a in answers] == [200, 200]
    assert all(len(a.json()["data"]) == 1 for a in answers)


def test_the_sdk_retries_a_429_after_retry_after(limited: QbEnv) -> None:
    """nxus-qbd honours x-should-retry + Retry-After: a full server is a pause, not a failure."""
    from nxus_qbd import NxusClient

    env = limited
    client = NxusClient(api_key=env.key, base_url=env.server.url + "/", max_retries=3)
    polling = threading.Thread(
        target=WebConnectorScheduler(env.connector, 0.05).run_forever,
        args=(env.connector.stop_event,),
        daemon=True,
    )
    with env.http() as http, ThreadPoolExecutor(3) as pool:
        waiting = [
            pool.submit(http.get, "/customers", params={"limit": 1, "timeoutSeconds": 60})
            for _ in range(2)
        ]
        _until(lambda: _jobs(env) == 2)
        sdk_call = pool.submit(
            client._transport.request,
            "GET",
            "/api/v1/customers",
            params={"limit": 2, "timeoutSeconds": 60},
            headers={"X-Connection-Id": env.public_id},
        )
        _until(lambda: capacity.waiting_calls(env.app).refused == 1)  # the SDK met the limit ...
        polling.start()  # ... then the Web Connector frees the slots
        try:
            assert all(f.result(timeout=60).status_code == 200 for f in waiting)
            body = sdk_call.result(timeout=60)  # ... and its retry was answered
        finally:
            env.connector.stop()
            polling.join(60)
    assert len(body["data"]) == 2
    assert _jobs(env) == 3


def test_holds_past_their_limit_answer_noop_at_once(
    tmp_path: Path, postgres_base_url: str | None
) -> None:
    env = start_env(
        tmp_path,
        postgres_base_url,
        CheckedQuickBooks(records=60),
        QBWC_MAX_HOLDS=0,
        QBWC_HOLD_SECONDS=60,
    )
    try:
        _quiet(env)
        with env.http() as http:
            # The job first, then the session: a session that authenticated before the job
            # existed could end with nothing to do and leave the call waiting.
            queued = _jobs(env)
            answers: list[int] = []
            call = threading.Thread(
                target=lambda: answers.append(
                    http.get("/customers", params={"limit": 1}).status_code
                )
            )
            call.start()
            _until(lambda: _jobs(env) > queued)
            done = threading.Thread(target=env.connector.run_once)
            done.start()
            call.join(60)
            assert answers == [200]
            # The warm session would hold for 60 s; with no hold slot it gets NoOp at once.
            _until(lambda: _results(env).count("NoOp (holds full)") >= 1)
            env.connector.stop()
            done.join(60)
            assert not done.is_alive()
    finally:
        stop_env(env)


def _results(env: QbEnv) -> list[str]:
    with new_session(env.app) as db:
        return [r or "" for r in db.scalars(select(QbwcExchange.result))]


def test_waits_are_woken_across_processes_not_polled(
    tmp_path: Path, postgres_base_url: str | None
) -> None:
    """The API on one app, /qbwc on another (two processes' buses), every poll interval far
    longer than the calls' own timeouts: answers prove that wake-ups carried them, and the
    job of the second call was handed out by a sendRequestXML that began before it existed
    (a hold woken by the job's commit in the other process)."""
    slow = {
        "WAKEUP_FALLBACK_POLL_SECONDS": 300.0,
        "JOB_WAIT_POLL_SECONDS": 300.0,
        "QBWC_HOLD_POLL_SECONDS": 300.0,
        "QBWC_HOLD_SECONDS": 60.0,
        "QBWC_KEEP_WARM_SECONDS": 300,
    }
    env = start_env(tmp_path, postgres_base_url, CheckedQuickBooks(records=60), **slow)
    try:
        _quiet(env)
        from nxus import create_app
        from nxus.simulator.soap_client import SoapTransport

        qbwc_app = create_app({**env.app.config, **slow})  # same database, its own bus
        env.extra.insert(0, engine_for(qbwc_app).dispose)
        env.extra.insert(0, wakeup_bus(qbwc_app).close)
        with LiveServer(qbwc_app) as qbwc_server, env.http() as http, ThreadPoolExecutor(1) as pool:
            env.connector.url = qbwc_server.url + "/qbwc"
            env.connector.transport = SoapTransport(env.connector.url, timeout=90)
            params = {"limit": 2, "timeoutSeconds": 30}
            listing = pool.submit(http.get, "/customers", params=params)
            _until(lambda: _jobs(env) == 1)
            session = threading.Thread(target=env.connector.run_once)
            session.start()
            listed = listing.result(timeout=60)
            assert listed.status_code == 200, listed.text
            customer = listed.json()["data"][0]["id"]
            _until(lambda: capacity.holds(qbwc_app).in_use == 1)  # the warm session holds
            again = http.get(f"/customer/{customer}", params={"timeoutSeconds": 30})
            assert again.status_code == 200, again.text
            job_id = again.headers.get("X-Nxus-Job-Id")
            with new_session(env.app) as db:
                job = db.scalars(select(Job).order_by(Job.created_at.desc())).first()
                handed = db.scalars(
                    select(QbwcExchange).where(
                        QbwcExchange.method == "sendRequestXML", QbwcExchange.job_id == job.id
                    )
                ).one()
                assert handed.started_at < job.created_at, (handed.started_at, job_id)
            # End the session: stop, and wake the hold with one more job to hand out.
            env.connector.stop()
            http.get("/customers", params={"limit": 1}, headers={"Prefer": "respond-async"})
            session.join(60)
            assert not session.is_alive()
    finally:
        stop_env(env)


def test_a_job_records_the_api_request_that_queued_it(limited: QbEnv) -> None:
    """The job page of the portal names the API call (its X-Request-Id) behind each job."""
    env = limited
    with env.http() as http:
        accepted = http.get("/customers", params={"limit": 1}, headers={"Prefer": "respond-async"})
    assert accepted.status_code == 202
    with new_session(env.app) as db:
        job = db.scalars(select(Job)).one()
    assert job.api_request_id == accepted.headers["x-request-id"]
    assert job.api_request_id.startswith("req_")
