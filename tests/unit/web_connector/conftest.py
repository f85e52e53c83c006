"""A tiny scripted SOAP server standing in for /qbwc: it records every request exactly as
posted (bytes and headers) and answers ASMX-style envelopes from per-method handlers."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from nxus.simulator.quickbooks import SimulatedQuickBooks
from tests.conftest import FIXTURES

ENVELOPES = FIXTURES / "qbwc" / "envelopes"
INTUIT = "http://developer.intuit.com/"
HEAD = (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope '
    'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body>'
)
TAIL = "</soap:Body></soap:Envelope>"
TICKET = "5c7e2e0d-8912-4f13-ad60-cac3a3e68bf5"
QBXML_REQUEST = (
    '<?xml version="1.0" encoding="utf-8"?><?qbxml version="13.0"?><QBXML>'
    '<QBXMLMsgsRq onError="stopOnError"><CustomerQueryRq requestID="1">'
    "<MaxReturned>2</MaxReturned></CustomerQueryRq></QBXMLMsgsRq></QBXML>"
)


@dataclass
class Fault:
    faultstring: str
    status: int = 500


@dataclass
class RawAnswer:
    status: int
    body: bytes
    content_type: str = "text/xml; charset=utf-8"


@dataclass
class Posted:
    method: str
    params: dict[str, str]
    body: bytes
    headers: dict[str, str]


def response_envelope(method: str, result: str | list[str]) -> bytes:
    if isinstance(result, list):
        items = "".join(f"<string>{escape(i)}</string>" if i else "<string />" for i in result)
        inner = f"<{method}Result>{items}</{method}Result>"
    else:
        inner = (
            f"<{method}Result>{escape(result)}</{method}Result>"
            if result
            else f"<{method}Result />"
        )
    body = f'<{method}Response xmlns="{INTUIT}">{inner}</{method}Response>'
    return (HEAD + body + TAIL).encode()


def fault_envelope(text: str) -> bytes:
    fault = f"<soap:Fault><faultcode>soap:Server</faultcode><faultstring>{text}</faultstring>"
    return (HEAD + fault + "</soap:Fault>" + TAIL).encode()


Handler = Callable[[dict[str, str]], Any]


@dataclass
class FakeQbwcService:
    """Default behaviour: one session handing out the given requests, then progress 100."""

    password: str = "s3cret-password"
    auth_tail: list[str] = field(default_factory=lambda: [""])
    work: list[str] = field(default_factory=lambda: [QBXML_REQUEST])
    handlers: dict[str, Handler] = field(default_factory=dict)
    posted: list[Posted] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    # Close the socket after each answer without saying so (an idle keep-alive timeout).
    drop_connections: bool = False
    _given: int = 0

    @property
    def methods(self) -> list[str]:
        return [p.method for p in self.posted]

    def answer(self, method: str, params: dict[str, str]) -> Any:
        if method in self.handlers:
            return self.handlers[method](params)
        return getattr(self, f"do_{method}")(params)

    def do_serverVersion(self, params: dict[str, str]) -> str:
        return "1.0.0"

    def do_clientVersion(self, params: dict[str, str]) -> str:
        return ""

    def do_authenticate(self, params: dict[str, str]) -> list[str]:
        if params.get("strPassword") != self.password:
            return ["", "nvu"]
        return [TICKET, *self.auth_tail]

    def do_sendRequestXML(self, params: dict[str, str]) -> str:
        if self._given < len(self.work):
            self._given += 1
            return self.work[self._given - 1]
        return ""

    def do_receiveResponseXML(self, params: dict[str, str]) -> str:
        return str(int(100 * self._given / len(self.work))) if self.work else "100"

    def do_connectionError(self, params: dict[str, str]) -> str:
        return "done"

    def do_getLastError(self, params: dict[str, str]) -> str:
        return "Nothing to do"

    def do_closeConnection(self, params: dict[str, str]) -> str:
        return "OK"


class FakeServer:
    def __init__(self, service: FakeQbwcService) -> None:
        self.service = service
        handler = _make_handler(service)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/qbwc"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )


def _make_handler(service: FakeQbwcService) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = -1  # headers and body in one packet (no Nagle / delayed-ACK stalls)

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            element = etree.fromstring(body)[0][0]
            method = etree.QName(element).localname
            params = {etree.QName(c).localname: c.text or "" for c in element}
            service.posted.append(Posted(method, params, body, dict(self.headers.items())))
            answer = service.answer(method, params)
            if isinstance(answer, Fault):
                self._send(answer.status, fault_envelope(answer.faultstring), "text/xml")
            elif isinstance(answer, RawAnswer):
                self._send(answer.status, answer.body, answer.content_type)
            else:
                self._send(200, response_envelope(method, answer), "text/xml; charset=utf-8")
            if service.drop_connections:
                self.close_connection = True

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return _Handler


@pytest.fixture
def service() -> FakeQbwcService:
    return FakeQbwcService()


@pytest.fixture
def fake_server(service: FakeQbwcService) -> Iterator[FakeServer]:
    server = FakeServer(service)
    server.thread.start()
    yield server
    service.release.set()
    server.httpd.shutdown()
    server.httpd.server_close()
    server.thread.join(timeout=10)


@pytest.fixture(scope="session")
def quickbooks_factory() -> Callable[..., SimulatedQuickBooks]:
    def make(**kwargs: Any) -> SimulatedQuickBooks:
        kwargs.setdefault("records", 200)
        kwargs.setdefault("qb_year", 2014)
        return SimulatedQuickBooks(**kwargs)

    return make


@pytest.fixture
def quickbooks(quickbooks_factory: Callable[..., SimulatedQuickBooks]) -> SimulatedQuickBooks:
    return quickbooks_factory()


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 (skips when openssl is absent)."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = str(folder / "cert.pem"), str(folder / "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"]
        + ["-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    return cert, key
