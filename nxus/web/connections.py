"""Connections in the portal: list, detail (read-only status), archive and restore."""

from __future__ import annotations

import uuid

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from nxus.db import get_session
from nxus.models import Connection
from nxus.services import accounts, connections, qwc
from nxus.services.errors import NotFound
from nxus.web.forms import ConfirmForm

bp = Blueprint("connections", __name__, url_prefix="/connections")


def _own(connection_id: uuid.UUID) -> Connection:
    """A connection of the signed-in user's organization, else 404."""
    session = get_session()
    org = accounts.organization_of(session, current_user)
    try:
        return connections.get_for_organization(session, org.id, connection_id)
    except NotFound:
        abort(404)


@bp.get("")
@login_required
def index() -> str:
    """Every connection of the organization, both modes, archived ones last."""
    session = get_session()
    org = accounts.organization_of(session, current_user)
    rows = connections.for_organization(session, org.id)
    rows.sort(key=lambda c: c.archived_at is not None)
    return render_template("connections/index.html", connections=rows)


@bp.get("/<uuid:connection_id>")
@login_required
def detail(connection_id: uuid.UUID) -> str:
    """Status of one connection: company, file, edition, qbXML version, last poll."""
    connection = _own(connection_id)
    base = (current_app.config.get("PUBLIC_URL") or request.url_root).rstrip("/")
    return render_template(
        "connections/detail.html",
        connection=connection,
        confirm=ConfirmForm(),
        app_name=qwc.app_name(connection),
        url_warnings=qwc.url_warnings(base),
    )


@bp.post("/<uuid:connection_id>/archive")
@login_required
def archive(connection_id: uuid.UUID) -> Response:
    """Archive: the Web Connector password is revoked and /qbwc refuses the connection."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    connection = connections.archive(get_session(), _own(connection_id))
    flash(f"Archived {connection.description}. The Web Connector can no longer use it.", "success")
    return redirect(url_for("connections.detail", connection_id=connection.id))


@bp.post("/<uuid:connection_id>/restore")
@login_required
def restore(connection_id: uuid.UUID) -> Response:
    """Restore an archived connection (its Web Connector password must be generated again)."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    connection = connections.restore(get_session(), _own(connection_id))
    flash(
        f"Restored {connection.description}. Generate a new Web Connector password to use it.",
        "success",
    )
    return redirect(url_for("connections.detail", connection_id=connection.id))
