"""Two connections in parallel on two server processes sharing one database: every call of a
session may land on either process (tickets, jobs and sessions live in the database)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from flask import Flask

from nxus.db import new_session
from nxus.models import Job
from nxus.services import jobs
from tests.conftest import REPO
from tests.integration.qbwc.conftest import (
    Conn,
    Soap,
    answer_for,
    customer_query,
    make_connection,
)

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def two_servers(app: Flask, database_url: str, tmp_path: Path) -> Iterator[list[str]]:
    env = {
        **os.environ,
        "NXUS_DATABASE_URL": database_url,
        "NXUS_INSTANCE_PATH": str(tmp_path / "instance"),
        "NXUS_SECRET_KEY": "two-process-test",
        "NXUS_ARGON2_TIME_COST": "1",
        "NXUS_ARGON2_MEMORY_COST": "8",
        "NXUS_ARGON2_PARALLELISM": "1",
        "NXUS_QBWC_HOLD_SECONDS": "0.2",
        "NXUS_QBWC_KEEP_WARM_SECONDS": "0",
    }
    procs, urls = [], []
    for _ in range(2):
        port = _free_port()
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "-k",
                    "gthread",
                    "--threads",
                    "4",
                    "-w",
                    "1",
                    "-b",
                    f"127.0.0.1:{port}",
                    "--log-level",
                    "warning",
                    "app:app",
                ],
                cwd=REPO,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 60
        for url in urls:
            while True:
                try:
                    if requests.get(f"{url}/qbwc", timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server {url} did not start")
                time.sleep(0.05)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=20)
            assert proc.stderr is not None
            proc.stderr.close()


def _alternating(urls: list[str]) -> Soap:
    counter = iter(range(10**6))
    http = requests.Session()

    def post(body: bytes) -> tuple[int, str, bytes]:
        url = urls[next(counter) % len(urls)]
        r = http.post(f"{url}/qbwc", data=body, headers={"Content-Type": "text/xml"}, timeout=30)
        return r.status_code, r.headers["Content-Type"], r.content

    return Soap(post)


def _run_session(urls: list[str], conn: Conn, hcp: str, path: str) -> int:
    soap = _alternating(urls)
    ticket = soap.authenticate(conn)[0]
    exchanged = 0
    first = True
    while True:
        request = soap.send(ticket, hcp=hcp if first else "", path=path)
        first = False
        if not request:
            break
        progress = soap.receive(ticket, answer_for(request))
        exchanged += 1
        if progress >= 100 or progress < 0:
            break
    soap.call("closeConnection", ticket=ticket)
    return exchanged


def test_two_connections_two_processes(two_servers: list[str], app: Flask, hcp: str) -> None:
    a, b = make_connection(app), make_connection(app)
    ids: dict[str, list[object]] = {"a": [], "b": []}
    with new_session(app) as db:
        for _ in range(5):
            ids["a"].append(jobs.submit_qbxml(db, a.id, customer_query()).id)
            ids["b"].append(jobs.submit_qbxml(db, b.id, customer_query()).id)
    with ThreadPoolExecutor(2) as pool:
        fa = pool.submit(_run_session, two_servers, a, hcp, r"C:\A\a.qbw")
        fb = pool.submit(_run_session, two_servers, b, hcp, r"C:\B\b.qbw")
        # 5 jobs + the final request of each session
        assert fa.result(timeout=120) >= 5
        assert fb.result(timeout=120) >= 5
    with new_session(app) as db:
        for key, conn in (("a", a), ("b", b)):
            for job_id in ids[key]:
                job = db.get(Job, job_id)
                assert job is not None
                assert job.state == "done" and job.connection_id == conn.id
                assert job.attempts == 1
