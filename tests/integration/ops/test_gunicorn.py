"""nXus under gunicorn with config/gunicorn.conf.py, as `make run` starts it: metrics summed
over the workers (Prometheus multi-process mode), an access log without secrets, 413 for a
chunked body over the limit, JSON lines, and two servers side by side each with its own
control socket."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests.conftest import REPO

pytestmark = pytest.mark.slow
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def gunicorn(instance: Path, **env: str) -> Iterator[tuple[str, Path]]:
    port = _free_port()
    log = instance / f"gunicorn-{port}.log"
    environ = {
        **os.environ,
        "NXUS_INSTANCE_PATH": str(instance),
        "PORT": str(port),
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        **env,
    }
    environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    environ.pop("NXUS_DATABASE_URL", None)
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(GUNICORN), "--config", "config/gunicorn.conf.py", "app:app"],
            cwd=REPO,
            env=environ,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            assert proc.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        yield url, log
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


@pytest.fixture
def instance(tmp_path: Path) -> Path:
    folder = tmp_path / "instance"
    env = {**os.environ, "NXUS_INSTANCE_PATH": str(folder)}
    env.pop("NXUS_DATABASE_URL", None)
    subprocess.run(
        [str(Path(sys.executable).with_name("flask")), "--app", "app", "nxus", "db-upgrade"],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
    )
    return folder


def _requests_total(text: str, route: str, status: str) -> float:
    needle = f'nxus_http_requests_total{{method="GET",route="{route}",status="{status}"}} '
    for line in text.splitlines():
        if line.startswith(needle):
            return float(line[len(needle) :])
    return 0.0


def test_gunicorn_metrics_logs_limits_and_control_sockets(instance: Path) -> None:
    with gunicorn(instance, NXUS_MAX_CONTENT_LENGTH="5000") as (url, log):
        assert requests.get(url + "/readyz", timeout=5).json()["status"] == "ready"
        key = "sk_live_" + "Z" * 43
        for _ in range(12):
            response = requests.get(url + "/api/v1/connections", params={"api_key": key})
            assert response.status_code == 401
        # Each scrape may land on either worker: both show the sum of both.
        for _ in range(4):
            text = requests.get(url + "/metrics", timeout=5).text
            assert _requests_total(text, "/api/v1/connections", "401") == 12
            assert "nxus_database_up 1.0" in text
        big = (b"x" * 1000 for _ in range(10))  # a generator: requests sends it chunked
        response = requests.post(
            url + "/api/v1/connections",
            data=big,
            headers={"Content-Type": "application/json"},
            timeout=10,
        )
        assert response.status_code == 413
        assert response.json()["error"]["code"] == "REQUEST_TOO_LARGE"
        ctl = instance / f"gunicorn-{url.rsplit(':', 1)[1]}.ctl"
        assert ctl.is_socket()
        metrics_dirs = list(instance.glob("prometheus-*"))
        assert len(metrics_dirs) == 1 and metrics_dirs[0].is_dir()
        # A second server on the same host starts beside the first with a socket of its own.
        with gunicorn(instance) as (url2, _log2):
            assert requests.get(url2 + "/healthz", timeout=5).status_code == 200
            assert ctl.is_socket()
            assert len(list(instance.glob("gunicorn-*.ctl"))) == 2
        assert requests.get(url + "/healthz", timeout=5).status_code == 200
    written = log.read_text()
    assert "api_key=[redacted]" in written
    assert "Z" * 43 not in written
    assert not list(instance.glob("prometheus-*"))  # removed when the server stops


def test_gunicorn_json_logs(instance: Path) -> None:
    with gunicorn(instance, NXUS_LOG_FORMAT="json") as (url, log):
        response = requests.get(url + "/api/v1/connections", timeout=5)
        assert response.status_code == 401
        request_id = response.headers["X-Request-Id"]
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    api = [r for r in records if r["logger"] == "nxus.api"]
    assert api and api[0]["request_id"] == request_id
    access = [r for r in records if r["logger"] == "gunicorn.access"]
    api_access = [r for r in access if "/api/v1/connections" in r["message"]]
    assert len(api_access) == 1 and api_access[0]["request_id"] == request_id
    assert all("request_id" not in r for r in access if "/healthz" in r["message"])
