"""Benchmark: webhook deliveries per second, and what running them costs an API call.

10,000 events of one organization go to one endpoint: a local receiver in another process
(http.server, answers 200). The delivery worker is the thread every server process runs. An
API call (GET /api/v1/connections over HTTP to a threaded server in this process, the
worker's process) is timed first with no deliveries, then while the 10,000 are delivered.
Prints deliveries/s and the p50/p95 latency of the call both ways (target: under 10 % more
with deliveries running). No thresholds are asserted.

    .venv/bin/python bench/webhooks.py [--events 10000] [--calls 300] [--database URL]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from bench._setup import bench_app  # noqa: E402
from nxus.db import engine_for, new_session, utcnow  # noqa: E402
from nxus.models.events import Event, WebhookDelivery  # noqa: E402
from nxus.services import accounts, api_keys, connections, webhook_worker, webhooks  # noqa: E402

RECEIVER = """
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
class H(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *a):
        pass
s = ThreadingHTTPServer(("127.0.0.1", 0), H)
s.daemon_threads = True
print(s.server_port, flush=True)
s.serve_forever()
"""


def _percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def _time_calls(http: httpx.Client, n: int) -> list[float]:
    out = []
    for _ in range(n):
        started = time.perf_counter()
        response = http.get("/connections", params={"limit": 5})
        out.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
    return out


def _delivered(app: object) -> int:
    with new_session(app) as db:  # type: ignore[arg-type]
        count = db.scalar(
            select(func.count())
            .select_from(WebhookDelivery)
            .where(WebhookDelivery.state == "succeeded")
        )
        db.rollback()
    return int(count or 0)


def _add_events(app: object, org: uuid.UUID, n: int) -> None:
    """n events at once (as a burst of job completions would write them)."""
    now = utcnow()
    rows = [
        {
            "id": uuid.uuid4(),
            "organization_id": org,
            "mode": "development",
            "type": "api_key.created",
            "connection_id": None,
            "created_at": now,
            "data": '{"object":{"objectType":"api_key","name":"bench"}}',
            "dispatched": False,
        }
        for _ in range(n)
    ]
    with new_session(app) as db:  # type: ignore[arg-type]
        db.execute(insert(Event.__table__), rows)
        db.commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--database", default=None, help="default: a SQLite file")
    parser.add_argument("--concurrency", type=int, default=None, help="WEBHOOK_CONCURRENCY")
    parser.add_argument("--batch", type=int, default=None, help="WEBHOOK_BATCH_SIZE")
    parser.add_argument("--share", type=float, default=None, help="WEBHOOK_BUSY_SHARE")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    receiver = subprocess.Popen([sys.executable, "-c", RECEIVER], stdout=subprocess.PIPE, text=True)
    try:
        assert receiver.stdout is not None
        port = int(receiver.stdout.readline())
        with tempfile.TemporaryDirectory() as tmp:
            run(args, port, args.database or f"sqlite:///{tmp}/bench.db", tmp)
    finally:
        receiver.terminate()
        receiver.wait(timeout=10)


def run(args: argparse.Namespace, port: int, database: str, tmp: str) -> None:
    app = bench_app(
        database,
        tmp,
        WEBHOOKS_ALLOW_PRIVATE=True,
        **({"WEBHOOK_BATCH_SIZE": args.batch} if args.batch else {}),
        **({"WEBHOOK_CONCURRENCY": args.concurrency} if args.concurrency else {}),
        **({"WEBHOOK_BUSY_SHARE": args.share} if args.share else {}),
        WEBHOOK_POLL_SECONDS=0.05,
    )
    with app.app_context(), new_session(app) as db:
        user = accounts.create_user(db, "bench@example.com", "a long password", "B", True)
        org = user.organization.id
        key = api_keys.create_api_key(db, org, "bench", "test").secret
        for n in range(5):
            connections.create(db, connections.Scope(org, "development"), f"c{n}", None)
        webhooks.create(db, org, "development", f"http://127.0.0.1:{port}/hook", ["*"], None, True)
        db.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}/api/v1"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    headers = {"Authorization": f"Bearer {key}"}
    # The worker runs throughout, as in every server process: idle first, then busy.
    worker = webhook_worker.Worker(app).start()
    webhook_worker.register(app, worker)
    with httpx.Client(base_url=url, headers=headers, trust_env=False) as http:
        _time_calls(http, 30)  # warm up
        quiet = _time_calls(http, args.calls)
        _add_events(app, org, args.events)
        started = time.perf_counter()
        busy: list[float] = []
        while _delivered(app) < args.events // 20:  # measure once deliveries are flowing
            time.sleep(0.02)
        while len(busy) < args.calls and _delivered(app) < args.events * 0.9:
            busy += _time_calls(http, 10)
        while _delivered(app) < args.events:
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
    worker.stop()
    server.shutdown()
    engine_for(app).dispose()
    q50, q95 = _percentiles(quiet)
    b50, b95 = _percentiles(busy)
    print(
        f"{args.events} webhook deliveries in {elapsed:.1f} s: {args.events / elapsed:.0f}/s "
        f"({app.config['WEBHOOK_CONCURRENCY']} sender thread(s), batches of "
        f"{app.config['WEBHOOK_BATCH_SIZE']}, busy share {app.config['WEBHOOK_BUSY_SHARE']}, "
        f"{database.split(':')[0]})"
    )
    print(
        f"GET /api/v1/connections: p50 {q50:.2f} ms / p95 {q95:.2f} ms without deliveries; "
        f"p50 {b50:.2f} ms / p95 {b95:.2f} ms during them ({len(busy)} calls): "
        f"{(b50 / q50 - 1) * 100:+.0f} % at p50 (target < +10 %)"
    )


if __name__ == "__main__":
    main()
