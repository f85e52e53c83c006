"""HTTPS, and the CLI's run loop (once / forever with a stop) without a database."""

from __future__ import annotations

import ssl

from nxus.services.simulate import _run
from nxus.simulator.quickbooks import SimulatedQuickBooks
from nxus.simulator.report import SessionState
from nxus.simulator.web_connector import SimulatedWebConnector

from .conftest import FakeQbwcService, FakeServer


def test_https_endpoint_with_a_trusted_certificate(
    fake_server: FakeServer,
    service: FakeQbwcService,
    quickbooks: SimulatedQuickBooks,
    tls_files: tuple[str, str],
) -> None:
    cert, key = tls_files
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    httpd = fake_server.httpd
    httpd.socket = server_context.wrap_socket(httpd.socket, server_side=True)
    url = fake_server.url.replace("http://", "https://")

    untrusted = SimulatedWebConnector(url, "u", service.password, quickbooks).run_once()
    assert untrusted.state is SessionState.TRANSPORT_ERROR
    assert "CERTIFICATE_VERIFY_FAILED" in untrusted.errors[0]

    client_context = ssl.create_default_context(cafile=cert)
    connector = SimulatedWebConnector(
        url, "u", service.password, quickbooks, ssl_context=client_context
    )
    assert connector.run_once().state is SessionState.COMPLETED


def test_cli_loop_once_and_forever(
    fake_server: FakeServer, service: FakeQbwcService, quickbooks: SimulatedQuickBooks
) -> None:
    service.auth_tail = ["none"]
    connector = SimulatedWebConnector(fake_server.url, "u", service.password, quickbooks)
    once = _run(connector, True, 3600)
    assert once is not None and once.state is SessionState.NO_WORK

    def stop_after_two(_record: object) -> None:
        if service.methods.count("authenticate") >= 3:  # the forever loop ran twice
            connector.stop()

    connector.on_call = stop_after_two
    last = _run(connector, False, 0.01)
    assert last is not None and last.state is SessionState.NO_WORK
    assert service.methods.count("authenticate") == 3
