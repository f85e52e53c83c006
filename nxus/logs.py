"""Log output: one handler on the `nxus` logger (stderr), text by default or one JSON object a
line with NXUS_LOG_FORMAT=json, each line carrying the request id of the request it belongs
to; and the redaction of secrets from anything that looks like a URL before it is written.

`redact_url` is also what config/gunicorn.conf.py's access log uses
(nxus.gunicorn_logging), so an API key sent in a query string never reaches a log file."""

from __future__ import annotations

import json
import logging
import re
import sys
import uuid
from datetime import UTC, datetime
from typing import Any, TextIO

from flask import Flask, g, has_request_context

from nxus.formats import iso

LOG_FORMATS = ("text", "json")
# Query parameters whose name contains one of these words have their value replaced.
_SECRET_PARAM = re.compile(
    r"(?i)((?:^|[?&;])[^=&;?#\s]*"
    r"(?:key|token|password|passwd|pwd|secret|ticket|signature|credential|auth|session)"
    r"[^=&;?#\s]*=)[^&;#\s\"]*"
)
# An nXus API key anywhere (path, header, message), also percent-encoded (sk%5Flive%5F…).
_API_KEY = re.compile(r"(?i)\bsk(?:_|%5f)(live|test)(?:_|%5f)[A-Za-z0-9_%\-]+")
REDACTED = "[redacted]"


def redact_url(text: str) -> str:
    """`text` with the values of secret-looking query parameters and any sk_live_/sk_test_
    key replaced by [redacted]."""
    if not text:
        return text
    text = _API_KEY.sub(lambda m: f"sk_{m.group(1).lower()}_{REDACTED}", text)
    return _SECRET_PARAM.sub(lambda m: m.group(1) + REDACTED, text)


def request_id() -> str:
    """`req_<32 hex>`, made once per request (the one the API returns in X-Request-Id)."""
    if "nxus_request_id" not in g:
        g.nxus_request_id = f"req_{uuid.uuid4().hex}"
    return g.nxus_request_id


def current_request_id() -> str | None:
    """The id of the request being handled (`req_…`, made on first use, the one the API
    returns in X-Request-Id), or None outside a request."""
    if not has_request_context():
        return None
    return request_id()


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request_id when
    there is one, exception when there is one. Secrets in URLs are redacted."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": iso(datetime.fromtimestamp(record.created, UTC)),
            "level": record.levelname,
            "logger": record.name,
            "message": redact_url(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id:
            out["request_id"] = request_id
        if record.exc_info:
            out["exception"] = redact_url(self.formatException(record.exc_info))
        return json.dumps(out, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = redact_url(super().format(record))
        request_id = getattr(record, "request_id", None) or current_request_id()
        if request_id and "request_id=" not in line:
            return f"{line} request_id={request_id}"
        return line


def formatter_for(name: str) -> logging.Formatter:
    if name == "json":
        return JsonFormatter()
    return TextFormatter()


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time (a test's capture, gunicorn's)."""

    def __init__(self) -> None:
        super().__init__()

    @property  # type: ignore[override]
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def init_app(app: Flask) -> None:
    name = str(app.config.get("LOG_FORMAT") or "text").strip().lower()
    if name not in LOG_FORMATS:
        raise ValueError(f"NXUS_LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {name!r}")
    logger = logging.getLogger("nxus")
    for handler in list(logger.handlers):
        if getattr(handler, "nxus_handler", False):
            logger.removeHandler(handler)
    handler = _StderrHandler()
    handler.nxus_handler = True  # type: ignore[attr-defined]
    handler.setFormatter(formatter_for(name))
    logger.addHandler(handler)
