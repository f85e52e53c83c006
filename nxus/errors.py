"""App-wide error pages. Parts of the app with their own wire format (the JSON API, the SOAP
endpoint) register a renderer for their path prefix, so even routing errors (404, 405, 413)
answer in that format and never as an HTML page or a stack trace."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, Response, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from nxus.logs import redact_url
from nxus.web.plain_http import session_cookie_blocked

log = logging.getLogger("nxus.errors")

PLAIN_HTTP_MESSAGE = (
    "Your browser did not keep nXus's session cookie: this address is plain HTTP and nXus "
    "sends cookies over HTTPS only. Put HTTPS in front of nXus, or on a trusted local network "
    "start it with NXUS_SECURE_COOKIES=false."
)

ErrorRenderer = Callable[[HTTPException], Response]


def register_renderer(app: Flask, prefix: str, renderer: ErrorRenderer) -> None:
    """Send errors of requests under `prefix` to `renderer` (longest prefix wins)."""
    app.extensions.setdefault("nxus.error_renderers", {})[prefix] = renderer


def _renderer_for(path: str) -> ErrorRenderer | None:
    renderers: dict[str, ErrorRenderer] = current_app.extensions.get("nxus.error_renderers", {})
    for prefix in sorted(renderers, key=len, reverse=True):
        if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
            return renderers[prefix]
    return None


def _handle_http(exc: HTTPException) -> Response | tuple[str, int]:
    renderer = _renderer_for(request.path)
    if renderer is not None:
        return renderer(exc)
    title = exc.name
    if isinstance(exc, CSRFError) and session_cookie_blocked():
        title, message = "Sign-in needs HTTPS here", PLAIN_HTTP_MESSAGE
    elif isinstance(exc, CSRFError):
        message = "This form expired or did not come from this site. Reload the page and try again."
    else:
        message = exc.description or exc.name
    return render_template("error.html", code=exc.code, title=title, message=message), (
        exc.code or 500
    )


def _handle_unexpected(exc: Exception) -> Response | tuple[str, int]:
    log.exception("unhandled error on %s %s", request.method, redact_url(request.path))
    return _handle_http(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(Exception, _handle_unexpected)
