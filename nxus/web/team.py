"""Settings → Team (members, roles, invitations, reset links, the two-factor rule), joining by
an invitation link, and Settings → Audit log.

Invitation links are `/join#<token>`: a browser never sends the fragment, so the token stays
out of server and proxy logs; the page's script (static/js/link-token.js) moves it into the
form, which POSTs it."""

from __future__ import annotations

import logging
import uuid

from flask import (
    Blueprint,
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
from nxus.plain_http import public_base_url
from nxus.services import audit, mailer, permissions, sign_in, team
from nxus.services.errors import Conflict, NotFound, ValidationFailed
from nxus.services.permissions import ROLE_HINTS, ROLE_LABELS
from nxus.web import session_guard
from nxus.web.forms import ConfirmForm
from nxus.web.team_forms import InviteForm, RoleForm, SecurityForm, TokenPasswordForm

bp = Blueprint("team", __name__)
log = logging.getLogger(__name__)


def member_role() -> str | None:
    """The signed-in member's role (templates show only what the role may do)."""
    if not current_user.is_authenticated:
        return None
    membership = permissions.membership_of(get_session(), current_user.id)
    return membership.role if membership else None


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def link_to(endpoint: str, token: str) -> str:
    return f"{public_base_url()}{url_for(endpoint)}#{token}"


def _page(
    invite_form: InviteForm | None = None,
    new_link: dict[str, str] | None = None,
    security_form: SecurityForm | None = None,
    status: int = 200,
) -> Response:
    session = get_session()
    me = session_guard.actor()
    org = session.get(Organization, me.organization_id)
    assert org is not None
    if invite_form is None:
        invite_form = InviteForm(formdata=None)
    invite_form.set_roles(me.role == "owner")
    if security_form is None:
        security_form = SecurityForm(formdata=None, require_two_factor=org.require_two_factor)
    role_forms = {}
    for membership in team.members(session, org.id):
        form = RoleForm(formdata=None, role=membership.role, prefix=f"u{membership.user_id.hex}")
        form.set_roles(me.role == "owner")
        role_forms[membership.user_id] = form
    html = render_template(
        "team/index.html",
        me=me,
        org=org,
        members=team.members(session, org.id),
        invites=team.pending_invites(session, org.id),
        invite_form=invite_form,
        role_forms=role_forms,
        security_form=security_form,
        confirm=ConfirmForm(),
        new_link=new_link,
        labels=ROLE_LABELS,
        hints=ROLE_HINTS,
        can_manage=lambda role: permissions.may_manage_role(me, role),
        can_email=mailer.configured(),
    )
    return _private(make_response(html, status))


@bp.get("/settings/team")
@login_required
def index() -> Response:
    """Every member with their role and last sign-in; owners and admins manage them here."""
    return _page()


@bp.post("/settings/team/invite")
@login_required
def invite() -> Response:
    """A one-time invitation link, shown once (and emailed when email is set up)."""
    me = session_guard.actor()
    form = InviteForm()
    form.set_roles(me.role == "owner")
    # The role list follows the actor; a forged role the form does not offer is the
    # service's to refuse (403 for owner from an admin, a message for nonsense).
    form.role.validate_choice = False
    if not form.validate_on_submit():
        return _page(form, status=400)
    session = get_session()
    try:
        link = team.invite(session, me, form.email.data or "", form.role.data or "")
    except ValidationFailed as exc:
        session.rollback()
        target = form.role if exc.field == "role" else form.email
        target.errors = [*target.errors, exc.message]
        return _page(form, status=400)
    url = link_to("team.join", link.token)
    emailed = _email_invite(link.email, url, me.email)
    return _page(new_link={"kind": "invite", "email": link.email, "url": url, "emailed": emailed})


def _email_invite(to: str, url: str, by: str) -> str:
    """ "sent", "failed" or "" (no email configured)."""
    if not mailer.configured():
        return ""
    org = get_session().get(Organization, session_guard.actor().organization_id)
    days = current_app.config["INVITE_VALID_DAYS"]
    body = (
        f"{by} invited you to {org.name if org else 'their team'} on nXus.\n\n"
        f"Open this link to choose your password and join (it works once, for {days} days):\n"
        f"{url}\n\nIf you did not expect this, ignore this email.\n"
    )
    try:
        mailer.send(to, "You are invited to nXus", body)
    except mailer.MailFailed:
        return "failed"
    return "sent"


def _member_action(user_id: uuid.UUID, action: str) -> Response:
    me = session_guard.actor()
    session = get_session()
    try:
        if action == "role":
            form = RoleForm(prefix=f"u{user_id.hex}")
            form.role.validate_choice = False
            if not form.validate_on_submit():
                abort(400)
            membership = team.change_role(session, me, user_id, form.role.data or "")
            flash(f"{membership.user.email} is now {ROLE_LABELS[membership.role]}.", "success")
        elif action == "remove":
            if not ConfirmForm().validate_on_submit():
                abort(400)
            email = team.remove(session, me, user_id)
            flash(f"Removed {email}. Their open sessions have ended.", "success")
        else:
            if not ConfirmForm().validate_on_submit():
                abort(400)
            link = team.issue_reset(session, me, user_id)
            minutes = current_app.config["PASSWORD_RESET_VALID_MINUTES"]
            url = link_to("account.reset_password", link.token)
            return _page(new_link={"kind": "reset", "email": link.email, "url": url,
                                   "emailed": "", "minutes": str(minutes)})  # fmt: skip
    except NotFound:
        session.rollback()
        abort(404)
    except (Conflict, ValidationFailed) as exc:
        session.rollback()
        flash(getattr(exc, "message", str(exc)), "error")
    return redirect(url_for("team.index"))


@bp.post("/settings/team/members/<uuid:user_id>/role")
@login_required
def change_role(user_id: uuid.UUID) -> Response:
    return _member_action(user_id, "role")


@bp.post("/settings/team/members/<uuid:user_id>/remove")
@login_required
def remove(user_id: uuid.UUID) -> Response:
    return _member_action(user_id, "remove")


@bp.post("/settings/team/members/<uuid:user_id>/reset-link")
@login_required
def reset_link(user_id: uuid.UUID) -> Response:
    return _member_action(user_id, "reset")


@bp.post("/settings/team/invites/<uuid:invite_id>/revoke")
@login_required
def revoke_invite(invite_id: uuid.UUID) -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        row = team.revoke_invite(get_session(), session_guard.actor(), invite_id)
    except NotFound:
        abort(404)
    flash(f"Withdrew the invitation for {row.email}.", "success")
    return redirect(url_for("team.index"))


@bp.post("/settings/team/security")
@login_required
def security() -> Response:
    """Owners: require two-factor sign-in of every member."""
    form = SecurityForm()
    if not form.validate_on_submit():
        abort(400)
    me = session_guard.actor()
    session = get_session()
    try:
        org = team.set_require_two_factor(
            session, me, bool(form.require_two_factor.data), current_user.totp_secret is not None
        )
    except ValidationFailed as exc:
        session.rollback()
        form.require_two_factor.errors = [exc.message]
        return _page(security_form=form, status=400)
    flash(
        "Every member now needs two-factor sign-in."
        if org.require_two_factor
        else "Two-factor sign-in is now up to each member.",
        "success",
    )
    return redirect(url_for("team.index"))


# --- joining -------------------------------------------------------------------------------


@bp.route("/join", methods=["GET", "POST"])
def join() -> Response:
    """Accept an invitation: choose a password; the new member is signed in."""
    form = TokenPasswordForm()
    status = 200
    if form.validate_on_submit():
        session = get_session()
        try:
            user = team.join(session, form.token.data or "", form.password.data or "",
                             request.remote_addr)  # fmt: skip
        except team.LinkRejected as exc:
            session.rollback()
            form.form_errors.append(team.LINK_WORDS[exc.reason])
            status = 410 if exc.reason in ("used", "expired", "revoked") else 404
        except ValidationFailed as exc:
            session.rollback()
            form.password.errors = [*form.password.errors, exc.message]
            status = 400
        else:
            sign_in.signed_in(session, user, request.remote_addr, "joined by invitation")
            session_guard.sign_in(user)
            flash("Welcome to nXus. You joined your team.", "success")
            return redirect(url_for("dashboard.index"))
    elif form.errors:
        status = 400
    html = render_template("team/join.html", form=form)
    return _private(make_response(html, status))


# --- audit log -------------------------------------------------------------------------------


def _filters() -> audit.Filters:
    return audit.Filters(request.args.get("actor", ""), request.args.get("kind", "")).clean()


@bp.get("/settings/audit")
@login_required
def audit_log() -> Response:
    """Who did what, when, from where; filter by person and kind; the newest first."""
    me = session_guard.actor()
    permissions.require(me, "audit.read")
    session = get_session()
    filters = _filters()
    html = render_template(
        "team/audit.html",
        events=audit.events(session, me.organization_id, filters),
        actors=audit.actors(session, me.organization_id),
        kinds=audit.kind_labels(session, me.organization_id),
        filters=filters,
        page_size=audit.PAGE_SIZE,
        retention_days=current_app.config["AUDIT_RETENTION_DAYS"],
    )
    return _private(make_response(html))


@bp.get("/settings/audit.csv")
@login_required
def audit_csv() -> Response:
    me = session_guard.actor()
    permissions.require(me, "audit.read")
    body = audit.as_csv(get_session(), me.organization_id, _filters())
    response = make_response(body)
    response.mimetype = "text/csv"
    response.headers["Content-Disposition"] = 'attachment; filename="nxus-audit-log.csv"'
    return _private(response)
