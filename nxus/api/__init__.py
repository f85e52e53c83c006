"""The JSON API under /api/v1 (compatible with the public nXus API and its SDK).

Layout: `routes.py` (the one table of every route), `blueprint.py` (api_bp + Bearer auth),
`errors.py` (ApiError; every ServiceError mapped in one place; the codes: nxus.error_codes),
`context.py` (current_api_key), `helpers.py` (scope, resolve_connection, strict JSON bodies,
ok()), `pagination.py` (cursor lists), then one module of views per group of routes.
"""

from __future__ import annotations

import logging
import re

from flask import Flask, Response, g, request

from nxus.api import routes
from nxus.api.blueprint import api_bp
from nxus.api.context import clean_correlation_id
from nxus.api.errors import ApiError, error_response, render_http_error
from nxus.errors import register_renderer
from nxus.extensions import csrf
from nxus.logs import request_id

log = logging.getLogger("nxus.api")

API_PREFIX = "/api"
_KEY_IN_PATH = re.compile(r"sk_(live|test)_[^/]*", re.IGNORECASE)


def _is_api_request() -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def _start() -> None:
    if _is_api_request():
        request_id()
        g.nxus_correlation_id = clean_correlation_id(request.headers.get("X-Correlation-ID"))


def _finish(response: Response) -> Response:
    if not _is_api_request():
        return response
    response.headers["X-Request-Id"] = request_id()
    correlation = g.get("nxus_correlation_id")
    if correlation:
        response.headers["X-Correlation-ID"] = correlation
    response.headers.setdefault("Cache-Control", "no-store")
    log.info(
        "api %s %s -> %s request_id=%s correlation_id=%s",
        request.method,
        _KEY_IN_PATH.sub(r"sk_\1_[redacted]", request.path),  # a key sent by mistake (401)
        response.status_code,
        request_id(),
        correlation or "-",
    )
    return response


def init_app(app: Flask) -> None:
    routes.register(api_bp)
    # The API authenticates by Bearer key only, so the portal's CSRF protection does not apply.
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)
    from nxus.api.openapi import public_bp  # the OpenAPI document: no API key

    app.register_blueprint(public_bp)
    app.before_request(_start)
    app.after_request(_finish)
    app.register_error_handler(ApiError, error_response)
    register_renderer(app, API_PREFIX, render_http_error)
