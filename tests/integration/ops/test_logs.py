"""NXUS_LOG_FORMAT: text by default, one JSON object a line with json; every line written
during a request carries that request's id (the API's X-Request-Id)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from flask import Flask

from nxus import create_app


def _lines(captured: str) -> list[str]:
    return [line for line in captured.splitlines() if line.strip()]


def test_json_lines_carry_the_request_id(
    app_factory: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    app = app_factory(LOG_FORMAT="json")
    capsys.readouterr()
    response = app.test_client().get("/api/v1/connections?api_key=sk_live_leakedleaked")
    assert response.status_code == 401
    records = [json.loads(line) for line in _lines(capsys.readouterr().err)]
    api = [r for r in records if r["logger"] == "nxus.api"]
    assert len(api) == 1
    record = api[0]
    assert set(record) == {"time", "level", "logger", "message", "request_id"}
    assert record["level"] == "INFO" and record["time"].endswith("Z")
    assert record["request_id"] == response.headers["X-Request-Id"]
    assert "leakedleaked" not in json.dumps(records)


def test_portal_and_qbwc_lines_get_a_request_id_too(
    app_factory: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    app = app_factory(LOG_FORMAT="json")
    capsys.readouterr()
    with app.test_request_context("/login"):
        logging.getLogger("nxus.web").warning("a portal line")
        logging.getLogger("nxus.web").warning("a second line, same request")
    logging.getLogger("nxus.web").warning("outside any request")
    records = [json.loads(line) for line in _lines(capsys.readouterr().err)]
    assert records[0]["request_id"].startswith("req_")
    assert records[0]["request_id"] == records[1]["request_id"]
    assert "request_id" not in records[2]


def test_exceptions_are_one_json_line(app_factory: Any, capsys: pytest.CaptureFixture[str]) -> None:
    app_factory(LOG_FORMAT="json")
    capsys.readouterr()
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        logging.getLogger("nxus.test").exception("it failed")
    lines = _lines(capsys.readouterr().err)
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["level"] == "ERROR" and "RuntimeError: boom" in record["exception"]


def test_text_is_the_default(app: Flask, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    response = app.test_client().get("/api/v1/connections")
    err = _lines(capsys.readouterr().err)
    line = next(line for line in err if "nxus.api" in line)
    assert not line.startswith("{")
    assert f"request_id={response.headers['X-Request-Id']}" in line
    assert line.count("request_id=") == 1


def test_an_unknown_log_format_is_refused(app_config: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="NXUS_LOG_FORMAT must be one of text, json"):
        create_app({**app_config, "LOG_FORMAT": "xml"})
