"""Webhook tests: a local receiver (http.server on 127.0.0.1 in a thread) that can fail its
first deliveries, hang or answer huge bodies; the signature check receivers do; tenants."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from nxus.services import webhook_delivery
from tests.integration.api.conftest import Api, Tenant, make_tenant

FAST_WEBHOOKS = {
    "WEBHOOKS_ALLOW_PRIVATE": True,
    "WEBHOOK_RETRY_BASE_SECONDS": 0.05,
    "WEBHOOK_TIMEOUT_SECONDS": 2.0,
    "WEBHOOK_POLL_SECONDS": 0.05,
}


def verify_signature(secret: str, header: str, body: bytes, tolerance: float = 300) -> bool:
    """What a receiver does (docs/webhooks.md): recompute HMAC-SHA256(secret, "<t>.<body>")."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp = int(parts["t"])
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    fresh = abs(time.time() - timestamp) <= tolerance
    return fresh and hmac.compare_digest(expected.hexdigest(), parts["v1"])


@dataclass
class Received:
    body: bytes
    signature: str
    at: float

    @property
    def event(self) -> dict[str, Any]:
        return json.loads(self.body)  # type: ignore[no-any-return]


@dataclass
class Receiver:
    """Answers 500 to its first `fail_first` deliveries, then 200 (or `behaviour`)."""

    fail_first: int = 0
    delay: float = 0.0
    behaviour: str = "ok"  # ok | hang | huge | trickle
    hang_path: str | None = None  # requests to this path hang, whatever the behaviour
    received: list[Received] = field(default_factory=list)
    failed: int = 0
    in_flight: dict[str, int] = field(default_factory=dict)
    overlaps: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length", "0"))
        body = handler.rfile.read(length)
        # One event goes to each endpoint (URL) once: that pair must never overlap.
        event_id = f"{handler.path} {json.loads(body)['id']}"
        with self.lock:
            if self.in_flight.get(event_id):
                self.overlaps.append(event_id)
            self.in_flight[event_id] = self.in_flight.get(event_id, 0) + 1
            failing = self.failed < self.fail_first
            if failing:
                self.failed += 1
        try:
            if self.delay:
                time.sleep(self.delay)
            hangs = self.behaviour == "hang" or handler.path == self.hang_path
            if hangs and not failing:
                time.sleep(30)
            if failing:
                handler.send_response(500)
                handler.end_headers()
                handler.wfile.write(b"not yet")
                return
            with self.lock:
                sig = handler.headers.get("Nxus-Signature", "")
                self.received.append(Received(body, sig, time.monotonic()))
            handler.send_response(200)
            if self.behaviour == "huge":
                handler.send_header("Content-Length", str(10 * 1024 * 1024))
                handler.end_headers()
                chunk = b"x" * 65536
                for _ in range(160):
                    handler.wfile.write(chunk)
                return
            if self.behaviour == "trickle":
                handler.send_header("Content-Length", "100000")
                handler.end_headers()
                for _ in range(100000):
                    handler.wfile.write(b"x")
                    handler.wfile.flush()
                    time.sleep(0.05)
                return
            handler.send_header("Content-Length", "2")
            handler.end_headers()
            handler.wfile.write(b"ok")
        except OSError:
            pass  # the sender gave up (timeout tests)
        finally:
            with self.lock:
                self.in_flight[event_id] -= 1

    def types(self) -> list[str]:
        with self.lock:
            return [r.event["type"] for r in self.received]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            state.handle(self)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_port}/hooks?source=nxus"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, **FAST_WEBHOOKS}


@pytest.fixture
def tenant(app: Flask) -> Tenant:
    return make_tenant(app, "Acme Books")


@pytest.fixture
def other_tenant(app: Flask) -> Tenant:
    return make_tenant(app, "Other Org")


@pytest.fixture
def api(client: FlaskClient, tenant: Tenant) -> Api:
    return Api(client, tenant.test_key)


def drain(app: Flask, until: Any, timeout: float = 20.0) -> None:
    """Run delivery passes until `until()` is true (fails after `timeout`)."""
    deadline = time.monotonic() + timeout
    while not until():
        assert time.monotonic() < deadline, "the condition never came true"
        if not webhook_delivery.run_pass(app, housekeeping=True):
            time.sleep(0.02)
