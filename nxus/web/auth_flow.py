"""The page a hosted setup link (authFlowUrl) opens: the setup wizard for one connection,
without a portal login. The link is the credential: it must be genuine, current (a newer link
for the connection revokes it) and unexpired, and it shows nothing but its own connection.

The page's script reaches the link's connection through the small JSON endpoints below. They
take the link token in the `X-Nxus-Setup-Token` header (never a cookie), so they need no CSRF
token: a page on another site can neither read the token nor make a browser send it."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, current_app, jsonify, make_response, render_template, request
from werkzeug.wrappers import Response

from nxus.api.helpers import public_base_url
from nxus.db import get_session
from nxus.extensions import csrf
from nxus.models import AuthSession
from nxus.services import auth_sessions, connections, portal_status, qwc

bp = Blueprint("auth_flow", __name__, url_prefix="/auth-flow")

TOKEN_HEADER = "X-Nxus-Setup-Token"
_REJECTED = {
    # Unknown and forged links get the same answer: nothing to learn by probing.
    "unknown": (404, "This setup link is not valid", "Check that the whole link was copied."),
    "superseded": (
        410,
        "This setup link was replaced",
        "A newer setup link was created for this connection. Use the newest link you received.",
    ),
    "expired": (410, "This setup link has expired", "Ask for a new setup link."),
    "archived": (
        410,
        "This connection is archived",
        "The connection this link sets up was archived. Ask for a new setup link.",
    ),
}


def _private(response: Response) -> Response:
    # The link is a secret: keep it out of caches and out of Referer headers.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _open(public_id: str, token: str) -> AuthSession:
    return auth_sessions.open_link(
        get_session(), current_app.config["SECRET_KEY"], public_id, token
    )


@bp.get("/<public_id>/<token>")
def start(public_id: str, token: str) -> Response:
    """The setup wizard (steps 2 to 5) for the link's connection."""
    try:
        auth_session = _open(public_id, token)
    except auth_sessions.LinkRejected as exc:
        status, title, message = _REJECTED[exc.reason]
        html = render_template("auth_flow/rejected.html", title=title, message=message)
        return _private(make_response(html, status))
    connection = auth_session.connection
    base = f"{bp.url_prefix}/{auth_session.public_id}"
    html = render_template(
        "auth_flow/start.html",
        auth_session=auth_session,
        connection=connection,
        app_name=qwc.app_name(connection),
        wizard={
            "mode": "link",
            "storage": f"nxus.link.{auth_session.public_id}",
            "connection-id": connection.public_id,
            "connection-name": connection.description or connection.public_id,
            "qbwc-username": connection.qbwc_username,
            "qwc-url": f"{base}/qwc",
            "password-url": f"{base}/password",
            "status-url": f"{base}/status",
            "first-exchange-url": f"{base}/first-exchange",
        },
    )
    return _private(make_response(html, 200))


# --- the link's JSON endpoints ------------------------------------------------------------

_WORDS = {
    "unknown": "This setup link is not valid. Check that the whole link was copied.",
    "superseded": "This setup link was replaced by a newer one. Use the newest link.",
    "expired": "This setup link has expired. Ask for a new setup link.",
    "archived": "This connection was archived. Ask for a new setup link.",
}


def _link_call(public_id: str, action: Callable[[AuthSession], Response]) -> Response:
    """Check the link named by the path and the header token, then run `action`."""
    try:
        auth_session = _open(public_id, request.headers.get(TOKEN_HEADER, ""))
    except auth_sessions.LinkRejected as exc:
        status = _REJECTED[exc.reason][0]
        body = {
            "error": {
                "code": f"LINK_{exc.reason.upper()}",
                "userFacingMessage": _WORDS[exc.reason],
                "httpStatusCode": status,
            }
        }
        return _private(make_response(jsonify(body), status))
    return _private(action(auth_session))


@bp.get("/<public_id>/qwc")
@csrf.exempt
def link_qwc(public_id: str) -> Response:
    """The .qwc file of the link's connection."""

    def action(auth_session: AuthSession) -> Response:
        connection = auth_session.connection
        document = qwc.build_qwc(
            connection,
            base_url=public_base_url(),
            owner=qwc.owner_id(get_session()),
            run_every_seconds=current_app.config["QWC_RUN_EVERY_N_SECONDS"],
        )
        response = make_response(document)
        response.mimetype = "application/xml"
        response.headers["Content-Disposition"] = (
            f'attachment; filename="{qwc.filename(connection)}"'
        )
        return response

    return _link_call(public_id, action)


@bp.post("/<public_id>/password")
@csrf.exempt
def link_password(public_id: str) -> Response:
    """A new Web Connector password, returned once; the previous one stops working."""

    def action(auth_session: AuthSession) -> Response:
        password = connections.generate_password(get_session(), auth_session.connection)
        return jsonify({"password": password})

    return _link_call(public_id, action)


@bp.get("/<public_id>/status")
@csrf.exempt
def link_status(public_id: str) -> Response:
    """Whether the Web Connector has exchanged yet, the company, and the current problem."""

    def action(auth_session: AuthSession) -> Response:
        status = portal_status.status_of(
            get_session(),
            auth_session.connection,
            portal_status.poll_interval(current_app.config),
        )
        body = status.as_json()
        body["warnings"] = qwc.url_warnings(public_base_url())
        body["redirectUrl"] = auth_session.redirect_url
        return jsonify(body)

    return _link_call(public_id, action)


@bp.post("/<public_id>/first-exchange")
@csrf.exempt
def link_first_exchange(public_id: str) -> Response:
    """Queue one small request so the Web Connector's next visit opens a session."""

    def action(auth_session: AuthSession) -> Response:
        queued = portal_status.queue_first_exchange(get_session(), auth_session.connection)
        return jsonify({"queued": queued})

    return _link_call(public_id, action)
