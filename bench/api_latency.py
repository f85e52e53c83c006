"""Benchmark: latency of GET /api/v1/customer/{id} through a warm Web Connector session.

A `make run` host (gunicorn with config/gunicorn.conf.py defaults), the simulated Web
Connector + QuickBooks in its own process, and one client in this one. Each retrieve is a full
round trip: HTTP -> job -> sendRequestXML (held, woken by the job's commit) -> QuickBooks ->
receiveResponseXML -> the waiting call woken by that commit -> JSON. Every poll interval is
the default: the wake-ups carry the calls, not a poll. Prints p50/p95 on SQLite and, with
--postgres URL (a database it may add a schema to), on PostgreSQL too (target p50 <= 15 ms on
a 2-core VM), and the database round trips per call, counted in the server's workers
(bench/_counting.py: statements, commits, rollbacks, pool checkouts; --sql lists the
statements). No thresholds are asserted.

    .venv/bin/python bench/api_latency.py [--calls 300] [--postgres postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402

from bench._counting import read_counts  # noqa: E402
from bench._server import (  # noqa: E402
    Host,
    prepare,
    queue_first_work,
    server_env,
    start_web_connectors,
    stop_processes,
)


def measure(label: str, database_url: str, calls: int, show_sql: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp) / "instance"
        tenant = prepare(database_url, instance)
        counts = Path(tmp) / "counts"
        counts.mkdir()
        env = server_env(database_url, instance)
        env.update(NXUS_BENCH_COUNT_DIR=str(counts), NXUS_BENCH_COUNT_SQL="1" if show_sql else "")
        host = Host(env, Path(tmp) / "server.log", app="bench._counting:app").start()
        queue_first_work(host.url, tenant)
        connectors = start_web_connectors(
            [host.url], tenant, env, records=600, log_path=Path(tmp) / "wc"
        )
        headers = {
            "Authorization": f"Bearer {tenant.api_key}",
            "X-Connection-Id": tenant.connections[0][0],
        }
        try:
            with httpx.Client(
                base_url=host.url + "/api/v1", headers=headers, trust_env=False, timeout=120
            ) as http:
                listed = http.get("/customers", params={"limit": 1})  # the first session opens
                customer = listed.json()["data"][0]["id"]
                for _ in range(20):  # warm up: caches filled, the session kept warm
                    http.get(f"/customer/{customer}")
                time.sleep(0.3)  # the workers' counts are written every 0.1 s
                before, before_sql = read_counts(counts)
                times = []
                for _ in range(calls):
                    started = time.perf_counter()
                    response = http.get(f"/customer/{customer}")
                    times.append((time.perf_counter() - started) * 1000)
                    assert response.status_code == 200, response.text
                time.sleep(0.3)
                after, after_sql = read_counts(counts)
        finally:
            stop_processes(connectors)
            host.stop()
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"{label}: retrieve through a warm session on make-run defaults, {calls} calls: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (target p50 <= 15 ms)",
        flush=True,
    )
    after.subtract(before)
    per_call = {kind: after[kind] / calls for kind in sorted(after)}
    # On PostgreSQL each but a checkout is a round trip; SQLite's are calls into the library,
    # the statements the ones that cost.
    total = sum(n for kind, n in per_call.items() if kind != "checkouts")
    print(
        f"{label}: per call {per_call.get('statements', 0):.1f} statements, "
        f"{total:.1f} database operations besides checkouts ("
        + ", ".join(f"{kind} {n:.1f}" for kind, n in per_call.items())
        + ")"
        + (" = round trips" if database_url.startswith("postgresql") else ""),
        flush=True,
    )
    if show_sql:
        after_sql.subtract(before_sql)
        for sql, n in sorted(after_sql.items(), key=lambda item: -item[1]):
            if n > 0:
                print(f"  {n / calls:5.2f}  {sql}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--postgres", default=None, help="also on this PostgreSQL database")
    parser.add_argument("--sql", action="store_true", help="list the statements of a call")
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            measure("SQLite", f"sqlite:///{tmp}/nxus.db", args.calls, args.sql)
    if args.postgres:
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        admin = create_engine(args.postgres, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in args.postgres else "?"
        try:
            measure(
                "PostgreSQL",
                f"{args.postgres}{sep}options=-csearch_path%3D{schema}",
                args.calls,
                args.sql,
            )
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


if __name__ == "__main__":
    main()
