"""Your account: change the password, two-factor sign-in (enrol, recovery codes, turn off),
and the signed-out pages "Forgot password?" and the reset link's page (`/reset-password#<token>`,
the token in the fragment like every one-time link of the portal)."""

from __future__ import annotations

import logging
import threading

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from nxus.db import get_session
from nxus.models import Organization
from nxus.security import verify_password
from nxus.services import mailer, team, two_factor
from nxus.services.errors import Conflict, ValidationFailed
from nxus.web import session_guard
from nxus.web.forms import ConfirmForm
from nxus.web.team import link_to
from nxus.web.team_forms import (
    CodeForm,
    DisableTwoFactorForm,
    ForgotForm,
    PasswordChangeForm,
    TokenPasswordForm,
)

bp = Blueprint("account", __name__)
log = logging.getLogger(__name__)


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _org() -> Organization:
    org = get_session().get(Organization, session_guard.actor().organization_id)
    assert org is not None
    return org


def _page(password_form: PasswordChangeForm | None = None, status: int = 200) -> Response:
    html = render_template(
        "account/index.html",
        password_form=password_form or PasswordChangeForm(formdata=None),
        disable_form=DisableTwoFactorForm(formdata=None),
        confirm=ConfirmForm(),
        two_factor_on=two_factor.enabled(current_user),
        codes_left=two_factor.recovery_codes_left(get_session(), current_user),
        org=_org(),
        role=session_guard.actor().role,
    )
    return _private(make_response(html, status))


@bp.get("/account")
@login_required
def index() -> Response:
    return _page()


@bp.post("/account/password")
@login_required
def change_password() -> Response:
    """A new password; every other session of this user ends, this one stays."""
    form = PasswordChangeForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    session = get_session()
    try:
        version = team.change_password(
            session,
            current_user,
            session_guard.actor().organization_id,
            form.current_password.data or "",
            form.new_password.data or "",
            request.remote_addr,
        )
    except ValidationFailed as exc:
        session.rollback()
        field = form[exc.field] if exc.field in form else form.new_password
        field.errors = [*field.errors, exc.message]
        return _page(form, status=400)
    session_guard.keep_session(version)
    flash("Your password was changed. Your other sessions were signed out.", "success")
    return redirect(url_for("account.index"))


@bp.route("/account/two-factor", methods=["GET", "POST"], endpoint="two_factor")
@login_required
def two_factor_setup() -> Response:
    """Enrol: the secret as text and as a QR code, then one code from the app to confirm."""
    session = get_session()
    if two_factor.enabled(current_user):
        return redirect(url_for("account.index"))
    form = CodeForm()
    status = 200
    if form.validate_on_submit():
        try:
            codes = two_factor.confirm(session, current_user, form.code.data or "",
                                       request.remote_addr, _org().id)  # fmt: skip
        except ValidationFailed as exc:
            session.rollback()
            form.code.errors = [*form.code.errors, exc.message]
            status = 400
        except Conflict:
            return redirect(url_for("account.index"))
        else:
            html = render_template("account/recovery_codes.html", codes=codes, first=True)
            return _private(make_response(html))
    elif form.errors:
        status = 400
    enrolment = two_factor.begin(session, current_user)
    html = render_template(
        "account/two_factor.html",
        form=form,
        secret=two_factor.pretty_secret(enrolment.secret),
        qr_svg=enrolment.svg,
        required=_org().require_two_factor,
    )
    return _private(make_response(html, status))


@bp.post("/account/two-factor/recovery-codes")
@login_required
def new_recovery_codes() -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        codes = two_factor.regenerate_recovery_codes(get_session(), current_user)
    except Conflict:
        return redirect(url_for("account.index"))
    html = render_template("account/recovery_codes.html", codes=codes, first=False)
    return _private(make_response(html))


@bp.post("/account/two-factor/disable")
@login_required
def disable_two_factor() -> Response:
    form = DisableTwoFactorForm()
    if not form.validate_on_submit():
        abort(400)
    session = get_session()
    org = _org()
    if not verify_password(current_user.password_hash, form.password.data or ""):
        flash("That is not your password: two-factor sign-in stays on.", "error")
        return redirect(url_for("account.index"))
    try:
        two_factor.disable(session, current_user, request.remote_addr, org.id,
                           org.require_two_factor)  # fmt: skip
    except ValidationFailed as exc:
        flash(exc.message, "error")
    else:
        flash("Two-factor sign-in is off.", "success")
    return redirect(url_for("account.index"))


# --- signed out: forgot password, reset link ------------------------------------------------


@bp.route("/forgot-password", methods=["GET", "POST"])
def forgot_password() -> Response:
    """With email set up: a reset link by email. The answer is the same whether or not the
    address has an account, and takes as long (the email goes from a background thread)."""
    form = ForgotForm()
    status = 200
    if mailer.configured() and form.validate_on_submit():
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        email, ip = form.email.data or "", request.remote_addr
        base = link_to("account.reset_password", "")
        threading.Thread(target=_email_reset, args=(app, email, ip, base), daemon=True).start()
        flash(
            "If an account uses that address, a reset link is on its way. "
            "It works once, for an hour.",
            "success",
        )
        return redirect(url_for("auth.login"))
    if form.errors:
        status = 400
    html = render_template("account/forgot.html", form=form, can_email=mailer.configured())
    return _private(make_response(html, status))


def _email_reset(app: Flask, email: str, ip: str | None, base: str) -> None:
    from nxus.db import new_session

    with app.app_context(), new_session(app) as session:
        link = team.issue_reset_by_email(session, email, ip, "requested by email")
        if link is None:
            return
        minutes = app.config["PASSWORD_RESET_VALID_MINUTES"]
        body = (
            "Someone (hopefully you) asked to reset your nXus password.\n\n"
            f"Open this link to choose a new one (it works once, for {minutes} minutes):\n"
            f"{base}{link.token}\n\nIf you did not ask, ignore this email: "
            "your password stays as it is.\n"
        )
        try:
            mailer.send(link.email, "Reset your nXus password", body)
        except mailer.MailFailed:
            log.warning("a password reset email could not be sent")


@bp.route("/reset-password", methods=["GET", "POST"])
def reset_password() -> Response:
    """Choose a new password through a one-time reset link."""
    form = TokenPasswordForm()
    status = 200
    if form.validate_on_submit():
        session = get_session()
        try:
            team.complete_reset(session, form.token.data or "", form.password.data or "",
                                request.remote_addr)  # fmt: skip
        except team.LinkRejected as exc:
            session.rollback()
            form.form_errors.append(team.LINK_WORDS[exc.reason])
            status = 410 if exc.reason in ("used", "expired") else 404
        except ValidationFailed as exc:
            session.rollback()
            form.password.errors = [*form.password.errors, exc.message]
            status = 400
        else:
            flash("Your password was changed. Sign in with the new one.", "success")
            return redirect(url_for("auth.login"))
    elif form.errors:
        status = 400
    html = render_template("account/reset.html", form=form)
    return _private(make_response(html, status))
