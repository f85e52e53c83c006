"""The QWC Setup Wizard: five steps in the browser. Its JavaScript (static/js/wizard.js)
calls /api/v1 with an API key (kept in sessionStorage, sent only as a Bearer header, never
with cookies); this blueprint serves the page and the portal helpers the API has no call for:
the wizard's own key, queueing the first exchange, and the sample company.

The wizard's key: a signed-in user need not paste one. POST /wizard/key (session + CSRF
header) creates an ordinary API key of the user's organization, named for the wizard and
expiring after WIZARD_KEY_HOURS, and answers it once in the JSON body (never in a URL, never
logged). An API key rather than a new token kind: the API keeps one way in (it never accepts
the session cookie), the key is listed in Settings → API keys where it can be revoked, and
it dies by itself a day later."""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from nxus.db import get_session, utcnow
from nxus.formats import API_PREFIX, iso
from nxus.services import (
    accounts,
    connections,
    member_actions,
    sample_company,
)
from nxus.services.errors import NotFound, ServiceError
from nxus.web import session_guard

WIZARD_KEY_HOURS = 24

bp = Blueprint("wizard", __name__, url_prefix="/wizard")

# Placeholder the script replaces with the connection's UUID.
ID_SLOT = "00000000-0000-0000-0000-000000000000"


def _private(response: Response) -> Response:
    # The Referer stays (same-origin policy): Flask-WTF checks it on HTTPS for the CSRF header.
    response.headers["Cache-Control"] = "no-store"
    return response


def _json_error(status: int, code: str, message: str) -> Response:
    """The portal's JSON error shape (the wizard's script shows userFacingMessage)."""
    body = {"error": {"code": code, "message": message, "userFacingMessage": message}}
    return _private(make_response(jsonify(body), status))


@bp.get("")
@login_required
def index() -> Response:
    """The wizard for any new connection of the key's organization."""
    slot = uuid.UUID(ID_SLOT)
    html = render_template(
        "wizard/index.html",
        wizard={
            "mode": "portal",
            "storage": "nxus.wizard",
            "api": API_PREFIX,
            "status-url": url_for("connections.status_json", connection_id=slot),
            "first-exchange-url": url_for("wizard.first_exchange", connection_id=slot),
            "key-url": url_for("wizard.create_key"),
            "sample-url": url_for("wizard.sample_company_json", connection_id=slot),
            "detail-url": url_for("connections.detail", connection_id=slot),
            "id-slot": ID_SLOT,
            "csrf": generate_csrf(),
        },
    )
    return _private(make_response(html))


@bp.post("/key")
@login_required
def create_key() -> Response:
    """A key for this wizard, shown once in the body: {"mode": "test" | "live"} (CSRF header)."""
    body = request.get_json(silent=True)
    mode = body.get("mode") if isinstance(body, dict) else None
    if mode not in ("test", "live"):
        return _json_error(400, "VALIDATION_ERROR", "mode must be test or live.")
    actor = session_guard.actor()
    if not actor.can("keys.manage"):
        return _json_error(403, "FORBIDDEN", "Your role may not create API keys.")
    expires_at = utcnow() + timedelta(hours=WIZARD_KEY_HOURS)
    name = f"Setup wizard ({utcnow():%Y-%m-%d %H:%M} UTC)"
    new = member_actions.create_key(get_session(), actor, name, mode, expires_at)
    return _private(
        jsonify(
            {
                "key": new.secret,
                "name": name,
                "mode": mode,
                "expiresAt": iso(expires_at, "seconds"),
            }
        )
    )


@bp.post("/connections/<uuid:connection_id>/sample-company")
@login_required
def sample_company_json(connection_id: uuid.UUID) -> Response:
    """Serve a development connection from the sample company (CSRF header)."""
    session = get_session()
    org = accounts.organization_of(session, current_user)
    try:
        connections.get_for_organization(session, org.id, connection_id)
    except NotFound:
        abort(404)
    session.rollback()  # attach() uses its own session: hold no lock meanwhile
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    base = (app.config.get("PUBLIC_URL") or request.url_root).rstrip("/")
    try:
        sample_company.attach(app, connection_id, base)
    except sample_company.RunningElsewhere:
        pass
    except ServiceError as exc:
        return _json_error(409, "SAMPLE_COMPANY_REFUSED", str(exc))
    return _private(jsonify({"attached": True}))


@bp.post("/connections/<uuid:connection_id>/first-exchange")
@login_required
def first_exchange(connection_id: uuid.UUID) -> Response:
    """Queue one small request for a connection that never connected (CSRF header)."""
    session = get_session()
    org = accounts.organization_of(session, current_user)
    try:
        connection = connections.get_for_organization(session, org.id, connection_id)
    except NotFound:
        abort(404)
    member_actions.may_change_connections(session_guard.actor())
    queued = connections.queue_first_exchange(session, connection)
    return _private(jsonify({"queued": queued}))
