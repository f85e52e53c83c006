"""Email for connection.stale and connection.error to owners and admins (not members), sent
once per event through NXUS_SMTP_URL; nothing without it. A tiny SMTP server on 127.0.0.1
records what arrives."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from flask import Flask

from nxus.db import new_session, utcnow
from nxus.models import Connection
from nxus.models.events import ConnectionPresence
from nxus.services import accounts, api_keys, connections, diagnostics, webhook_delivery


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []
        super().__init__(("127.0.0.1", 0), _SmtpHandler)


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: EHLO, MAIL, RCPT, DATA, QUIT."""

    def handle(self) -> None:
        server: SmtpSink = self.server  # type: ignore[assignment]
        rcpt: list[str] = []
        self.wfile.write(b"220 sink\r\n")
        while line := self.rfile.readline():
            verb = line.split(b" ", 1)[0].strip().upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go\r\n")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                server.messages.append((rcpt, message_from_bytes(data)))
                rcpt = []
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"RCPT":
                rcpt.append(line.split(b"<", 1)[1].split(b">", 1)[0].decode())
                self.wfile.write(b"250 ok\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    thread = threading.Thread(target=sink.serve_forever, daemon=True)
    thread.start()
    yield sink
    sink.shutdown()
    sink.server_close()


@pytest.fixture
def app_config(app_config: dict[str, Any], smtp: SmtpSink) -> dict[str, Any]:
    return {
        **app_config,
        "SMTP_URL": f"smtp://127.0.0.1:{smtp.server_address[1]}",
        "SMTP_FROM": "alerts@nxus.example.com",
        "CONNECTION_STALE_AFTER_SECONDS": 60,
    }


def _org(app: Flask) -> tuple[Any, Connection]:
    with app.app_context(), new_session(app) as db:
        owner = accounts.create_user(db, "owner@acme.example", "a long password", "Acme", True)
        accounts.create_user(db, "admin@acme.example", "a long password", "Acme", True)
        accounts.create_user(db, "member@acme.example", "a long password", "Acme", False)
        org = owner.organization.id
        conn = connections.create(db, connections.Scope(org, "development"), "Shop", None)
        return org, conn


def test_stale_and_error_are_mailed_to_owners_and_admins(app: Flask, smtp: SmtpSink) -> None:
    org, conn = _org(app)
    with app.app_context(), new_session(app) as db:
        diagnostics.record(db, conn.id, diagnostics.wrong_password("u"), source="authenticate")
        row = db.get(Connection, conn.id)
        assert row is not None
        row.last_poll_at = utcnow() - timedelta(hours=1)
        db.add(ConnectionPresence(connection_id=conn.id, first_check_in_at=row.last_poll_at))
        api_keys.create_api_key(db, org, "not mailed", "test")  # commits
    webhook_delivery.run_pass(app, housekeeping=True)  # the scan emits connection.stale
    webhook_delivery.run_pass(app)  # and this pass dispatches (mails) it
    subjects = sorted(str(msg["Subject"]) for _, msg in smtp.messages)
    assert subjects == [
        "nXus: Shop has stopped checking in",
        "nXus: Shop: The Web Connector's password was refused",
    ]
    for to, msg in smtp.messages:
        assert sorted(to) == ["admin@acme.example", "owner@acme.example"]
        assert msg["From"] == "alerts@nxus.example.com"
    body = next(m for _, m in smtp.messages if "password" in str(m["Subject"])).get_payload()
    assert "Generate a new password" in str(body) and "/support#wrong-password" in str(body)
    webhook_delivery.run_pass(app, housekeeping=True)
    assert len(smtp.messages) == 2  # once per event
    with app.app_context(), new_session(app) as db:  # the same refusal again: not re-mailed
        diagnostics.record(db, conn.id, diagnostics.wrong_password("u"), source="authenticate")
        db.commit()
    webhook_delivery.run_pass(app)
    assert len(smtp.messages) == 2


def test_no_smtp_url_no_mail(app_factory: Any, app: Flask, smtp: SmtpSink) -> None:
    quiet = app_factory(SMTP_URL=None)
    _, conn = _org(app)
    with app.app_context(), new_session(app) as db:
        diagnostics.record(db, conn.id, diagnostics.wrong_password("u"), source="authenticate")
        db.commit()
    webhook_delivery.run_pass(quiet)
    assert smtp.messages == []
