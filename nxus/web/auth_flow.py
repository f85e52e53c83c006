"""The page a hosted setup link (authFlowUrl) opens: the setup wizard for one connection,
without a portal login. The link is the credential: it must be genuine, current (a newer link
for the connection revokes it) and unexpired, and it shows nothing but its own connection."""

from __future__ import annotations

from flask import Blueprint, current_app, make_response, render_template
from werkzeug.wrappers import Response

from nxus.db import get_session
from nxus.services import auth_sessions, qwc

bp = Blueprint("auth_flow", __name__, url_prefix="/auth-flow")

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


@bp.get("/<public_id>/<token>")
def start(public_id: str, token: str) -> Response:
    """The setup wizard for the link's connection (steps arrive with the wizard)."""
    try:
        auth_session = auth_sessions.open_link(
            get_session(), current_app.config["SECRET_KEY"], public_id, token
        )
    except auth_sessions.LinkRejected as exc:
        status, title, message = _REJECTED[exc.reason]
        html = render_template("auth_flow/rejected.html", title=title, message=message)
        return _private(make_response(html, status))
    connection = auth_session.connection
    html = render_template(
        "auth_flow/start.html",
        auth_session=auth_session,
        connection=connection,
        app_name=qwc.app_name(connection),
    )
    return _private(make_response(html, 200))
