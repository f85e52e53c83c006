"""Endpoints for operators and their tools: /healthz (the process answers), /readyz (the
database answers and its schema is at the migrations' head), /metrics (Prometheus).

None of them needs a session or sets a cookie; /metrics asks for NXUS_METRICS_TOKEN as a
Bearer token when one is configured. `init_app` also wires the request metrics, the log
format and the other operational hooks (one line in create_app)."""

from __future__ import annotations

import re

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from sqlalchemy.engine import make_url

from nxus import logs, metrics, plain_http
from nxus.db import engine_for
from nxus.extensions import csrf
from nxus.migrate import script_revisions
from nxus.security import body_too_large, constant_time_equals, refuse_rest_of_body

bp = Blueprint("ops", __name__)

_CREDENTIALS_IN_URL = re.compile(r"(://)[^/@\s]*@")


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/healthz")
def healthz() -> Response:
    """The process is alive and serving; touches nothing else."""
    return _no_store(jsonify(status="ok"))


@bp.get("/readyz")
def readyz() -> Response:
    ready, detail = readiness(current_app)
    if ready:
        return _no_store(jsonify(status="ready", revision=detail))
    response = jsonify(status="unavailable", reason=detail)
    response.status_code = 503
    return _no_store(response)


@bp.get("/metrics")
def metrics_endpoint() -> Response:
    token = current_app.config.get("METRICS_TOKEN") or ""
    if token:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not constant_time_equals(given.strip(), token):
            response = jsonify(
                status="unauthorized",
                reason="Send NXUS_METRICS_TOKEN in the header Authorization: Bearer <token>.",
            )
            response.status_code = 401
            response.headers["WWW-Authenticate"] = 'Bearer realm="nXus metrics"'
            return _no_store(response)
    return _no_store(metrics.render(current_app))


def _safe_error(exc: BaseException, url: str) -> str:
    """One line about a database error, without the password or user of the URL."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    password = make_url(url).password
    if password:
        text = text.replace(str(password), "***")
    text = _CREDENTIALS_IN_URL.sub(r"\1***@", text)
    return f"{type(exc).__name__}: {text}"[:300]


def database_revisions(app: Flask) -> list[str]:
    """The Alembic revisions stamped in the database ([] when it has none). Raises when the
    database cannot be reached. Runs outside any transaction (no SQLite write lock)."""
    raw = engine_for(app).raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("SELECT 1")
        try:
            cursor.execute("SELECT version_num FROM alembic_version")
            return sorted(row[0] for row in cursor.fetchall())
        except Exception as exc:
            if "alembic_version" not in str(exc):
                raise
            return []
    finally:
        raw.close()


def readiness(app: Flask) -> tuple[bool, str]:
    """(True, revision) when the database answers and is at the migrations' head; else
    (False, the reason)."""
    try:
        current = database_revisions(app)
    except Exception as exc:
        return False, f"database unreachable: {_safe_error(exc, app.config['DATABASE_URL'])}"
    heads, known = script_revisions()
    at, head = ", ".join(current) or "none", ", ".join(sorted(heads))
    if not current:
        return False, (
            "migrations not applied: the database has no Alembic revision "
            f"(head {head}); run `flask nxus db-upgrade`"
        )
    unknown = [rev for rev in current if rev not in known]
    if unknown:
        return False, f"database is newer than this code: at {at}, head {head}"
    if set(current) != heads:
        return False, f"migrations behind: at {at}, head {head}"
    return True, at


def enforce_body_limit() -> None:
    """413 for a body over MAX_CONTENT_LENGTH before anything reads it, also when it comes
    chunked (no Content-Length): werkzeug would hand such a body over cut at the limit, with
    no error, and the API, /qbwc or a form would then refuse the truncated rest (400). The
    error renders in the format of the path (JSON under /api, a SOAP fault under /qbwc)."""
    limit = request.max_content_length
    if limit is None:
        return
    if request.content_length is not None:
        if request.content_length > limit:
            raise body_too_large(limit)
        return
    if "chunked" not in request.headers.get("Transfer-Encoding", "").lower():
        return
    request.get_data(cache=True)  # at most `limit` bytes, kept for the view
    refuse_rest_of_body(request.stream, limit)


def init_app(app: Flask) -> None:
    csrf.exempt(bp)
    app.register_blueprint(bp)
    app.before_request_funcs.setdefault(None, []).insert(0, enforce_body_limit)
    metrics.init_app(app)
    logs.init_app(app)
    plain_http.init_app(app)
