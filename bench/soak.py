"""Soak: 8 API clients and the simulated Web Connector against `make run` for 30 minutes.

A real gunicorn (config/gunicorn.conf.py: 2 workers x 8 threads, SQLite) on a free loopback
port with a fresh instance folder, migrated as `make run` does; the simulated Web Connector
and QuickBooks (as `flask nxus simulate CONN --forever`: 3,000 records, keep-warm sessions) in
this process; 8 client threads looping on GET /api/v1/customers?limit=10, with a retrieve every
10th call and a create every 50th. Every minute: requests that minute, errors, the database
size (file + WAL), jobs in the database (and how many still hold their qbXML) and the RSS of
each gunicorn worker. At the end: requests per minute of the first and last 5 minutes (or
halves of a shorter run). Done-when (issue 13): last within 10% of first, database under
200 MB, worker memory flat. No thresholds are asserted: machines differ.

    .venv/bin/python bench/soak.py [--minutes 30] [--clients 8]
"""

from __future__ import annotations

import argparse
import itertools
import logging
import os
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from nxus import create_app  # noqa: E402
from nxus.db import engine_for, new_session  # noqa: E402
from nxus.migrate import upgrade  # noqa: E402
from nxus.services import accounts, api_keys, connections, sample_company  # noqa: E402
from nxus.simulator.scheduler import WebConnectorScheduler  # noqa: E402

MB = 1024 * 1024


@dataclass
class Counters:
    lock: threading.Lock = field(default_factory=threading.Lock)
    ok: int = 0
    errors: int = 0
    last_error: str = ""

    def add(self, ok: bool, error: str = "") -> None:
        with self.lock:
            if ok:
                self.ok += 1
            else:
                self.errors += 1
                self.last_error = error[:200]

    def take(self) -> tuple[int, int, str]:
        with self.lock:
            taken = (self.ok, self.errors, self.last_error)
            self.ok = self.errors = 0
            self.last_error = ""
        return taken


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(instance: Path) -> tuple[str, str, object, str]:
    """Migrate a fresh database; an owner, an API key, a development connection and its QBWC
    password. Returns (API key, connection public id, connection, password)."""
    app = create_app({"INSTANCE_PATH": str(instance)})
    upgrade(app)
    with app.app_context(), new_session(app) as db:
        user = accounts.create_user(db, "soak@example.com", "a long soak password", "Soak", True)
        key = api_keys.create_api_key(db, user.organization.id, "soak", "test").secret
        scope = connections.Scope(user.organization.id, "development")
        connection = connections.create(db, scope, "soak", None)
        password = connections.generate_password(db, connection)
        public_id = connection.public_id
    engine_for(app).dispose()
    return key, public_id, connection, password


def start_server(
    instance: Path, port: int, trace_dir: Path | None = None
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PORT": str(port), "NXUS_INSTANCE_PATH": str(instance)}
    app = "app:app"
    if trace_dir is not None:  # tracemalloc snapshots of each worker (bench/_tracemalloc.py)
        trace_dir.mkdir(parents=True, exist_ok=True)
        env["NXUS_BENCH_TRACE_DIR"] = str(trace_dir)
        app = "bench._tracemalloc:app"
    log = open(instance / "gunicorn.log", "wb")  # noqa: SIM115  (closed with the process)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "config/gunicorn.conf.py", app],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/qbwc", trust_env=False).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"gunicorn did not start; see {instance / 'gunicorn.log'}")


def workers_rss(master: int) -> list[float]:
    """RSS (MB) of each child of the gunicorn master."""
    sizes = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            status = (proc / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def database_state(path: Path) -> tuple[float, int, int]:
    """(file + WAL in MB, jobs, jobs still holding their qbXML), read-only."""
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists()) / MB
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            jobs = db.execute("SELECT count(*) FROM jobs").fetchone()[0]
            kept = db.execute("SELECT count(*) FROM jobs WHERE payload_purged_at IS NULL")
            return size, int(jobs), int(kept.fetchone()[0])
    except sqlite3.Error:
        return size, -1, -1


def table_sizes(path: Path) -> list[tuple[str, float, int]]:
    """(table, MB with its indexes, rows), biggest first: SQLite's dbstat, read-only."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            owner = dict(db.execute("SELECT name, tbl_name FROM sqlite_master"))
            sizes: dict[str, float] = {}
            for name, pgsize in db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
                table = owner.get(name, name)
                sizes[table] = sizes.get(table, 0.0) + pgsize / MB
            rows = {
                t: int(db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])
                for t in sizes
                if t in owner and not t.startswith("sqlite_")
            }
    except sqlite3.Error as exc:
        print(f"(no table sizes: {exc})")
        return []
    return sorted(((t, mb, rows.get(t, 0)) for t, mb in sizes.items()), key=lambda r: -r[1])


def client_loop(url: str, headers: dict[str, str], stop: threading.Event, out: Counters) -> None:
    with httpx.Client(base_url=url, headers=headers, trust_env=False, timeout=150) as http:
        customer_id: str | None = None
        for n in itertools.count():
            if stop.is_set():
                return
            try:
                if n % 50 == 49:
                    name = f"Soak {uuid.uuid4().hex[:12]}"
                    response = http.post("/customer", json={"name": name})
                elif n % 10 == 9 and customer_id:
                    response = http.get(f"/customer/{customer_id}")
                else:
                    response = http.get("/customers", params={"limit": 10})
                    if response.status_code == 200 and response.json()["data"]:
                        customer_id = response.json()["data"][n % len(response.json()["data"])][
                            "id"
                        ]
                out.add(response.status_code < 300, f"{response.status_code} {response.text}")
            except httpx.HTTPError as exc:
                out.add(False, f"{type(exc).__name__}: {exc}")


@dataclass
class QbTime:
    seconds: float = 0.0
    calls: int = 0

    def take(self) -> float:
        """Mean ms per simulated QuickBooks request since the last take."""
        mean = self.seconds / self.calls * 1000 if self.calls else 0.0
        self.seconds, self.calls = 0.0, 0
        return mean


def _timed(quickbooks: object) -> QbTime:
    """Time the simulated QuickBooks (this process's share of each job)."""
    spent = QbTime()
    process = quickbooks.process  # type: ignore[attr-defined]

    def timed(request: bytes) -> bytes:
        started = time.perf_counter()
        try:
            return process(request)  # type: ignore[no-any-return]
        finally:
            spent.seconds += time.perf_counter() - started
            spent.calls += 1

    quickbooks.process = timed  # type: ignore[attr-defined]
    return spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("-v", "--verbose", action="store_true", help="Print each QBWC session.")
    parser.add_argument("--keep", action="store_true", help="Keep the instance folder.")
    parser.add_argument(
        "--trace-malloc",
        type=Path,
        default=None,
        metavar="DIR",
        help="tracemalloc snapshots of each worker into DIR (compare: bench/_tracemalloc.py DIR)",
    )
    args = parser.parse_args()
    logging.getLogger("nxus").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="nxus-soak-") as tmp:
        instance = Path(tempfile.mkdtemp(prefix="nxus-soak-") if args.keep else tmp)
        key, public_id, connection, password = prepare(instance)
        port = free_port()
        server = start_server(instance, port, args.trace_malloc)
        base = f"http://127.0.0.1:{port}"
        stop = threading.Event()
        try:
            connector = sample_company.build_connector(
                connection,  # type: ignore[arg-type]
                password,
                base,
                records=3000,
                qb_year=2024,
                seed=1,
                stop_event=stop,
                http_timeout=100,
            )
            # Each list call starts a QuickBooks iterator nobody continues (the API's cursor
            # expires after API_CURSOR_IDLE_SECONDS). The simulator keeps each for 10 minutes
            # by default, every one a list of all 3,000 keys: ~15,000 of them after 10 minutes
            # slowed this process (the serial QuickBooks of the run) by a third. 30 s is still
            # three times the cursor's idle limit.
            connector.quickbooks.iterator_ttl = 30.0
            qb_time = _timed(connector.quickbooks)
            scheduler = WebConnectorScheduler(connector, 60.0, keep_reports=1)
            if args.verbose:
                scheduler.on_report = lambda r: print("  QBWC:", r.summary().splitlines()[0])
            threading.Thread(target=scheduler.run_forever, args=(stop,), daemon=True).start()
            while scheduler.sessions_run < 1:  # the first session: the connection is connected
                time.sleep(0.1)
            counters = Counters()
            headers = {"Authorization": f"Bearer {key}", "X-Connection-Id": public_id}
            clients = [
                threading.Thread(
                    target=client_loop, args=(base + "/api/v1", headers, stop, counters)
                )
                for _ in range(args.clients)
            ]
            for thread in clients:
                thread.start()
            while counters.ok + counters.errors == 0:  # the clock starts with the first answer
                time.sleep(0.05)
            print(
                f"soak: {args.clients} clients, {args.minutes} min, gunicorn on :{port} "
                f"(pid {server.pid}), instance {instance}"
            )
            print(
                "minute  requests  errors  db MB (file+WAL)  jobs (with qbXML)  QB ms/job  "
                "worker RSS MB"
            )
            per_minute: list[int] = []
            database = instance / "nxus.db"
            started = time.monotonic()
            for minute in range(1, args.minutes + 1):
                time.sleep(max(0.0, started + 60 * minute - time.monotonic()))
                ok, errors, last = counters.take()
                per_minute.append(ok + errors)
                size, jobs, kept = database_state(database)
                rss = " ".join(f"{r:.0f}" for r in workers_rss(server.pid))
                print(
                    f"{minute:6d}  {ok + errors:8d}  {errors:6d}  {size:16.1f}  "
                    f"{jobs:8d} ({kept:6d})  {qb_time.take():9.1f}  {rss}",
                    flush=True,
                )
                if last:
                    print(f"        last error: {last}")
            window = max(1, min(5, args.minutes // 2))
            first = sum(per_minute[:window]) / window
            last_avg = sum(per_minute[-window:]) / window
            print(
                f"requests/minute: first {window} min {first:.0f}, last {window} min "
                f"{last_avg:.0f} ({(last_avg / first - 1) * 100 if first else 0:+.1f}%); "
                f"database {database_state(database)[0]:.1f} MB"
            )
            print("where it is (tables with their indexes):")
            for table, mb, rows in table_sizes(database)[:8]:
                print(f"  {table:28s} {mb:8.1f} MB  {rows:9d} rows")
        finally:
            stop.set()
            server.terminate()
            try:
                server.wait(timeout=40)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    main()
