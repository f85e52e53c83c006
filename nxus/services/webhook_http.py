"""One webhook POST, bounded: the host is resolved and checked again (SSRF) and the socket
connects to a vetted address only (no second lookup a DNS rebinding could change); a watchdog
closes the socket when the total timeout ends, however slowly the receiver trickles; at most
EXCERPT_BYTES of the answer are read."""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import datetime

from nxus.db import utcnow
from nxus.services import webhooks
from nxus.services.errors import ValidationFailed

EXCERPT_BYTES = 1024
USER_AGENT = "nXus-Webhooks/1"


@dataclass(frozen=True)
class Attempt:
    started_at: datetime
    latency_ms: float
    status_code: int | None = None
    excerpt: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.status_code is not None and 200 <= self.status_code < 300

    def describe(self) -> str:
        return f"HTTP {self.status_code}" if self.status_code is not None else str(self.error)


class _Pinned(http.client.HTTPConnection):
    """Connects to a vetted address; TLS (when `tls`) checks the certificate of the host."""

    def __init__(self, host: str, port: int, address: str, timeout: float, tls: bool) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address
        self._tls = tls
        # Kept for the watchdog: http.client drops `sock` once the response owns the stream.
        self.raw_sock: socket.socket | None = None

    def connect(self) -> None:
        self.sock = self.raw_sock = socket.create_connection(
            (self._address, self.port), self.timeout
        )
        if self._tls:  # the watchdog can shut the raw socket during a slow handshake too
            context = ssl.create_default_context()
            self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def post_signed(url: str, secret: str, body: bytes, timeout: float, allow_private: bool) -> Attempt:
    """POST `body` with its Nxus-Signature; never raises, never takes longer than `timeout`."""
    started_at, t0 = utcnow(), time.monotonic()

    def failed(error: str, status: int | None = None, excerpt: str | None = None) -> Attempt:
        ms = (time.monotonic() - t0) * 1000
        return Attempt(started_at, round(ms, 1), status, excerpt, error)

    try:
        target = webhooks.check_url(url, allow_private)
    except ValidationFailed as exc:
        return failed(f"refused: {exc.message}")
    conn = _Pinned(target.host, target.port, target.addresses[0], timeout, target.scheme == "https")
    timer = threading.Timer(timeout, _close, args=(conn,))
    timer.daemon = True
    timer.start()
    try:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            webhooks.SIGNATURE_HEADER: webhooks.sign(secret, int(time.time()), body),
        }
        conn.request("POST", target.path, body=body, headers=headers)
        response = conn.getresponse()
        raw = response.read(EXCERPT_BYTES)
        excerpt = raw.decode("utf-8", "replace")
        ms = round((time.monotonic() - t0) * 1000, 1)
        if time.monotonic() - t0 >= timeout:
            return failed(f"timed out after {timeout:g} s", response.status, excerpt)
        error = None if 200 <= response.status < 300 else f"HTTP {response.status}"
        return Attempt(started_at, ms, response.status, excerpt, error)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if time.monotonic() - t0 >= timeout - 0.05:
            return failed(f"timed out after {timeout:g} s")
        return failed(f"{type(exc).__name__}: {exc}"[:500])
    finally:
        timer.cancel()
        conn.close()


def _close(conn: _Pinned) -> None:
    """The watchdog: shut the socket so a blocked read returns at once."""
    sock = conn.raw_sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
