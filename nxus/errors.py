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
from nxus.plain_http import session_cookie_blocked

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
    code = exc.code or 500
    title = exc.name
    if isinstance(exc, CSRFError) and session_cookie_blocked():
        title, message = "Sign-in needs HTTPS here", PLAIN_HTTP_MESSAGE
    elif isinstance(exc, CSRFError):
        message = "This form expired or did not come from this site. Reload the page and try again."
    elif exc.description and exc.description != type(exc).description:
        message = exc.description  # said by nXus (abort(400, description=...))
    else:
        message = _OWN_WORDS.get(code, exc.description or exc.name)
    template = "errors/404.html" if code == 404 else "errors/500.html" if code >= 500 else None
    html = render_template(template or "error.html", code=code, title=title, message=message)
    return html, code


# The product's words for errors whose Werkzeug default text would otherwise show.
_OWN_WORDS = {
    400: "nXus could not use what the browser sent. Go back, check the form and try again.",
    403: "Your account may not open this page.",
    404: "There is no page at this address, or it belongs to another organization.",
    405: "This page cannot be used that way. Go back and use the page's own buttons.",
    413: "That is more data than nXus accepts in one go.",
    429: "Too many requests in a short time. Wait a minute, then try again.",
    500: "nXus hit an unexpected problem. It is logged on the server; try again in a moment.",
}


def _handle_unexpected(exc: Exception) -> Response | tuple[str, int]:
    log.exception("unhandled error on %s %s", request.method, redact_url(request.path))
    return _handle_http(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(Exception, _handle_unexpected)
