"""First-run setup, sign-in (password, then the second factor) and sign-out."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask import session as flask_session
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from nxus.db import get_session, utcnow
from nxus.models import User
from nxus.services import accounts, mailer, sign_in, two_factor
from nxus.services.errors import ValidationFailed
from nxus.web import session_guard
from nxus.web.forms import ConfirmForm, SetupForm
from nxus.web.team_forms import CodeForm, LoginWithCodeForm

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
            sign_in.signed_in(session, account.user, request.remote_addr, "first-run setup")
            session_guard.sign_in(account.user)
            flash(f"Welcome to nXus, {account.organization.name}.", "success")
            return redirect(url_for("dashboard.index"))
    status = 400 if form.errors else 200
    return render_template("auth/setup.html", form=form), status


_PENDING = "nxus_2fa"
_PENDING_SECONDS = 300


def _throttled_message(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    until = (utcnow() + timedelta(seconds=seconds)).strftime("%H:%M UTC")
    return (
        f"Too many failed sign-in attempts. Try again in {minutes} minute"
        f"{'s' if minutes != 1 else ''} (at {until})."
    )


def _finish(user: User, how: str, next_url: str | None) -> Response:
    """Every factor checked: the portal session starts and this browser becomes known."""
    sign_in.signed_in(get_session(), user, request.remote_addr, how)
    session_guard.sign_in(user)
    response = redirect(_safe_next(next_url))
    cfg = current_app.config
    session_guard.remember_device(
        response, cfg["SECRET_KEY"], user, cfg["KNOWN_DEVICE_DAYS"], bool(cfg["SECURE_COOKIES"])
    )
    return response


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int] | str:
    """Sign in with email and password, then the second factor when the member has one."""
    session = get_session()
    if accounts.setup_required(session):
        return redirect(url_for("auth.setup"))
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginWithCodeForm()
    status, show_code = 200, False
    if form.validate_on_submit():
        cfg = current_app.config
        device = session_guard.read_device(cfg["SECRET_KEY"], cfg["KNOWN_DEVICE_DAYS"])
        try:
            result = sign_in.check_password(
                session,
                form.email.data or "",
                form.password.data or "",
                request.remote_addr,
                device_user_id=device[0] if device else None,
                device=device[1] if device else None,
                code=form.code.data or None,
            )
        except accounts.LoginThrottled as exc:
            form.form_errors.append(_throttled_message(exc.retry_after))
            status, show_code = 429, True
        except accounts.InvalidCredentials:
            form.form_errors.append("Incorrect email or password.")
            status = 401
        else:
            user = result.user
            next_url = request.args.get("next")
            if two_factor.enabled(user) and not result.second_factor_done:
                flask_session[_PENDING] = {
                    "u": str(user.id),
                    "v": user.session_version,
                    "t": int(time.time()),
                    "n": next_url,
                }
                return redirect(url_for("auth.second_factor"))
            how = "password and an app code" if result.second_factor_done else "password"
            return _finish(user, how, next_url)
    elif form.errors:
        status = 400
    html = render_template("auth/login.html", form=form, show_code=show_code,
                           can_email=mailer.configured())  # fmt: skip
    return html, status


def _pending_user() -> tuple[User, str | None] | None:
    """The member half-way through signing in (password checked, code not yet)."""
    pending = flask_session.get(_PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("t", 0) > _PENDING_SECONDS:
        return None
    try:
        user = get_session().get(User, uuid.UUID(pending["u"]))
    except (KeyError, ValueError):
        return None
    if user is None or user.session_version != pending.get("v") or not user.is_active:
        return None
    return user, pending.get("n")


@bp.route("/login/two-factor", methods=["GET", "POST"])
def second_factor() -> Response | tuple[str, int] | str:
    """The second step: a code from the member's app, or one of their recovery codes."""
    pending = _pending_user()
    if pending is None:
        flask_session.pop(_PENDING, None)
        flash("Sign in again: the sign-in took too long or was already used.", "info")
        return redirect(url_for("auth.login"))
    user, next_url = pending
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            how = sign_in.check_second_factor(
                get_session(), user, form.code.data or "", request.remote_addr
            )
        except accounts.LoginThrottled as exc:
            form.code.errors = [*form.code.errors, _throttled_message(exc.retry_after)]
            status = 429
        except two_factor.WrongCode as exc:
            form.code.errors = [*form.code.errors, exc.message]
            status = 401
        else:
            words = "an app code" if how == "totp" else "a recovery code"
            return _finish(user, f"password and {words}", next_url)
    elif form.errors:
        status = 400
    return render_template("auth/second_factor.html", form=form), status


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
