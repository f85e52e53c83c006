"""Benchmark: a fleet. Many Web Connectors and API clients, two hosts, one PostgreSQL.

A throwaway PostgreSQL (as .ci/run makes one, or --database-url), two `make run` hosts
(gunicorn with config/gunicorn.conf.py defaults: 2 workers each) with no balancer, N simulated
Web Connectors that obey the QBWC rules (authenticate per session, NoOp -> 5 s pause, the .qwc
schedule, postpone / minimum run interval from authenticate) sharing a few processes, each
session sent to a random host, and M API clients calling random connections on random hosts
(a client that cannot reach a host moves to the other, as a balancer would). Every answer is
checked against the connection's own company (each connector simulates a different company).
Prints exchanges/s, API p50/p95, timeouts and errors; with --kill-host, one host is killed
with SIGKILL halfway and the run checks afterwards that no job was lost (every job finished,
none left queued or sent) and that the other host carried on.

    .venv/bin/python bench/fleet.py [--connectors 200] [--clients 20] [--seconds 150]
                                    [--kill-host] [--database-url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
from lxml import etree  # noqa: E402

from bench._server import (  # noqa: E402
    Calls,
    Host,
    ThrowawayPostgres,
    prepare,
    queue_first_work,
    server_env,
    start_web_connectors,
    stop_processes,
)

RECORDS = 40
QUERY = (
    b'<?xml version="1.0"?><?qbxml version="16.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">'
    b"<CustomerQueryRq><MaxReturned>3</MaxReturned></CustomerQueryRq></QBXMLMsgsRq></QBXML>"
)


def expected_names(n: int) -> list[list[str]]:
    """The first three customers of each connector's company (seed = index + 1)."""
    from nxus.simulator.quickbooks import SimulatedQuickBooks

    names = []
    for index in range(n):
        root = etree.fromstring(SimulatedQuickBooks(records=RECORDS, seed=index + 1).process(QUERY))
        names.append([r.findtext("FullName") for r in root.iter("CustomerRet")])
    return names


class Fleet:
    def __init__(self, hosts: list[Host], key: str, connections: list[str], names: list[list[str]]):
        self.hosts = hosts
        self.key = key
        self.connections = connections
        self.names = names
        self.calls = Calls()
        self.failovers = 0
        self.dead: set[int] = set()
        self.killed_at: float | None = None
        self.ok_after_kill = 0

    def client(self, stop: threading.Event) -> None:
        with httpx.Client(timeout=120, trust_env=False) as http:
            while not stop.is_set():
                index = random.randrange(len(self.connections))
                alive = [i for i in range(len(self.hosts)) if i not in self.dead]
                host = random.choice(alive)
                headers = {
                    "Authorization": f"Bearer {self.key}",
                    "X-Connection-Id": self.connections[index],
                }
                started = time.perf_counter()
                try:
                    response = http.get(
                        f"{self.hosts[host].url}/api/v1/customers",
                        params={"limit": 3},
                        headers=headers,
                    )
                except httpx.ConnectError:
                    self.dead.add(host)  # the balancer's health check would do the same
                    self.failovers += 1
                    continue
                except httpx.TimeoutException:
                    self.calls.timeout()
                    continue
                except httpx.HTTPError as exc:  # the host died mid-call
                    if (
                        self.hosts[host].proc is not None
                        and self.hosts[host].proc.poll() is not None
                    ):
                        self.dead.add(host)
                        self.failovers += 1
                        continue
                    self.calls.error(type(exc).__name__)
                    continue
                ms = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    self.calls.error(f"HTTP {response.status_code}")
                elif [c["fullname"] for c in response.json()["data"]] != self.names[index]:
                    self.calls.error("wrong data")
                else:
                    self.calls.ok(ms)
                    if self.killed_at is not None and started > self.killed_at:
                        with self.calls.lock:
                            self.ok_after_kill += 1


def _job_states(database_url: str) -> dict[str, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT state, count(*) FROM jobs GROUP BY state")).all()
    engine.dispose()
    return {state: count for state, count in rows}


def _exchanges_between(database_url: str, start: datetime, end: datetime) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as conn:
        count = conn.execute(
            text("SELECT count(*) FROM qbwc_exchanges WHERE started_at >= :a AND started_at < :b"),
            {"a": start, "b": end},
        ).scalar()
    engine.dispose()
    return int(count or 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connectors", type=int, default=200)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=150.0)
    parser.add_argument("--processes", type=int, default=4, help="processes for the connectors")
    parser.add_argument("--kill-host", action="store_true")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        database_url = args.database_url or stack.enter_context(ThrowawayPostgres())
        instance = tmp / "instance"
        tenant = prepare(database_url, instance, args.connectors)
        names = expected_names(args.connectors)
        env = server_env(database_url, instance)
        hosts = [Host(env, tmp / f"host{i}.log").start() for i in range(2)]
        stack.callback(lambda: [h.stop() for h in hosts])
        queue_first_work(hosts[0].url, tenant)
        connectors = start_web_connectors(
            [h.url for h in hosts],
            tenant,
            env,
            processes=args.processes,
            records=RECORDS,
            log_path=tmp / "wc",
        )
        stack.callback(stop_processes, connectors)
        fleet = Fleet(hosts, tenant.api_key, [c[0] for c in tenant.connections], names)
        stop = threading.Event()
        started_at = datetime.now(UTC)
        threads = [
            threading.Thread(target=fleet.client, args=(stop,), daemon=True)
            for _ in range(args.clients)
        ]
        for thread in threads:
            thread.start()
        killed_at = None
        deadline = time.monotonic() + args.seconds
        if args.kill_host:
            time.sleep(args.seconds / 2)
            hosts[0].kill()
            killed_at = fleet.killed_at = time.perf_counter()
            print(f"killed host 1 (kill -9) after {args.seconds / 2:.0f} s", flush=True)
        time.sleep(max(0.0, deadline - time.monotonic()))
        stop.set()
        for thread in threads:
            thread.join(timeout=150)
        ended_at = datetime.now(UTC)
        exchanges = _exchanges_between(database_url, started_at, ended_at)
        # Drain: the Web Connectors finish what is still queued or sent (crash recovery
        # included) before the jobs are counted.
        drain_until = time.monotonic() + 120
        while time.monotonic() < drain_until:
            states = _job_states(database_url)
            if not states.get("queued") and not states.get("sent"):
                break
            time.sleep(2)
        states = _job_states(database_url)
        calls = fleet.calls
        elapsed = (ended_at - started_at).total_seconds()
        print(
            f"{args.connectors} Web Connectors, {args.clients} API clients, 2 hosts x 2 workers, "
            f"{elapsed:.0f} s on PostgreSQL"
        )
        print(
            f"exchanges/s {exchanges / elapsed:.1f}; API calls {len(calls.latencies)} "
            f"({len(calls.latencies) / elapsed:.1f}/s): p50 {calls.percentile(50):.0f} ms, "
            f"p95 {calls.percentile(95):.0f} ms; timeouts {calls.timeouts}, errors "
            f"{calls.error_count} {calls.errors or ''}"
        )
        print(f"jobs by state after the drain: {states}")
        if killed_at is not None:
            unfinished = states.get("queued", 0) + states.get("sent", 0)
            print(
                f"--kill-host: {fleet.failovers} client failovers; jobs left unfinished "
                f"{unfinished} (target 0); calls answered after the kill "
                f"{fleet.ok_after_kill}"
            )


if __name__ == "__main__":
    main()
