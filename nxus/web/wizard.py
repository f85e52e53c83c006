"""The QWC Setup Wizard: five steps in the browser. Its JavaScript (static/js/wizard.js)
calls /api/v1 with the API key the user pastes (kept in sessionStorage, sent only as a Bearer
header, never with cookies); this blueprint serves the page and one portal helper the API
has no call for: queueing the first exchange, so the Web Connector's next visit opens a
session and tells nXus which company it reached."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort, jsonify, make_response, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from nxus.api.blueprint import api_bp
from nxus.db import get_session
from nxus.services import accounts, connections, member_actions, portal_status
from nxus.services.errors import NotFound
from nxus.web import session_guard

bp = Blueprint("wizard", __name__, url_prefix="/wizard")

# Placeholder the script replaces with the connection's UUID.
ID_SLOT = "00000000-0000-0000-0000-000000000000"


def _private(response: Response) -> Response:
    # The Referer stays (same-origin policy): Flask-WTF checks it on HTTPS for the CSRF header.
    response.headers["Cache-Control"] = "no-store"
    return response


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
            "api": api_bp.url_prefix,
            "status-url": url_for("connections.status_json", connection_id=slot),
            "first-exchange-url": url_for("wizard.first_exchange", connection_id=slot),
            "detail-url": url_for("connections.detail", connection_id=slot),
            "id-slot": ID_SLOT,
            "csrf": generate_csrf(),
        },
    )
    return _private(make_response(html))


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
    queued = portal_status.queue_first_exchange(session, connection)
    return _private(jsonify({"queued": queued}))
