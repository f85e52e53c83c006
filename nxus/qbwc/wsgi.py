"""POST /qbwc served beside Flask's request dispatch.

The Web Connector's SOAP calls are the server's busiest requests and need none of what Flask's
dispatch does for the portal and the API (URL matching, cookies, CSRF, sign-in, two-factor,
API keys, request ids). So they are answered by this WSGI wrapper around the Flask app, in an
app context (the database session and the config are the context's, as in a view) and with
what every answer keeps: the body limit (413), the NUL refusal (400), the hooks registered with
nxus.extensions.on_every_request, the security headers, the request metrics, and the retention
purge once the answer is on its way. Everything else, GET /qbwc (the WSDL) included, goes to
Flask unchanged. `nxus.qbwc.views.answer` does the call's work.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote_plus

from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.wsgi import ClosingIterator, get_content_length, get_input_stream

from nxus import metrics
from nxus.extensions import request_hooks
from nxus.qbwc.envelope import CONTENT_TYPE, build_fault
from nxus.qbwc.views import answer, http_error_fault
from nxus.security import body_too_large, has_nul, refuse_rest_of_body, security_headers
from nxus.services import retention

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from flask import Flask

log = logging.getLogger("nxus.qbwc")

PATH = "/qbwc"  # also the metrics label: Flask's URL rule names the route the same


class QbwcEndpoint:
    """The WSGI app of a Flask app: POST /qbwc here, everything else to `wrapped`."""

    def __init__(self, app: Flask, wrapped: WSGIApplication) -> None:
        self.app = app
        self.wrapped = wrapped

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("PATH_INFO") != PATH:
            return self.wrapped(environ, start_response)
        started = time.perf_counter()
        app = self.app
        with app.app_context():
            try:
                for hook in request_hooks(app):
                    hook()
                _refuse_nul(environ)
                body = read_body(environ, app.config.get("MAX_CONTENT_LENGTH"))
                payload, status = answer(body)
            except HTTPException as exc:
                payload, status = http_error_fault(exc), exc.code or 500
            except Exception:
                log.exception("qbwc: could not answer a call")
                payload = build_fault(
                    "Server", "nXus could not process this call; see the server log."
                )
                status = 500
            headers = [
                ("Content-Type", CONTENT_TYPE),
                ("Content-Length", str(len(payload))),
                *security_headers(app.config),
            ]
        metrics.observe_request("POST", PATH, status, started)
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        # The retention purge (throttled) runs once the answer has been handed to the server.
        return ClosingIterator([payload], lambda: retention.maybe_purge(app))


def read_body(environ: WSGIEnvironment, limit: int | None) -> bytes:
    """The request body, or 413 past `limit`, also when it comes chunked (no Content-Length)."""
    if limit is None:
        return get_input_stream(environ).read()
    length = get_content_length(environ)
    if length is not None and length > limit:
        raise body_too_large(limit)
    stream = get_input_stream(environ, max_content_length=limit)
    if length is not None:
        return stream.read()
    body = stream.read(limit)
    refuse_rest_of_body(stream, limit)
    return body


def _refuse_nul(environ: WSGIEnvironment) -> None:
    """As nxus.security does for Flask's requests: a NUL in the query or a header is a 400."""
    parts: list[Any] = [unquote_plus(environ.get("QUERY_STRING", ""))]
    parts += [value for key, value in environ.items() if key.startswith("HTTP_")]
    if has_nul(str(part) for part in parts):
        raise BadRequest("The request contains a NUL character, which is never valid here.")


def install(app: Flask) -> None:
    app.wsgi_app = QbwcEndpoint(app, app.wsgi_app)  # type: ignore[method-assign]
