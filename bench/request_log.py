"""Benchmark: what the request log costs an API call.

GET /api/v1/connections over HTTP to a threaded server in this process, three ways: the log
off (NXUS_REQUEST_LOG_RETENTION_DAYS=0), buffered (the delivery thread running: one
multi-row INSERT per pass, as in production), and one INSERT per call (no thread: tests,
scripts). Prints p50/p95 of each. No thresholds are asserted.

    .venv/bin/python bench/request_log.py [--calls 500] [--database URL]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from bench._setup import bench_app  # noqa: E402
from nxus.db import engine_for, new_session  # noqa: E402
from nxus.services import accounts, api_keys, connections, webhook_worker  # noqa: E402


def measure(database: str, tmp: str, calls: int, mode: str) -> tuple[float, float]:
    # Only "buffered" runs the delivery thread (which writes the buffer once a second).
    config: dict[str, Any] = {"WEBHOOK_WORKER_ENABLED": mode == "buffered"}
    if mode == "off":
        config["REQUEST_LOG_RETENTION_DAYS"] = 0
    app = bench_app(database, tmp, **config)
    with app.app_context(), new_session(app) as db:
        user = accounts.create_user(db, f"{mode}@example.com", "a long password", mode, True)
        org = user.organization.id
        key = api_keys.create_api_key(db, org, "bench", "test").secret
        for n in range(5):
            connections.create(db, connections.Scope(org, "development"), f"c{n}", None)
    worker = None
    if mode == "buffered":
        worker = webhook_worker.Worker(app).start()
        webhook_worker.register(app, worker)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/api/v1"
    times = []
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}) as http:
        for n in range(calls + 30):
            started = time.perf_counter()
            response = http.get("/connections", params={"limit": 5})
            if n >= 30:  # after a warm-up
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text
    if worker is not None:
        worker.stop()
    server.shutdown()
    engine_for(app).dispose()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=500)
    parser.add_argument("--database", default=None, help="default: a SQLite file per mode")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    for mode in ("off", "buffered", "per-call"):
        with tempfile.TemporaryDirectory() as tmp:
            database = args.database or f"sqlite:///{tmp}/bench.db"
            p50, p95 = measure(database, tmp, args.calls, mode)
        print(f"request log {mode:>9}: GET /api/v1/connections p50 {p50:.2f} ms, p95 {p95:.2f} ms")


if __name__ == "__main__":
    main()
