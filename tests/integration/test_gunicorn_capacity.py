"""Under real gunicorn (config/gunicorn.conf.py, as `make run` starts it) with a small thread
pool: a burst of API calls waiting for QuickBooks never takes the threads /qbwc needs. The
calls past the process's waiting slots get 429 at once; /qbwc answers while the admitted
calls still wait; then the Web Connector finishes their jobs through that same server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from nxus import capacity, create_app
from nxus.db import engine_for, new_session
from nxus.migrate import upgrade
from nxus.services import accounts, api_keys, connections
from nxus.services.sample_company import file_id_of
from nxus.simulator.quickbooks import SimulatedQuickBooks
from nxus.simulator.web_connector import SimulatedWebConnector
from tests.conftest import CHEAP_ARGON2, REPO

pytestmark = pytest.mark.slow
THREADS = 8
SERVER_VERSION = (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope '
    'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
    '<serverVersion xmlns="http://developer.intuit.com/" /></soap:Body></soap:Envelope>'
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def gunicorn(database_url: str, tmp_path: Path) -> Iterator[dict[str, Any]]:
    instance = tmp_path / "instance"
    config = {"DATABASE_URL": database_url, "INSTANCE_PATH": str(instance), **CHEAP_ARGON2}
    app = create_app({**config, "SECRET_KEY": "gunicorn-test"})
    with app.app_context():
        upgrade(app)
        with new_session(app) as db:
            user = accounts.create_user(db, "owner@g.example.com", "a long password", "G", True)
            key = api_keys.create_api_key(db, user.organization.id, "k", "test").secret
            scope = connections.Scope(user.organization.id, "development")
            conn = connections.create(db, scope, "burst", None)
            password = connections.generate_password(db, conn)
            info = {
                "key": key,
                "public_id": conn.public_id,
                "username": conn.qbwc_username,
                "password": password,
                "file_id": file_id_of(conn),
            }
    engine_for(app).dispose()
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NXUS_", "GUNICORN_"))}
    env.update(
        NXUS_DATABASE_URL=database_url,
        NXUS_INSTANCE_PATH=str(instance),
        NXUS_SECRET_KEY="gunicorn-test",
        NXUS_SECURE_COOKIES="false",
        NXUS_QBWC_KEEP_WARM_SECONDS="0",
        GUNICORN_THREADS=str(THREADS),
        WEB_CONCURRENCY="1",
        PORT=str(port),
        HOST="127.0.0.1",
        **{f"NXUS_{k}": str(v) for k, v in CHEAP_ARGON2.items()},
    )
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py", "app:app"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/qbwc", timeout=2, trust_env=False).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None and time.monotonic() < deadline, (
                tmp_path / "gunicorn.log"
            ).read_text()
            time.sleep(0.2)
        yield {**info, "url": url}
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        log.close()


def test_a_burst_of_waiting_calls_never_delays_qbwc(gunicorn: dict[str, Any]) -> None:
    waiting, _holds = capacity.limits(
        {"API_MAX_WAITING_CALLS": 128, "QBWC_MAX_HOLDS": 32, "WORKER_THREADS": THREADS}
    )
    burst = THREADS + 4  # more calls than the worker has threads
    headers = {
        "Authorization": f"Bearer {gunicorn['key']}",
        "X-Connection-Id": gunicorn["public_id"],
    }
    params = {"limit": 1, "timeoutSeconds": 90}
    with (
        httpx.Client(
            base_url=gunicorn["url"], headers=headers, trust_env=False, timeout=120
        ) as api,
        ThreadPoolExecutor(burst) as pool,
    ):
        calls = [pool.submit(api.get, "/api/v1/customers", params=params) for _ in range(burst)]
        deadline = time.monotonic() + 60
        while sum(c.done() for c in calls) < burst - waiting:
            assert time.monotonic() < deadline, "the calls past the limit were not refused"
            time.sleep(0.05)
        refused = [c.result() for c in calls if c.done()]
        assert len(refused) == burst - waiting
        assert {r.status_code for r in refused} == {429}
        assert all(r.headers["Retry-After"] for r in refused)

        # The admitted calls wait (no Web Connector has polled); /qbwc answers meanwhile.
        answer = httpx.post(
            gunicorn["url"] + "/qbwc",
            content=SERVER_VERSION,
            headers={"Content-Type": "text/xml; charset=utf-8"},
            timeout=30,
            trust_env=False,
        )
        assert answer.status_code == 200 and b"serverVersionResult" in answer.content
        assert sum(not c.done() for c in calls) == waiting

        # A whole Web Connector session through the same server finishes their jobs.
        connector = SimulatedWebConnector(
            gunicorn["url"] + "/qbwc",
            gunicorn["username"],
            gunicorn["password"],
            SimulatedQuickBooks(records=40),
            file_id=gunicorn["file_id"],
            noop_pause=0.01,
        )
        report = connector.run_once()
        assert report.ok, report.summary()
        answered = [c.result(timeout=60) for c in calls if c.result(timeout=60).status_code != 429]
    assert len(answered) == waiting
    assert all(r.status_code == 200 and len(r.json()["data"]) == 1 for r in answered)
