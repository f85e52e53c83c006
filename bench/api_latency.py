"""Benchmark: latency of GET /api/v1/customer/{id} through a warm Web Connector session.

A threaded server in this process, the simulated Web Connector polling it (keep-warm: the
session holds sendRequestXML for new work) and the simulated QuickBooks sample company. Each
retrieve is a full round trip: HTTP -> job -> sendRequestXML -> QuickBooks -> receiveResponseXML
-> JSON. The poll intervals are the defaults: the held sendRequestXML and the waiting call are
woken by the commits (nxus.wakeup), not by a poll. Prints p50/p95 on SQLite and, with
--postgres URL (a database it may fill), on PostgreSQL too (target p50 <= 15 ms on a 2-core
VM). No thresholds are asserted.

    .venv/bin/python bench/api_latency.py [--calls 200] [--postgres postgresql+psycopg://...]
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from bench._setup import bench_app  # noqa: E402
from nxus.db import engine_for, new_session  # noqa: E402
from nxus.services import accounts, api_keys, connections  # noqa: E402
from nxus.services.sample_company import file_id_of  # noqa: E402
from nxus.simulator.quickbooks import SimulatedQuickBooks  # noqa: E402
from nxus.simulator.web_connector import SimulatedWebConnector  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--postgres", default=None, help="also on this PostgreSQL database")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{tmp}/bench.db", tmp, args.calls)
    if args.postgres:
        with tempfile.TemporaryDirectory() as tmp:
            run("PostgreSQL", args.postgres, tmp, args.calls, fresh_schema=True)


def run(label: str, database_url: str, tmp: str, calls: int, fresh_schema: bool = False) -> None:
    if fresh_schema:  # a schema of its own, dropped at the end
        from sqlalchemy import create_engine, text

        schema = f"bench_{int(time.time() * 1000)}"
        admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in database_url else "?"
        try:
            run(label, f"{database_url}{sep}options=-csearch_path%3D{schema}", tmp, calls)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
        return
    app = bench_app(
        database_url,
        tmp,
        QBWC_KEEP_WARM_SECONDS=600,
        QBWC_HOLD_SECONDS=5,
        QBWC_MIN_RUN_EVERY_SECONDS_ACTIVE=0,
        QBWC_MIN_RUN_EVERY_SECONDS_IDLE=0,
    )
    with app.app_context(), new_session(app) as db:
        user = accounts.create_user(db, "bench@example.com", "a long password", "B", True)
        key = api_keys.create_api_key(db, user.organization.id, "bench", "test").secret
        scope = connections.Scope(user.organization.id, "development")
        conn = connections.create(db, scope, "bench", None)
        password = connections.generate_password(db, conn)
        public_id, username, file_id = conn.public_id, conn.qbwc_username, file_id_of(conn)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop = threading.Event()
    connector = SimulatedWebConnector(
        url + "/qbwc",
        username,
        password,
        SimulatedQuickBooks(records=600),
        file_id=file_id,
        noop_pause=0.01,
        stop_event=stop,
    )
    threading.Thread(target=connector.run_forever, args=(0.05, stop), daemon=True).start()
    headers = {"Authorization": f"Bearer {key}", "X-Connection-Id": public_id}
    with httpx.Client(base_url=url + "/api/v1", headers=headers, trust_env=False) as http:
        customer = http.get("/customers", params={"limit": 1}).json()["data"][0]["id"]
        for _ in range(10):  # warm up: session open, caches filled
            http.get(f"/customer/{customer}")
        times = []
        for _ in range(calls):
            started = time.perf_counter()
            response = http.get(f"/customer/{customer}")
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text
    stop.set()
    server.shutdown()
    engine_for(app).dispose()
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"{label}: retrieve through a warm session, {calls} calls: p50 {p50:.1f} ms, "
        f"p95 {p95:.1f} ms (target p50 <= 15 ms)"
    )


if __name__ == "__main__":
    main()
