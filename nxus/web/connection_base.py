"""The connections blueprint and what its pages and actions share: the connection of the
signed-in organization, the confirmed form, private answers. Pages: nxus.web.connections;
actions behind a confirmation: nxus.web.connection_actions."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort
from flask_login import current_user

from nxus.db import get_session
from nxus.models import Connection
from nxus.services import accounts, connections, member_actions
from nxus.services.errors import NotFound
from nxus.web import session_guard
from nxus.web.forms import ConfirmForm

bp = Blueprint("connections", __name__, url_prefix="/connections")


def own(connection_id: uuid.UUID) -> Connection:
    """A connection of the signed-in user's organization, else 404."""
    session = get_session()
    org = accounts.organization_of(session, current_user)
    try:
        return connections.get_for_organization(session, org.id, connection_id)
    except NotFound:
        abort(404)


def confirmed() -> None:
    """The form's CSRF token, then the member's role (a viewer changes nothing: 403)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    member_actions.may_change_connections(session_guard.actor())


def private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response
