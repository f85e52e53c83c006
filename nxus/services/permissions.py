"""Roles and what each may do. Every service that changes something asks `require` first, so
a forged form post is refused whatever the templates show; views map `Forbidden` to 403.

- owner: everything, including the team's owners and the organization's settings;
- admin: the team (but not its owners: neither invite, change, remove nor reset one), API keys
  and connections, and the audit log;
- developer: API keys and connections;
- viewer: reads status, jobs and logs; changes nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nxus.models import Membership, User
from nxus.services.errors import ServiceError

ROLES = ("owner", "admin", "developer", "viewer")
ROLE_LABELS = {
    "owner": "Owner",
    "admin": "Admin",
    "developer": "Developer",
    "viewer": "Viewer",
}
ROLE_HINTS = {
    "owner": "Everything, including the team and the organization's settings.",
    "admin": "The team (except owners), API keys, connections and the audit log.",
    "developer": "API keys and connections.",
    "viewer": "Reads status, jobs and logs; changes nothing.",
}

# action -> roles allowed
ACTIONS: dict[str, frozenset[str]] = {
    "keys.manage": frozenset({"owner", "admin", "developer"}),
    "connections.manage": frozenset({"owner", "admin", "developer"}),
    "team.manage": frozenset({"owner", "admin"}),
    "audit.read": frozenset({"owner", "admin"}),
    "org.settings": frozenset({"owner"}),
}


class Forbidden(ServiceError):
    """The member's role does not allow the action."""

    def __init__(self, action: str, role: str | None) -> None:
        super().__init__(f"a {role or 'non-member'} may not {action}")
        self.action = action
        self.role = role


@dataclass(frozen=True)
class Actor:
    """A signed-in member acting in their organization, and the address they act from."""

    user_id: uuid.UUID
    organization_id: uuid.UUID
    role: str
    email: str
    ip: str | None = None

    def can(self, action: str) -> bool:
        return allowed(self.role, action)


def allowed(role: str | None, action: str) -> bool:
    return role in ACTIONS[action]


def require(actor: Actor, action: str) -> None:
    """Raise Forbidden unless the actor's role allows `action`."""
    if not allowed(actor.role, action):
        raise Forbidden(action, actor.role)


def may_manage_role(actor: Actor, role: str) -> bool:
    """Whether the actor may give or take away `role` (admins never touch owners)."""
    return actor.role == "owner" or (actor.role == "admin" and role != "owner")


def membership_of(session: Session, user_id: uuid.UUID) -> Membership | None:
    """The user's membership (one organization per user in this version)."""
    return session.scalar(
        select(Membership).where(Membership.user_id == user_id).order_by(Membership.id)
    )


def actor_for(session: Session, user: User, ip: str | None = None) -> Actor:
    """The Actor of a signed-in user; a user without a membership has no role."""
    membership = membership_of(session, user.id)
    if membership is None:
        raise Forbidden("act", None)
    return Actor(user.id, membership.organization_id, membership.role, user.email, ip)
