"""The page a hosted setup link (authFlowUrl) opens: the setup wizard for one connection,
without a portal login. The link is the credential: it must be genuine, current (a newer link
for the connection revokes it) and unexpired, and it shows nothing but its own connection.

The link is `/auth-flow/<id>#<token>`. Browsers never send a URL's fragment, so the server
only ever sees `/auth-flow/<id>` and answers it with the same page shell for every well-formed
id: the shell names no connection and does not even look the id up, so it tells a prober
nothing. The page's script (static/js/wizard.js) takes the token from the fragment, removes it
from the address bar, keeps it in the tab's sessionStorage and sends it in the
`X-Nxus-Setup-Token` header to the small JSON endpoints below, which check it and answer in
words the page shows. The header is never a cookie, so those endpoints need no CSRF token: a
page on another site can neither read the token nor make a browser send it."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, current_app, jsonify, make_response, render_template, request
from werkzeug.wrappers import Response

from nxus.db import get_session
from nxus.extensions import csrf
from nxus.formats import iso
from nxus.models import AuthSession
from nxus.plain_http import public_base_url
from nxus.services import audit, auth_sessions, connections, diagnostics, portal_status, qwc

bp = Blueprint("auth_flow", __name__, url_prefix="/auth-flow")

TOKEN_HEADER = "X-Nxus-Setup-Token"
# Pages answered without asking the database: a malformed id, and a link of the retired form
# that carried its token in the path.
_NOT_A_LINK = (
    "This setup link is not valid",
    "Check that the whole link was copied. If it still does not open, ask for a new setup link.",
)
_OUTDATED = (
    "This setup link is out of date",
    "Setup links of this older form no longer work. Ask for a new setup link.",
)


def _private(response: Response) -> Response:
    # The page handles a secret: keep it out of caches and send no Referer from it.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _rejected_page(words: tuple[str, str]) -> Response:
    title, message = words
    html = render_template("auth_flow/rejected.html", title=title, message=message)
    return _private(make_response(html, 404))


@bp.get("/<public_id>")
def start(public_id: str) -> Response:
    """The page shell of a setup link: the same for every well-formed id, real or not.
    Its script asks the link's endpoints for the connection once it holds the token."""
    if not auth_sessions.is_public_id(public_id):
        return _rejected_page(_NOT_A_LINK)
    base = f"{bp.url_prefix}/{public_id}"
    html = render_template(
        "auth_flow/start.html",
        wizard={
            "mode": "link",
            "storage": f"nxus.link.{public_id}",
            "session-url": f"{base}/session",
            "qwc-url": f"{base}/qwc",
            "password-url": f"{base}/password",
            "status-url": f"{base}/status",
            "first-exchange-url": f"{base}/first-exchange",
        },
    )
    return _private(make_response(html, 200))


@bp.get("/<public_id>/<old_token>")
def outdated(public_id: str, old_token: str) -> Response:
    """A link of the old form, `/auth-flow/<id>/<token>`: refused without a look at the
    token (its HMAC purpose changed, so it opens nothing anyway)."""
    return _rejected_page(_OUTDATED)


# --- the link's JSON endpoints ------------------------------------------------------------

_STATUS = {"missing": 401, "unknown": 404, "superseded": 410, "expired": 410, "archived": 410}
_WORDS = {
    "missing": "This page lost its setup link. Open the whole link you received again, "
    "including the part after the #.",
    "unknown": "This setup link is not valid. Check that the whole link was copied, "
    "or ask for a new one.",
    "superseded": "This setup link was replaced by a newer one. Use the newest link you received.",
    "expired": "This setup link has expired; ask for a new one.",
    "archived": "The connection this link sets up was archived; ask for a new setup link.",
}


def _refuse(reason: str) -> Response:
    status = _STATUS[reason]
    body = {
        "error": {
            "code": f"LINK_{reason.upper()}",
            "userFacingMessage": _WORDS[reason],
            "httpStatusCode": status,
        }
    }
    return _private(make_response(jsonify(body), status))


def _link_call(public_id: str, action: Callable[[AuthSession], Response]) -> Response:
    """Check the link named by the path and the header token, then run `action`."""
    token = request.headers.get(TOKEN_HEADER, "").strip()
    if not token:
        return _refuse("missing")
    try:
        auth_session = auth_sessions.open_link(
            get_session(), current_app.config["SECRET_KEY"], public_id, token
        )
    except auth_sessions.LinkRejected as exc:
        return _refuse(exc.reason)
    return _private(action(auth_session))


@bp.get("/<public_id>/session")
@csrf.exempt
def link_session(public_id: str) -> Response:
    """What the page shows about the link's connection; the first call marks the link
    opened (the auth session's status becomes in_progress)."""

    def action(auth_session: AuthSession) -> Response:
        connection = auth_session.connection
        return jsonify(
            {
                "connectionId": connection.public_id,
                "connectionName": connection.description or connection.public_id,
                "qbwcUsername": connection.qbwc_username,
                "appName": qwc.app_name(connection),
                "expiresAt": iso(auth_session.expires_at),
                "redirectUrl": auth_session.redirect_url,
            }
        )

    return _link_call(public_id, action)


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
        session = get_session()
        connection = auth_session.connection
        password = connections.generate_password(session, connection)
        audit.record(session, org_id=connection.organization_id, actor_user_id=None,
                     kind="qbwc_password.regenerated", ip=request.remote_addr,
                     target=f"{connection.description or 'connection'} ({connection.id})",
                     detail="through a hosted setup link")  # fmt: skip
        session.commit()
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
            diagnostics.poll_interval(current_app.config),
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
        queued = connections.queue_first_exchange(get_session(), auth_session.connection)
        return jsonify({"queued": queued})

    return _link_call(public_id, action)
