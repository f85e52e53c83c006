"""The team of an organization: members and roles, invitations, removal, password changes and
reset links, and the organization's two-factor rule.

Invitation and reset links carry a 256-bit token; only its SHA-256 is stored. Each link works
once: using it is a conditional UPDATE, so two tabs (or two processes) cannot both use it.
Ending a member's sessions bumps `users.session_version` (the portal refuses older sessions)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from nxus.db import utcnow
from nxus.models import Invite, Membership, Organization, PasswordReset, User
from nxus.security import hash_password, random_token, sha256_hex, verify_password
from nxus.services import audit
from nxus.services.accounts import check_email, check_password
from nxus.services.errors import Conflict, NotFound, ServiceError, ValidationFailed
from nxus.services.permissions import ROLES, Actor, Forbidden, may_manage_role, require


class LinkRejected(ServiceError):
    """An invitation or reset link that cannot be used; `reason` says why in words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


LINK_WORDS = {
    "unknown": "This link is not valid. Check that the whole link was copied.",
    "used": "This link was already used. Ask for a new one if you still need it.",
    "expired": "This link has expired. Ask for a new one.",
    "revoked": "This invitation was withdrawn. Ask for a new one.",
}


@dataclass(frozen=True)
class NewLink:
    token: str  # the only copy: shown or emailed once
    email: str


# --- members ---------------------------------------------------------------------------------


def members(session: Session, org_id: uuid.UUID) -> list[Membership]:
    """The organization's members, owners first, then by email."""
    order = {role: i for i, role in enumerate(ROLES)}
    rows = list(
        session.scalars(select(Membership).join(User).where(Membership.organization_id == org_id))
    )
    return sorted(rows, key=lambda m: (order.get(m.role, 9), m.user.email))


def _member(session: Session, org_id: uuid.UUID, user_id: uuid.UUID) -> Membership:
    """A member of this organization (another organization's is NotFound)."""
    membership = session.scalar(
        select(Membership).where(
            Membership.organization_id == org_id, Membership.user_id == user_id
        )
    )
    if membership is None:
        raise NotFound(f"no member {user_id}")
    return membership


def _owners(session: Session, org_id: uuid.UUID) -> int:
    query = select(func.count()).select_from(Membership)
    query = query.where(Membership.organization_id == org_id, Membership.role == "owner")
    return session.scalar(query) or 0


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationFailed("role", "Choose owner, admin, developer or viewer.")
    return role


def change_role(session: Session, actor: Actor, user_id: uuid.UUID, role: str) -> Membership:
    """Give a member another role; the last owner keeps theirs. Commits."""
    require(actor, "team.manage")
    membership = _member(session, actor.organization_id, user_id)
    role = _check_role(role)
    old = membership.role
    if not (may_manage_role(actor, old) and may_manage_role(actor, role)):
        raise Forbidden("manage owners", actor.role)
    if old == role:
        return membership
    if old == "owner" and _owners(session, actor.organization_id) <= 1:
        raise Conflict("An organization needs an owner: make someone else owner first.")
    membership.role = role
    audit.record(session, org_id=actor.organization_id, actor_user_id=actor.user_id,
                 kind="member.role_changed", target=membership.user.email, ip=actor.ip,
                 detail=f"{old} → {role}")  # fmt: skip
    session.commit()
    return membership


def remove(session: Session, actor: Actor, user_id: uuid.UUID) -> str:
    """Remove a member: their account goes and every session of theirs ends at once (the
    portal finds no user behind the session). The last owner stays. Commits; returns the
    removed address."""
    require(actor, "team.manage")
    membership = _member(session, actor.organization_id, user_id)
    if not may_manage_role(actor, membership.role):
        raise Forbidden("remove an owner", actor.role)
    if membership.role == "owner" and _owners(session, actor.organization_id) <= 1:
        raise Conflict("An organization needs an owner: the last owner cannot be removed.")
    user = membership.user
    email = user.email
    audit.record(session, org_id=actor.organization_id, actor_user_id=actor.user_id,
                 kind="member.removed", target=email, ip=actor.ip,
                 detail=f"was {membership.role}")  # fmt: skip
    session.delete(membership)
    session.flush()
    if session.scalar(select(func.count()).select_from(Membership).where(
            Membership.user_id == user.id)) == 0:  # fmt: skip
        session.delete(user)
    else:
        user.session_version += 1
    session.commit()
    return email


# --- invitations -------------------------------------------------------------------------


def pending_invites(session: Session, org_id: uuid.UUID) -> list[Invite]:
    now = utcnow()
    return list(
        session.scalars(
            select(Invite)
            .where(
                Invite.organization_id == org_id,
                Invite.accepted_at.is_(None),
                Invite.revoked_at.is_(None),
                Invite.expires_at > now,
            )
            .order_by(Invite.created_at.desc())
        )
    )


def invite(session: Session, actor: Actor, email: str, role: str) -> NewLink:
    """A one-time invitation link for `email` with `role` (a newer one for the same address
    replaces it). Commits; the token is returned once."""
    require(actor, "team.manage")
    email = check_email(email)
    role = _check_role(role)
    if not may_manage_role(actor, role):
        raise Forbidden("invite an owner", actor.role)
    existing = session.scalar(select(User).where(User.email == email))
    if existing is not None:
        mine = session.scalar(
            select(Membership).where(
                Membership.user_id == existing.id,
                Membership.organization_id == actor.organization_id,
            )
        )
        if mine is not None:
            raise ValidationFailed("email", f"{email} is already a member of this team.")
        raise ValidationFailed(
            "email", f"{email} already has an nXus account in another organization."
        )
    now = utcnow()
    session.execute(
        update(Invite)
        .where(
            Invite.organization_id == actor.organization_id,
            Invite.email == email,
            Invite.accepted_at.is_(None),
            Invite.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    token = random_token(32)
    days = current_app.config["INVITE_VALID_DAYS"]
    session.add(
        Invite(
            organization_id=actor.organization_id,
            email=email,
            role=role,
            token_hash=sha256_hex(token),
            created_by_id=actor.user_id,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    audit.record(session, org_id=actor.organization_id, actor_user_id=actor.user_id,
                 kind="invite.created", target=email, ip=actor.ip,
                 detail=f"as {role}, valid {days} days")  # fmt: skip
    session.commit()
    return NewLink(token, email)


def revoke_invite(session: Session, actor: Actor, invite_id: uuid.UUID) -> Invite:
    require(actor, "team.manage")
    row = session.get(Invite, invite_id)
    if row is None or row.organization_id != actor.organization_id:
        raise NotFound(f"no invite {invite_id}")
    if not may_manage_role(actor, row.role):
        raise Forbidden("withdraw an owner's invitation", actor.role)
    if row.revoked_at is None and row.accepted_at is None:
        row.revoked_at = utcnow()
        audit.record(session, org_id=actor.organization_id, actor_user_id=actor.user_id,
                     kind="invite.revoked", target=row.email, ip=actor.ip)  # fmt: skip
        session.commit()
    return row


def invite_for_token(session: Session, token: str) -> Invite:
    """The invitation a link names, or LinkRejected with the reason."""
    row = session.scalar(select(Invite).where(Invite.token_hash == sha256_hex(token.strip())))
    if row is None:
        raise LinkRejected("unknown")
    if row.accepted_at is not None:
        raise LinkRejected("used")
    if row.revoked_at is not None:
        raise LinkRejected("revoked")
    if row.expires_at <= utcnow():
        raise LinkRejected("expired")
    return row


def join(session: Session, token: str, password: str, ip: str | None) -> User:
    """Accept an invitation: the account is made with the chosen password. Commits."""
    row = invite_for_token(session, token)
    check_password(password)
    if session.scalar(select(User).where(User.email == row.email)) is not None:
        raise LinkRejected("used")
    claimed = session.execute(
        update(Invite)
        .where(Invite.id == row.id, Invite.accepted_at.is_(None))
        .values(accepted_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        session.rollback()
        raise LinkRejected("used")
    user = User(email=row.email, password_hash=hash_password(password))
    session.add_all([user, Membership(user=user, organization_id=row.organization_id,
                                      role=row.role)])  # fmt: skip
    session.flush()
    audit.record(session, org_id=row.organization_id, actor_user_id=user.id,
                 kind="member.joined", target=row.email, ip=ip,
                 detail=f"as {row.role}")  # fmt: skip
    session.commit()
    return user


# --- passwords ---------------------------------------------------------------------------


def change_password(
    session: Session, user: User, org_id: uuid.UUID, current: str, new: str, ip: str | None
) -> int:
    """Change one's own password; every other session of the user ends. Returns the new
    session version (the caller keeps its own session with it). Commits."""
    if not verify_password(user.password_hash, current):
        raise ValidationFailed("current_password", "That is not your current password.")
    check_password(new)
    if new == current:
        raise ValidationFailed("new_password", "Choose a password different from the current one.")
    _set_password(user, new)
    audit.record(session, org_id=org_id, actor_user_id=user.id, kind="password.changed",
                 target=user.email, ip=ip, detail="other sessions ended")  # fmt: skip
    session.commit()
    return user.session_version


def _set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    user.session_version += 1


def _new_reset(session: Session, user: User) -> str:
    now = utcnow()
    token = random_token(32)
    minutes = current_app.config["PASSWORD_RESET_VALID_MINUTES"]
    session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=sha256_hex(token),
            created_at=now,
            expires_at=now + timedelta(minutes=minutes),
        )
    )
    return token


def issue_reset(session: Session, actor: Actor, user_id: uuid.UUID) -> NewLink:
    """A reset link for a member, issued by an owner or admin (admins not for owners)."""
    require(actor, "team.manage")
    membership = _member(session, actor.organization_id, user_id)
    if not may_manage_role(actor, membership.role):
        raise Forbidden("reset an owner's password", actor.role)
    token = _new_reset(session, membership.user)
    audit.record(session, org_id=actor.organization_id, actor_user_id=actor.user_id,
                 kind="password.reset_issued", target=membership.user.email,
                 ip=actor.ip)  # fmt: skip
    session.commit()
    return NewLink(token, membership.user.email)


def issue_reset_by_email(session: Session, email: str, ip: str | None, by: str) -> NewLink | None:
    """A reset link for the account with `email`, None when there is none (the operator's
    command and "Forgot password?"; the latter must not tell the difference). Commits."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None or not user.is_active:
        return None
    membership = session.scalar(select(Membership).where(Membership.user_id == user.id))
    token = _new_reset(session, user)
    audit.record(session, org_id=membership.organization_id if membership else None,
                 actor_user_id=None, kind="password.reset_issued", target=user.email, ip=ip,
                 detail=by)  # fmt: skip
    session.commit()
    return NewLink(token, user.email)


def reset_for_token(session: Session, token: str) -> PasswordReset:
    row = session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == sha256_hex(token.strip()))
    )
    if row is None:
        raise LinkRejected("unknown")
    if row.used_at is not None:
        raise LinkRejected("used")
    if row.expires_at <= utcnow():
        raise LinkRejected("expired")
    return row


def complete_reset(session: Session, token: str, password: str, ip: str | None) -> User:
    """Set a new password through a reset link; the link and any other open link of the
    user stop working, and every session of the user ends. Commits."""
    row = reset_for_token(session, token)
    check_password(password)
    now = utcnow()
    claimed = session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == row.user_id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    if claimed.rowcount < 1:  # type: ignore[attr-defined]
        session.rollback()
        raise LinkRejected("used")
    user = row.user
    _set_password(user, password)
    membership = session.scalar(select(Membership).where(Membership.user_id == user.id))
    audit.record(session, org_id=membership.organization_id if membership else None,
                 actor_user_id=user.id, kind="password.reset", target=user.email,
                 ip=ip)  # fmt: skip
    session.commit()
    return user


# --- organization settings ---------------------------------------------------------------


def set_require_two_factor(
    session: Session, actor: Actor, required: bool, actor_has_two_factor: bool
) -> Organization:
    """Owners only. Turning it on needs the owner's own two-factor first (no lock-out)."""
    require(actor, "org.settings")
    org = session.get(Organization, actor.organization_id)
    if org is None:
        raise NotFound("no organization")
    if required and not actor_has_two_factor:
        raise ValidationFailed(
            "require_two_factor", "Turn on two-factor sign-in for your own account first."
        )
    if org.require_two_factor != required:
        org.require_two_factor = required
        audit.record(session, org_id=org.id, actor_user_id=actor.user_id,
                     kind="org.settings", target=org.name, ip=actor.ip,
                     detail="two-factor required" if required
                     else "two-factor no longer required")  # fmt: skip
        session.commit()
    return org
