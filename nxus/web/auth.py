"""First-run setup, sign-in and sign-out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from nxus.db import get_session
from nxus.services import accounts
from nxus.services.errors import ValidationFailed
from nxus.web.forms import ConfirmForm, LoginForm, SetupForm

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes to the dashboard."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and "\\" not in target:
            return target
    return url_for("dashboard.index")


@bp.route("/setup", methods=["GET", "POST"])
def setup() -> Response | tuple[str, int] | str:
    """First run: create the organization and its owner; afterwards redirect away."""
    session = get_session()
    if not accounts.setup_required(session):
        return redirect(
            url_for("dashboard.index" if current_user.is_authenticated else "auth.login")
        )
    form = SetupForm()
    if form.validate_on_submit():
        try:
            account = accounts.create_owner(
                session,
                form.organization.data or "",
                form.email.data or "",
                form.password.data or "",
            )
        except ValidationFailed as exc:
            session.rollback()
            form[exc.field].errors = [*form[exc.field].errors, exc.message]
        else:
            login_user(account.user)
            flash(f"Welcome to nXus, {account.organization.name}.", "success")
            return redirect(url_for("dashboard.index"))
    status = 400 if form.errors else 200
    return render_template("auth/setup.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int] | str:
    """Sign in with email and password (throttled across processes)."""
    session = get_session()
    if accounts.setup_required(session):
        return redirect(url_for("auth.setup"))
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                session, form.email.data or "", form.password.data or "", request.remote_addr
            )
        except accounts.LoginThrottled as exc:
            minutes = max(1, -(-exc.retry_after // 60))
            form.form_errors.append(
                f"Too many failed sign-in attempts. Try again in {minutes} minute"
                f"{'s' if minutes != 1 else ''}."
            )
            status = 429
        except accounts.InvalidCredentials:
            form.form_errors.append("Incorrect email or password.")
            status = 401
        else:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
    elif form.errors:
        status = 400
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["GET", "POST"])
def logout() -> Response | str:
    """POST signs out (CSRF-checked); GET shows the button, so a link cannot sign you out."""
    form = ConfirmForm()
    if request.method == "POST" and form.validate_on_submit():
        logout_user()
        flash("You are signed out.", "info")
        return redirect(url_for("auth.login"))
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return render_template("auth/logout.html", form=form)
