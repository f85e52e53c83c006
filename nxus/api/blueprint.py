"""The /api/v1 blueprint and its Bearer-key check: every route of the table (nxus.api.routes)
is authenticated before the view runs (`current_api_key()` is then set)."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, g, request

from nxus.api.errors import ApiError, service_error_response
from nxus.db import get_session, request_reader
from nxus.formats import API_PREFIX
from nxus.services import api_keys
from nxus.services.errors import ServiceError

api_bp = Blueprint("api", __name__, url_prefix=API_PREFIX)
# Every use case's failure reaches the caller through one mapping (nxus.api.errors.from_service).
api_bp.register_error_handler(ServiceError, service_error_response)

_KEYISH = re.compile(r"sk_(live|test)_", re.IGNORECASE)
# Query parameters other APIs take a key in: refused with the same explanation.
_KEY_PARAMS = frozenset({"api_key", "apikey", "api-key", "key", "token", "access_token"})


def _bearer_token() -> str:
    header = request.headers.get("Authorization", "").strip()
    if not header:
        raise ApiError(
            "API_KEY_REQUIRED",
            "No API key: send it in the header Authorization: Bearer sk_live_… (or sk_test_…).",
        )
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(
            "API_KEY_INVALID", "The Authorization header must be 'Bearer <your API key>'."
        )
    return token.strip()


@api_bp.before_request
def authenticate() -> None:
    """Bearer key only: never the portal's session cookie, never a key in the URL."""
    if (
        _KEYISH.search(request.path)
        or any(_KEYISH.search(value) for value in request.args.values())
        or any(name.lower() in _KEY_PARAMS for name in request.args)
    ):
        raise ApiError(
            "API_KEY_REQUIRED",
            "API keys are not accepted in the URL (URLs end up in logs): they go in the "
            "header Authorization: Bearer <key>. Revoke this key, create a new one and send "
            "it in the header.",
        )
    # Where an id belongs, a key would be echoed in the 404 ("No connection '…' exists").
    if _KEYISH.search(request.headers.get("X-Connection-Id", "")):
        raise ApiError(
            "API_KEY_REQUIRED",
            "X-Connection-Id takes a connection id, not an API key: send the key in the "
            "Authorization header only.",
        )
    token = _bearer_token()
    # Read in the request's reader (on SQLite without the write lock; every API call starts
    # here, and the connection lookup shares its transaction), then attach the key to the
    # request's session without another query.
    reader, session = request_reader(), get_session()
    try:
        found = api_keys.authenticate(reader, token)
    except api_keys.KeyRejected as exc:
        raise ApiError(exc.code, exc.message) from None
    g.nxus_api_key = found if reader is session else session.merge(found, load=False)
    api_keys.touch(
        get_session(), g.nxus_api_key, current_app.config["API_KEY_LAST_USED_INTERVAL_SECONDS"]
    )
