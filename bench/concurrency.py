"""Benchmark: many API clients against `make run` defaults and a simulated Web Connector.

One `make run` host (gunicorn, config/gunicorn.conf.py defaults: 2 workers, threads sized by
nXus' waiting caps) on a fresh SQLite file, the simulated Web Connector + QuickBooks in its own
process, and 10, 20, 40 and 100 concurrent clients looping `GET /api/v1/customers?limit=10`
for --seconds each. Prints requests/s, p50/p95, timeouts and errors per level, and the
throughput at the most clients against the fewest (target: within 20 %: QuickBooks' queue sets
the pace, not the server). No thresholds are asserted.

    .venv/bin/python bench/concurrency.py [--seconds 60] [--levels 10,20,40,100]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._server import (  # noqa: E402
    Calls,
    Host,
    client_loop,
    prepare,
    queue_first_work,
    server_env,
    start_web_connectors,
    stop_processes,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--levels", default="10,20,40,100")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    levels = [int(n) for n in args.levels.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp) / "instance"
        database_url = args.database_url or f"sqlite:///{instance / 'nxus.db'}"
        tenant = prepare(database_url, instance)
        env = server_env(database_url, instance)
        host = Host(env, Path(tmp) / "server.log").start()
        queue_first_work(host.url, tenant)
        connectors = start_web_connectors(
            [host.url], tenant, env, records=600, log_path=Path(tmp) / "wc"
        )
        public_id = tenant.connections[0][0]
        headers = {"Authorization": f"Bearer {tenant.api_key}", "X-Connection-Id": public_id}
        url = f"{host.url}/api/v1/customers?limit=10"

        def check(response: object) -> str | None:
            status = response.status_code  # type: ignore[attr-defined]
            if status != 200:
                return f"HTTP {status}"
            if len(response.json()["data"]) != 10:  # type: ignore[attr-defined]
                return "wrong page"
            return None

        def pick() -> tuple[str, dict[str, str], object]:
            return url, headers, check

        try:
            warm = Calls()
            stop = threading.Event()
            threading.Timer(15.0, stop.set).start()
            client_loop(warm, pick, stop)  # the first session opens, caches fill
            rows = []
            for clients in levels:
                calls, stop = Calls(), threading.Event()
                threads = [
                    threading.Thread(target=client_loop, args=(calls, pick, stop), daemon=True)
                    for _ in range(clients)
                ]
                started = time.monotonic()
                for thread in threads:
                    thread.start()
                    time.sleep(random.uniform(0, 0.01))
                time.sleep(args.seconds)
                stop.set()
                for thread in threads:
                    thread.join(timeout=120)
                elapsed = time.monotonic() - started
                rows.append((clients, len(calls.latencies) / elapsed, calls))
                print(
                    f"{clients:4d} clients: {len(calls.latencies) / elapsed:7.1f} req/s  "
                    f"p50 {calls.percentile(50):7.1f} ms  p95 {calls.percentile(95):7.1f} ms  "
                    f"timeouts {calls.timeouts}  errors {calls.error_count} {calls.errors or ''}",
                    flush=True,
                )
        finally:
            stop_processes(connectors)
            host.stop()
    first, last = rows[0], rows[-1]
    print(
        f"throughput at {last[0]} clients / at {first[0]} clients: {last[1] / first[1]:.2f} "
        f"(target >= 0.80); total timeouts {sum(r[2].timeouts for r in rows)}, "
        f"errors {sum(r[2].error_count for r in rows)}"
    )


if __name__ == "__main__":
    main()
