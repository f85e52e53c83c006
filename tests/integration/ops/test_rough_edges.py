"""Rough edges an outside test found: an over-long JSON integer, keys in URLs and logs, the
SQLite file's mode, chunked bodies over the limit."""

from __future__ import annotations

import http.client
import logging
import stat
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import make_url

from nxus import create_app
from nxus.db import engine_for
from nxus.logs import redact_url
from tests.conftest import LiveServer
from tests.integration.ops.conftest import make_tenant


def test_an_integer_past_4300_digits_is_a_400_naming_the_field(
    migrated_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    tenant = make_tenant(migrated_app)
    client = migrated_app.test_client()
    auth = {
        "Authorization": f"Bearer {tenant.key}",
        "Content-Type": "application/json",
        "X-Connection-Id": tenant.connection_id,
    }
    huge = "9" * 5000
    cases = [
        ("POST", "/api/v1/connections", '{"description": ' + huge + "}", "description"),
        (
            "PATCH",
            f"/api/v1/connections/{tenant.connection_id}",
            '{"metadata": {"lines": [1, -' + huge + "]}}",
            "metadata.lines[1]",
        ),
        ("POST", "/api/v1/auth-sessions", '{"maxAgeMinutes": ' + huge + "}", "maxAgeMinutes"),
        ("POST", "/api/v1/customer", '{"name": "A", "balance": ' + huge + "}", "balance"),
    ]
    with caplog.at_level(logging.ERROR):
        for method, path, body, field in cases:
            response = client.open(path, method=method, data=body, headers=auth)
            assert response.status_code == 400, (path, response.get_data(as_text=True)[:300])
            error = response.get_json()["error"]
            assert error["code"] == "VALIDATION_ERROR"
            assert error["message"].startswith(f"{field} is a number 5000 digits long"), error
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    # 4,300 digits is still a number (and then refused by the field's own rule).
    ok = client.post(
        "/api/v1/connections", data='{"description": ' + "9" * 4300 + "}", headers=auth
    )
    assert ok.status_code == 400
    assert "description must be a string" in ok.get_json()["error"]["message"]


@pytest.mark.parametrize(
    ("logged", "expected"),
    [
        (
            "GET /api/v1/connections?api_key=sk_live_AbC123-x_y&limit=5 HTTP/1.1",
            "GET /api/v1/connections?api_key=[redacted]&limit=5 HTTP/1.1",
        ),
        ("/x?limit=5&access_token=abc", "/x?limit=5&access_token=[redacted]"),
        ("/x?password=hunter2;secret=s", "/x?password=[redacted];secret=[redacted]"),
        ("/qbwc?ticket=T-1&wsdl", "/qbwc?ticket=[redacted]&wsdl"),
        ("/api/v1/connections/sk_test_abcDEF123", "/api/v1/connections/sk_test_[redacted]"),
        ("/x?q=sk%5Flive%5Fabc", "/x?q=sk_live_[redacted]"),
        ("Bearer sk_live_abc", "Bearer sk_live_[redacted]"),
        ("/api/v1/connections?cursor=abc&limit=2", "/api/v1/connections?cursor=abc&limit=2"),
    ],
)
def test_secrets_are_redacted_from_logged_urls(logged: str, expected: str) -> None:
    assert redact_url(logged) == expected


def test_a_key_in_the_url_is_refused_saying_where_keys_go(
    migrated_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    tenant = make_tenant(migrated_app)
    client = migrated_app.test_client()
    with caplog.at_level(logging.INFO, logger="nxus"):
        for query in ({"api_key": tenant.key}, {"api_key": "not-even-a-key"}, {"token": "x"}):
            response = client.get("/api/v1/connections", query_string=query)
            assert response.status_code == 401
            message = response.get_json()["error"]["message"]
            assert "Authorization: Bearer" in message and "not accepted in the URL" in message
        response = client.get(f"/api/v1/connections/{tenant.key}")
        assert response.status_code == 401
    secret = tenant.key.split("_", 2)[2]
    assert secret not in caplog.text
    assert secret not in "".join(h.format(r) for r in caplog.records for h in _nxus_handlers())


def _nxus_handlers() -> list[logging.Handler]:
    return [h for h in logging.getLogger("nxus").handlers if getattr(h, "nxus_handler", False)]


def test_the_sqlite_database_and_its_wal_are_created_0600(tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "nxus.db"
    db.parent.mkdir()
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{db}",
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "test",
        }
    )
    try:
        with engine_for(app).begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
            conn.execute(text("INSERT INTO t VALUES (1)"))
            files = sorted(p.name for p in db.parent.iterdir())
            assert files == ["nxus.db", "nxus.db-shm", "nxus.db-wal"]
            for path in db.parent.iterdir():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    finally:
        engine_for(app).dispose()


def _chunked_post(port: int, path: str, body: bytes, content_type: str) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.putrequest("POST", path)
        conn.putheader("Content-Type", content_type)
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        for start in range(0, len(body), 4096):
            piece = body[start : start + 4096]
            conn.send(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        conn.send(b"0\r\n\r\n")
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def test_a_chunked_body_over_the_limit_is_413_in_the_format_of_the_path(
    app_factory: Any,
) -> None:
    app = app_factory(MAX_CONTENT_LENGTH=10_000)
    from nxus.migrate import upgrade

    upgrade(app)
    tenant = make_tenant(app)
    big = b'{"description": "' + b"a" * 20_000 + b'"}'
    with LiveServer(app) as server:
        status, body = _chunked_post(server.port, "/api/v1/connections", big, "application/json")
        assert status == 413, body
        assert '"code":"REQUEST_TOO_LARGE"' in body and "10000 bytes" in body
        status, body = _chunked_post(server.port, "/qbwc", b"<x>" * 5000, "text/xml")
        assert status == 413 and "<soap:Fault>" in body and "MAX_CONTENT_LENGTH" in body
        status, body = _chunked_post(server.port, "/login", b"a=" + b"b" * 20_000, "text/plain")
        assert status == 413, body
        # Under the limit a chunked body still arrives whole.
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        conn.putrequest("POST", "/api/v1/connections")
        conn.putheader("Authorization", f"Bearer {tenant.key}")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Transfer-Encoding", "chunked")
        conn.endheaders()
        small = b'{"description": "' + b"c" * 400 + b'"}'
        conn.send(f"{len(small):x}\r\n".encode() + small + b"\r\n0\r\n\r\n")
        response = conn.getresponse()
        assert response.status == 201, response.read()
        conn.close()
    assert make_url(app.config["DATABASE_URL"])  # the app stayed usable
