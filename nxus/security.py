"""Secrets: argon2 password hashing, API key material, and security headers."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from typing import IO, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import Flask, Response, abort, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

# Verified against when an account does not exist, so a miss costs the same time as a hit.
_DUMMY_PASSWORD = "nxus-dummy-password-for-timing"


def init_app(app: Flask) -> None:
    hasher = PasswordHasher(
        time_cost=app.config["ARGON2_TIME_COST"],
        memory_cost=app.config["ARGON2_MEMORY_COST"],
        parallelism=app.config["ARGON2_PARALLELISM"],
    )
    app.extensions["nxus.hasher"] = hasher
    app.extensions["nxus.dummy_hash"] = hasher.hash(_DUMMY_PASSWORD)
    app.before_request(_reject_nul_characters)
    app.after_request(_security_headers)


def _hasher() -> PasswordHasher:
    return current_app.extensions["nxus.hasher"]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant-work check; a missing hash still spends one verification."""
    try:
        ok = _hasher().verify(password_hash or current_app.extensions["nxus.dummy_hash"], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return ok and password_hash is not None


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def constant_time_equals(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def random_token(nbytes: int = 32) -> str:
    """URL-safe random secret with `nbytes` of entropy (32 bytes = 256 bits)."""
    return secrets.token_urlsafe(nbytes)


def _reject_nul_characters() -> None:
    """A NUL is never valid in a URL, a query, a header or a portal form, and databases refuse
    it in text (PostgreSQL raises): answer 400 before any view sees it, in the error format of
    the path (JSON under /api, a SOAP fault under /qbwc, a page elsewhere)."""
    parts = [request.path, *request.args.keys(), *request.args.values()]
    parts += request.headers.values()
    # Portal forms only: the API and /qbwc read their bodies raw (JSON, SOAP), and parsing a
    # form here would consume the body they must see (and refuse).
    portal = not request.path.startswith(("/api/", "/qbwc"))
    if portal and request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        parts += [*request.form.keys(), *request.form.values()]
    if has_nul(parts):
        abort(400, description="The request contains a NUL character, which is never valid here.")


_SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    (
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    ),
)
_HSTS = ("Strict-Transport-Security", "max-age=31536000")


def security_headers(config: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The headers every answer carries (Flask's, and POST /qbwc's: nxus.qbwc.wsgi)."""
    return (*_SECURITY_HEADERS, _HSTS) if config.get("SECURE_COOKIES") else _SECURITY_HEADERS


def has_nul(parts: Iterable[str]) -> bool:
    return any("\x00" in part for part in parts)


def body_too_large(limit: int) -> RequestEntityTooLarge:
    return RequestEntityTooLarge(
        f"The request body is larger than this server accepts ({limit} bytes)."
    )


def refuse_rest_of_body(stream: IO[bytes], limit: int) -> None:
    """413 when `stream`, a body without a Content-Length (chunked) already read up to `limit`
    bytes, still has more: werkzeug hands such a body over cut at the limit with no error, and
    the cut rest would pass for the whole body. Flask's requests (nxus.ops) and POST /qbwc
    (nxus.qbwc.wsgi) both end their read with this."""
    try:
        more = stream.read(1)
    except RequestEntityTooLarge:  # werkzeug's own limit stream, read past its maximum
        more = b"x"
    if more:
        raise body_too_large(limit)


def _security_headers(response: Response) -> Response:
    for name, value in security_headers(current_app.config):
        response.headers.setdefault(name, value)
    return response
