"""The signed-in home page."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from nxus.db import get_session
from nxus.services import accounts, diagnostics, portal_status

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
    """Every connection of the organization with its live status and current problem."""
    session = get_session()
    org = accounts.organization_of(session, current_user)
    statuses = portal_status.statuses(
        session, org.id, diagnostics.poll_interval(current_app.config)
    )
    return render_template("dashboard.html", organization=org, statuses=statuses)
