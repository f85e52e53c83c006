"""What the load benchmarks share: `make run` hosts (gunicorn with config/gunicorn.conf.py),
a migrated database with organizations and connections, simulated Web Connectors in their own
processes, and API client loops that record every call.

Everything listens on 127.0.0.1 and stops by itself (bounded loops, processes ended at exit).
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

BIN = Path(sys.executable).parent
WC_PASSWORD = "bench-wc-password"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(database_url: str, instance: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NXUS_", "GUNICORN_"))}
    env.update(
        NXUS_DATABASE_URL=database_url,
        NXUS_INSTANCE_PATH=str(instance),
        NXUS_SECRET_KEY="bench-secret-key",
        NXUS_SECURE_COOKIES="false",
        **extra,
    )
    return env


@dataclass
class Tenant:
    api_key: str
    connections: list[tuple[str, str]]  # (public id, QBWC user name), password WC_PASSWORD
    file_ids: list[str] = field(default_factory=list)


def prepare(database_url: str, instance: Path, n_connections: int = 1) -> Tenant:
    """Migrate the database (as `make run` does) and add an organization, a test key and
    `n_connections` development connections with the QBWC password WC_PASSWORD."""
    os.environ.setdefault("NXUS_SECRET_KEY", "bench-secret-key")
    from nxus import create_app
    from nxus.db import engine_for, new_session
    from nxus.migrate import upgrade
    from nxus.security import hash_password
    from nxus.services import accounts, api_keys, connections
    from nxus.services.sample_company import file_id_of

    app = create_app(
        {"DATABASE_URL": database_url, "INSTANCE_PATH": str(instance), "SECRET_KEY": "bench"}
    )
    with app.app_context():
        upgrade(app)
        with new_session(app) as db:
            user = accounts.create_user(db, "bench@example.com", "a long password", "Bench", True)
            key = api_keys.create_api_key(db, user.organization.id, "bench", "test").secret
            scope = connections.Scope(user.organization.id, "development")
            tenant = Tenant(key, [])
            hashed = hash_password(WC_PASSWORD)
            for index in range(n_connections):
                conn = connections.create(db, scope, f"bench {index}", None)
                conn.qbwc_password_hash = hashed
                tenant.connections.append((conn.public_id, conn.qbwc_username))
                tenant.file_ids.append(file_id_of(conn))
            db.commit()
    engine_for(app).dispose()
    return tenant


class Host:
    """One `make run` server: gunicorn + config/gunicorn.conf.py defaults, its own port."""

    def __init__(self, env: dict[str, str], log_path: Path, app: str = "app:app") -> None:
        self.app = app  # bench._counting:app also counts the database round trips
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "PORT": str(self.port), "HOST": "127.0.0.1"}
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Host:
        log = open(self.log_path, "wb")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", "config/gunicorn.conf.py", self.app],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/qbwc", timeout=2, trust_env=False).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"the server did not start; see {self.log_path}")

    def worker_pids(self) -> list[int]:
        if self.proc is None:
            return []
        out = subprocess.run(
            ["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True, check=False
        )
        return [int(p) for p in out.stdout.split()]

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) / 1024)
            except OSError:
                continue
        return sizes

    def kill(self) -> None:
        """kill -9 the master and its workers at once (a host that dies)."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.kill()


def start_web_connectors(
    urls: list[str],
    tenant: Tenant,
    env: dict[str, str],
    *,
    processes: int = 1,
    records: int = 600,
    log_path: Path,
) -> list[subprocess.Popen[bytes]]:
    """Simulated Web Connectors (one per connection of `tenant`) in `processes` processes
    (threads inside, like many QBWC installs), each picking a host of `urls` per session."""
    procs = []
    conns = list(enumerate(zip(tenant.connections, tenant.file_ids, strict=True)))
    for index in range(processes):
        share = conns[index::processes]
        if not share:
            continue
        args = [sys.executable, str(ROOT / "bench" / "_connectors.py"), "--records", str(records)]
        args += ["--urls", ",".join(urls)]
        for number, ((_, username), file_id) in share:  # company seed = number + 1
            args += ["--connector", f"{username}:{file_id}:{number + 1}"]
        log = open(log_path.with_suffix(f".{index}.log"), "wb")  # noqa: SIM115
        procs.append(
            subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        )
    return procs


def stop_processes(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
    for proc in procs:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


@dataclass
class Calls:
    """What the API clients saw: latencies (ms) of answered calls, timeouts, errors."""

    latencies: list[float] = field(default_factory=list)
    timeouts: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ok(self, ms: float) -> None:
        with self.lock:
            self.latencies.append(ms)

    def error(self, what: str) -> None:
        with self.lock:
            self.errors[what] = self.errors.get(what, 0) + 1

    def timeout(self) -> None:
        with self.lock:
            self.timeouts += 1

    def percentile(self, q: float) -> float:
        values = sorted(self.latencies)
        if not values:
            return float("nan")
        if q == 50:
            return statistics.median(values)
        return values[min(len(values) - 1, int(len(values) * q / 100))]

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


def client_loop(
    calls: Calls,
    pick: callable,  # type: ignore[valid-type]
    stop: threading.Event,
    timeout: float = 60.0,
) -> None:
    """Call `pick()` -> (url, headers, check) until `stop`; check(response) says if the
    answer is right (an error string) or None."""
    with httpx.Client(timeout=timeout, trust_env=False) as http:
        while not stop.is_set():
            url, headers, check = pick()
            started = time.perf_counter()
            try:
                response = http.get(url, headers=headers)
            except httpx.TimeoutException:
                calls.timeout()
                continue
            except httpx.HTTPError as exc:
                calls.error(type(exc).__name__)
                time.sleep(0.2)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            problem = check(response)
            if problem is None:
                calls.ok(elapsed)
            else:
                calls.error(problem)


class ThrowawayPostgres:
    """A PostgreSQL cluster of its own under /tmp on a free loopback port (as .ci/run makes
    one): initdb + pg_ctl, run as the `postgres` user when this runs as root."""

    def __init__(self) -> None:
        import shutil
        import tempfile

        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        if not bins:
            raise RuntimeError("PostgreSQL is not installed (Debian: apt-get install postgresql)")
        self.bin = bins[-1]
        self.dir = Path(tempfile.mkdtemp(prefix="nxus-bench-pg."))
        self.port = free_port()
        self._rm = shutil.rmtree

    def _as_postgres(self, *args: str) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *args] if os.getuid() == 0 else list(args)

    def __enter__(self) -> str:
        if os.getuid() == 0:
            self.dir.chmod(0o755)
            shutil_chown = __import__("shutil").chown
            shutil_chown(self.dir, "postgres")
        data = self.dir / "data"
        subprocess.run(
            self._as_postgres(
                str(self.bin / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
            ),
            check=True,
            capture_output=True,
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=500"
        )
        subprocess.run(
            self._as_postgres(
                str(self.bin / "pg_ctl"),
                "-D",
                str(data),
                "-w",
                "-l",
                str(self.dir / "log"),
                "-o",
                options,
                "start",
            ),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            self._as_postgres(
                str(self.bin / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "nxus",
            ),
            check=True,
            capture_output=True,
        )
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/nxus"

    def __exit__(self, *exc: object) -> None:
        subprocess.run(
            self._as_postgres(
                str(self.bin / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "stop"
            ),
            check=False,
            capture_output=True,
        )
        self._rm(self.dir, ignore_errors=True)


def queue_first_work(url: str, tenant: Tenant) -> None:
    """Queue a call on every connection (Prefer: respond-async) before the Web Connectors
    start, so that their first session finds work and stays warm, as after a real first use."""
    with httpx.Client(base_url=url, timeout=60, trust_env=False) as http:
        for public_id, _ in tenant.connections:
            response = http.get(
                "/api/v1/customers",
                params={"limit": 1},
                headers={
                    "Authorization": f"Bearer {tenant.api_key}",
                    "X-Connection-Id": public_id,
                    "Prefer": "respond-async",
                },
            )
            if response.status_code != 202:
                raise RuntimeError(f"could not queue work: {response.status_code} {response.text}")
