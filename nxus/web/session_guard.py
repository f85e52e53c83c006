"""Portal sessions that can be ended from the server, roles for the views, known devices, and
the organization's two-factor rule.

A session cookie carries the user's `session_version` from when it signed in; the user loader
refuses a session whose version is older (password changed or reset) and a user who is no
longer a member, so such a session lands on the sign-in page at its next request."""

from __future__ import annotations

import uuid

from flask import Flask, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.wrappers import Response

from nxus.db import get_session
from nxus.models import Organization, User
from nxus.security import random_token
from nxus.services import permissions
from nxus.services.permissions import Actor, Forbidden

VERSION_KEY = "nxus_sv"
DEVICE_COOKIE = "nxus_device"
# Pages a member without two-factor may still open while the organization requires it.
_OPEN_WHILE_ENROLLING = {
    "account.two_factor",
    "account.index",
    "auth.logout",
    "static",
    "support.index",
}


def init_app(app: Flask) -> None:
    app.register_error_handler(Forbidden, _forbidden)
    app.before_request(_enforce_two_factor)


def load_user(user_id: str) -> User | None:
    """flask-login's user loader: the user, while the session is current and a member."""
    try:
        uid = uuid.UUID(user_id)
    except ValueError:
        return None
    db = get_session()
    user = db.get(User, uid)
    if user is None or not user.is_active:
        return None
    if session.get(VERSION_KEY, 0) != user.session_version:
        return None
    if permissions.membership_of(db, user.id) is None:
        return None
    return user


def sign_in(user: User) -> None:
    """Start a portal session for `user` (after every factor was checked)."""
    session.pop("nxus_2fa", None)
    login_user(user)
    session[VERSION_KEY] = user.session_version


def keep_session(version: int) -> None:
    """Keep this browser signed in after the user's other sessions were ended."""
    session[VERSION_KEY] = version


def actor() -> Actor:
    """The signed-in member as an Actor (their role, organization and address)."""
    return permissions.actor_for(get_session(), current_user, request.remote_addr)


def _forbidden(exc: Forbidden) -> tuple[str, int]:
    message = "Your role does not allow this. Ask an owner or admin of your organization."
    return render_template("error.html", code=403, title="Forbidden", message=message), 403


def _enforce_two_factor() -> Response | None:
    # No look at current_user without a signed-in session: loading it runs flask-login's
    # session protection, which would answer anonymous pages with a cookie change.
    if "_user_id" not in session or request.endpoint in _OPEN_WHILE_ENROLLING:
        return None
    if not current_user.is_authenticated:
        return None
    if current_user.totp_secret is not None:
        return None
    membership = permissions.membership_of(get_session(), current_user.id)
    org = get_session().get(Organization, membership.organization_id) if membership else None
    if org is None or not org.require_two_factor:
        return None
    if request.path.startswith(("/api/", "/qbwc", "/auth-flow/")):
        return None
    flash("Your organization requires two-factor sign-in. Turn it on to continue.", "info")
    return redirect(url_for("account.two_factor"))


# --- known devices -------------------------------------------------------------------------


def _serializer(app_secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(app_secret, salt="nxus.known-device")


def read_device(app_secret: str, max_age_days: int) -> tuple[uuid.UUID, str] | None:
    """(user id, device id) from this browser's known-device cookie, if genuine and current."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        data = _serializer(app_secret).loads(raw, max_age=max_age_days * 86400)
        return uuid.UUID(data["u"]), str(data["d"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None


def remember_device(
    response: Response, app_secret: str, user: User, max_age_days: int, secure: bool
) -> None:
    """Mark this browser as a known device of `user` (a signed cookie, no secret inside)."""
    value = _serializer(app_secret).dumps({"u": str(user.id), "d": random_token(12)})
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=max_age_days * 86400,
        httponly=True,
        secure=secure,
        samesite="Lax",
    )
