"""Settings → API Keys: create (the key is shown once), list, revoke."""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from nxus.db import get_session, utcnow
from nxus.models import ApiKey
from nxus.services import accounts, api_keys, member_actions
from nxus.services.errors import NotFound, ValidationFailed
from nxus.web import session_guard
from nxus.web.confirm import confirm_page
from nxus.web.forms import ApiKeyForm, ConfirmForm

bp = Blueprint("keys", __name__, url_prefix="/settings/api-keys")


def _page(form: ApiKeyForm, new_key: str | None = None, status: int = 200) -> Response:
    session = get_session()
    org = accounts.organization_of(session, current_user)
    keys = api_keys.list_keys(session, org.id)
    show_revoked = request.args.get("show") == "revoked"
    revoked = sum(1 for k in keys if k.revoked_at is not None)
    if not show_revoked:
        keys = [k for k in keys if k.revoked_at is None]
    html = render_template(
        "keys/index.html",
        form=form,
        confirm=ConfirmForm(),
        keys=keys,
        status_of=api_keys.status_of,
        new_key=new_key,
        show_revoked=show_revoked,
        revoked_count=revoked,
        can_manage=session_guard.actor().can("keys.manage"),
    )
    response = make_response(html, status)
    # The page may hold a key shown once: never cache it.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("", methods=["GET", "POST"])
@login_required
def index() -> Response:
    """The organization's keys, and the form creating one (its key is shown once)."""
    form = ApiKeyForm()
    if not form.validate_on_submit():
        return _page(form, status=400 if form.errors else 200)
    session = get_session()
    days = form.expires_in_days.data
    expires_at = utcnow() + timedelta(days=int(days)) if days else None
    try:
        new = member_actions.create_key(
            session, session_guard.actor(), form.name.data or "", form.mode.data or "", expires_at
        )
    except ValidationFailed as exc:
        session.rollback()
        target = form.name if exc.field == "name" else form.mode
        target.errors = [*target.errors, exc.message]
        return _page(form, status=400)
    return _page(ApiKeyForm(formdata=None), new_key=new.secret)


@bp.get("/<uuid:key_id>/revoke")
@login_required
def confirm_revoke(key_id: uuid.UUID) -> Response:
    """What revoking this key stops; Cancel leaves it working."""
    session = get_session()
    org = accounts.organization_of(session, current_user)
    api_key = session.get(ApiKey, key_id)
    if api_key is None or api_key.organization_id != org.id:
        abort(404)
    if not session_guard.actor().can("keys.manage"):
        abort(403)
    if api_key.revoked_at is not None:
        flash(f"The key “{api_key.name}” is already revoked.", "info")
        return redirect(url_for("keys.index", show="revoked"))
    mode = "development" if api_key.mode == "test" else "production"
    return confirm_page(
        title=f"Revoke the key “{api_key.name}”?",
        subject=f"{api_key.display_prefix}…, a {api_key.mode} key, last used "
        + (api_key.last_used_at.strftime("%Y-%m-%d %H:%M UTC") if api_key.last_used_at else "never")
        + ". Revoking cannot be undone; a new key can be created at any time.",
        consequences=[
            "Every application or script using this key gets 401 API_KEY_REVOKED from its "
            "next call on.",
            f"Nothing else changes: {mode} connections, their Web Connectors and other keys "
            "keep working.",
        ],
        action=url_for("keys.revoke", key_id=api_key.id),
        button="Revoke the key",
        danger=True,
        cancel=url_for("keys.index"),
        cancel_label="Cancel, keep the key working",
    )


@bp.post("/<uuid:key_id>/revoke")
@login_required
def revoke(key_id: uuid.UUID) -> Response:
    """Revoke a key: applications using it get 401 API_KEY_REVOKED from now on."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    session = get_session()
    try:
        api_key = member_actions.revoke_key(session, session_guard.actor(), key_id)
    except NotFound:
        abort(404)
    flash(f"Revoked the key “{api_key.name}” ({api_key.display_prefix}).", "success")
    return redirect(url_for("keys.index"))
