"""The signed-in home page."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from nxus.db import get_session
from nxus.models import Connection
from nxus.services import accounts

bp = Blueprint("dashboard", __name__)


@bp.route("/")
def home() -> Response:
    """Send visitors where they belong: setup on first run, else sign-in or the dashboard."""
    if accounts.setup_required(get_session()):
        return redirect(url_for("auth.setup"))
    return redirect(url_for("dashboard.index" if current_user.is_authenticated else "auth.login"))


@bp.route("/dashboard")
@login_required
def index() -> str:
    """Every connection of the organization with its status."""
    session = get_session()
    org = accounts.organization_of(session, current_user)
    connections = session.scalars(
        select(Connection)
        .where(Connection.organization_id == org.id, Connection.archived_at.is_(None))
        .order_by(Connection.created_at)
    ).all()
    return render_template("dashboard.html", organization=org, connections=connections)
