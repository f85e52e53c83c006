"""Hosted setup links: POST /auth-sessions and GET /auth-sessions/{id}."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, request, url_for

from nxus.api.errors import ApiError, validation_error
from nxus.api.helpers import (
    CONNECTION_HEADER,
    Field,
    current_scope,
    json_body,
    ok,
    resolve_connection,
)
from nxus.db import get_session
from nxus.formats import iso
from nxus.models import AuthSession
from nxus.plain_http import public_base_url
from nxus.services import auth_sessions
from nxus.services.errors import NotFound, ValidationFailed

CREATE_FIELDS = {
    "connectionId": Field((str,), max_length=300),
    "redirectUrl": Field((str,), max_length=auth_sessions.REDIRECT_URL_MAX),
    "linkExpiryMins": Field((int,), minimum=1),
}


def auth_flow_url(auth_session: AuthSession) -> str:
    """`<base>/auth-flow/<id>#<token>`: the token rides in the fragment, which no browser
    sends to a server, so it never reaches an access log or a Referer header."""
    token = auth_sessions.link_token(current_app.config["SECRET_KEY"], auth_session.public_id)
    path = url_for("auth_flow.start", public_id=auth_session.public_id)
    return f"{public_base_url()}{path}#{token}"


def auth_session_json(auth_session: AuthSession) -> dict[str, Any]:
    secret_key = current_app.config["SECRET_KEY"]
    return {
        "id": auth_session.public_id,
        "objectType": "auth_session",
        "connectionId": auth_session.connection.public_id,
        "clientSecret": auth_sessions.client_secret(secret_key, auth_session.public_id),
        "authFlowUrl": auth_flow_url(auth_session),
        "expiresAt": iso(auth_session.expires_at),
        "redirectUrl": auth_session.redirect_url,
        "status": auth_sessions.status_of(auth_session),
        "createdAt": iso(auth_session.created_at),
    }


def create_auth_session() -> Response:
    """A setup link for one connection; older links of that connection stop working."""
    body = json_body(CREATE_FIELDS)
    # The SDK sends `connection_id=` as the X-Connection-Id header, not in the body.
    ref = body.get("connectionId") or request.headers.get(CONNECTION_HEADER, "").strip()
    if not ref:
        raise validation_error(
            f"connectionId is required (in the body, or as the {CONNECTION_HEADER} header)."
        )
    cfg = current_app.config
    try:
        redirect_url = auth_sessions.check_redirect_url(body.get("redirectUrl"))
        minutes = auth_sessions.check_expiry_minutes(
            body.get("linkExpiryMins"),
            cfg["AUTH_SESSION_DEFAULT_MINUTES"],
            cfg["AUTH_SESSION_MAX_MINUTES"],
        )
    except ValidationFailed as exc:
        raise validation_error(exc.message) from None
    connection = resolve_connection(ref)
    if connection.archived_at is not None:
        raise ApiError(
            "CONNECTION_ARCHIVED",
            f"Connection {connection.public_id} is archived; restore it before setting it up.",
        )
    auth_session = auth_sessions.create(get_session(), connection, redirect_url, minutes)
    return ok(auth_session_json(auth_session), 201)


def retrieve_auth_session(public_id: str) -> Response:
    """One auth session of the caller's organization and mode."""
    try:
        auth_session = auth_sessions.get(get_session(), current_scope(), public_id)
    except NotFound as exc:
        raise ApiError("NOT_FOUND", str(exc)) from None
    return ok(auth_session_json(auth_session))
