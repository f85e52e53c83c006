"""A live nXus server, a simulated Web Connector polling it and a simulated QuickBooks behind
it: `QbEnv` holds them, shared by the tests of a module (creating a sample company and
starting a server per test would dominate the suite's time). Each test that writes uses names
of its own, so tests stay independent.

Every qbXML request the simulated QuickBooks receives is checked against the schema of the
version it declares (nXus' validator with length checks; under `make conformance` also lxml's
XMLSchema from Intuit's XSDs: tests/qbxml_checks.py); `env.bad_requests` collects failures and
the autouse `schema_check` fails the test that caused one.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from flask import Flask
from sqlalchemy import create_engine, text

from nxus import create_app
from nxus.db import Base, engine_for, new_session
from nxus.services import accounts, api_keys, connections
from nxus.services.sample_company import file_id_of
from nxus.simulator.quickbooks import SimulatedQuickBooks
from nxus.simulator.report import SessionState
from nxus.simulator.scheduler import WebConnectorScheduler
from nxus.simulator.web_connector import SimulatedWebConnector
from tests.conftest import CHEAP_ARGON2, LiveServer
from tests.qbxml_checks import request_problem

SERVER_CONFIG: dict[str, Any] = {
    "QBWC_KEEP_WARM_SECONDS": 120,
    "QBWC_HOLD_SECONDS": 0.5,
    "QBWC_HOLD_POLL_SECONDS": 0.005,
    "QBWC_MIN_RUN_EVERY_SECONDS_ACTIVE": 0,
    "QBWC_MIN_RUN_EVERY_SECONDS_IDLE": 0,
    "QBWC_SESSION_IDLE_SECONDS": 2,
    "QBWC_BUSY_POSTPONE_SECONDS": 1,
    "JOB_WAIT_POLL_SECONDS": 0.01,
}


class CheckedQuickBooks(SimulatedQuickBooks):
    """The simulated QuickBooks, recording every request and its schema verdict."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requests: list[bytes] = []
        self.bad_requests: list[tuple[bytes, str]] = []

    def process(self, request_xml: bytes) -> bytes:
        self.requests.append(request_xml)
        problem = request_problem(request_xml)
        if problem is not None:
            self.bad_requests.append((request_xml, problem))
        return super().process(request_xml)


class DroppingWebConnector(SimulatedWebConnector):
    """QBWC that loses QuickBooks' answer (the machine crashes after QuickBooks wrote) for
    requests `drop(request)` selects: the session ends without receiveResponseXML."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.drop: Callable[[str], bool] = lambda request: False
        self.dropped: list[str] = []

    def _exchange(self, report: Any, ticket: str, request: str) -> None:
        if self.drop(request):
            self.quickbooks.process(request.encode("utf-8"))
            self.dropped.append(request)
            self._end(report, SessionState.TRANSPORT_ERROR, "response lost")
        super()._exchange(report, ticket, request)


@dataclass
class QbEnv:
    app: Flask
    server: LiveServer
    key: str
    other_key: str
    connection_id: uuid.UUID
    public_id: str
    quickbooks: CheckedQuickBooks
    connector: DroppingWebConnector
    stop: threading.Event
    thread: threading.Thread
    extra: list[Callable[[], None]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return self.server.url + "/api/v1"

    def headers(self, key: str | None = None, **extra: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {key or self.key}",
            "X-Connection-Id": self.public_id,
            **extra,
        }

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.base, headers=self.headers(), trust_env=False, timeout=60)


def _database_url(tmp: Path, postgres_base_url: str | None) -> tuple[str, Callable[[], None]]:
    if postgres_base_url is None:
        return f"sqlite:///{tmp / 'nxus.db'}", lambda: None
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = create_engine(postgres_base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    sep = "&" if "?" in postgres_base_url else "?"
    return f"{postgres_base_url}{sep}options=-csearch_path%3D{schema}", drop


def start_env(
    tmp: Path,
    postgres_base_url: str | None,
    quickbooks: CheckedQuickBooks,
    **config: Any,
) -> QbEnv:
    url, drop = _database_url(tmp, postgres_base_url)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "INSTANCE_PATH": str(tmp / "instance"),
            "SECRET_KEY": "test-secret-key-not-for-production",
            **CHEAP_ARGON2,
            **SERVER_CONFIG,
            **config,
        }
    )
    Base.metadata.create_all(engine_for(app))
    with app.app_context(), new_session(app) as db:
        account = accounts.create_user(db, "owner@qb.example.com", "a long password", "QB", True)
        org = account.organization.id
        key = api_keys.create_api_key(db, org, "tests", "test").secret
        other = accounts.create_user(db, "other@qb.example.com", "a long password", "Other", True)
        other_key = api_keys.create_api_key(db, other.organization.id, "other", "test").secret
        scope = connections.Scope(org, "development")
        connection = connections.create(db, scope, "simulated", None)
        password = connections.generate_password(db, connection)
        connection_id, public_id = connection.id, connection.public_id
        file_id = file_id_of(connection)
        username = connection.qbwc_username
    server = LiveServer(app).__enter__()
    stop = threading.Event()
    connector = DroppingWebConnector(
        server.url + "/qbwc",
        username,
        password,
        quickbooks,
        file_id=file_id,
        noop_pause=0.01,
        stop_event=stop,
    )
    thread = threading.Thread(
        target=WebConnectorScheduler(connector, 0.05).run_forever, args=(stop,), daemon=True
    )
    thread.start()
    env = QbEnv(
        app, server, key, other_key, connection_id, public_id, quickbooks, connector, stop, thread
    )
    env.extra.append(drop)
    return env


def stop_env(env: QbEnv) -> None:
    env.stop.set()
    env.thread.join(timeout=30)
    env.server.__exit__(None, None, None)
    engine_for(env.app).dispose()
    for cleanup in env.extra:
        cleanup()


@pytest.fixture(scope="module")
def qb_env(
    tmp_path_factory: pytest.TempPathFactory, postgres_base_url: str | None
) -> Iterator[QbEnv]:
    """The shared sample company (a full company: lists, items, transactions)."""
    quickbooks = CheckedQuickBooks(records=600, qb_year=2024)
    env = start_env(tmp_path_factory.mktemp("qb"), postgres_base_url, quickbooks)
    yield env
    stop_env(env)


@pytest.fixture(autouse=True)
def schema_check(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test during which nXus sent QuickBooks a request its schema refuses."""
    envs = [request.getfixturevalue(n) for n in request.fixturenames if n.endswith("qb_env")]
    before = [len(e.quickbooks.bad_requests) for e in envs]
    yield
    for env, count in zip(envs, before, strict=True):
        new = env.quickbooks.bad_requests[count:]
        assert not new, [(r[:300], why) for r, why in new]
