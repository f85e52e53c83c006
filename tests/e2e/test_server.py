"""What `make run` does, for real: migrate a fresh instance, start gunicorn (gthread) with the
project's config, and reach the setup page over HTTP."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import OWNER, REPO

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn_server(tmp_path: Path, database_url: str) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "NXUS_INSTANCE_PATH": str(tmp_path / "instance"),
        "NXUS_DATABASE_URL": database_url,
        "NXUS_ARGON2_TIME_COST": "1",
        "NXUS_ARGON2_MEMORY_COST": "8",
        "NXUS_ARGON2_PARALLELISM": "1",
        "PORT": str(port),
        # requests, unlike browsers, will not return a Secure cookie over http://127.0.0.1.
        "NXUS_SECURE_COOKIES": "false",
    }
    env.pop("NXUS_SECRET_KEY", None)
    flask = [sys.executable, "-m", "flask", "--app", "app", "nxus", "db-upgrade"]
    subprocess.run(flask, cwd=REPO, env=env, check=True, capture_output=True, timeout=120)
    cmd = [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.conf.py", "app:app"]
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(url + "/support", timeout=2)
                break
            except (requests.ConnectionError, requests.Timeout):  # still booting (a busy host)
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(proc.stderr.read().decode() if proc.stderr else "") from None
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if proc.stderr:
            proc.stderr.close()


CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def post_form(http: requests.Session, url: str, data: dict[str, str]) -> requests.Response:
    token = CSRF.search(http.get(url, timeout=10).text)
    assert token, f"no form on {url}"
    return http.post(url, data={**data, "csrf_token": token.group(1)}, timeout=30)


def test_fresh_install_serves_setup_then_login_reaches_dashboard(
    gunicorn_server: str, tmp_path: Path
) -> None:
    http = requests.Session()
    first = http.get(gunicorn_server + "/", timeout=10)
    assert first.status_code == 200 and first.url.endswith("/setup")
    assert 'name="organization"' in first.text
    assert (tmp_path / "instance" / "secret_key").exists()

    done = post_form(http, gunicorn_server + "/setup", OWNER)
    assert done.url.endswith("/dashboard") and OWNER["organization"] in done.text
    out = post_form(http, gunicorn_server + "/logout", {})
    assert out.url.endswith("/login")
    assert http.get(gunicorn_server + "/dashboard", timeout=10).url.endswith(
        "/login?next=%2Fdashboard"
    )
    back = post_form(http, gunicorn_server + "/login", OWNER)
    assert back.url.endswith("/dashboard")
