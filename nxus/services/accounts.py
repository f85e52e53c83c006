"""Organizations and users: first-run setup, the CLI's create-user, and the rules for emails,
passwords and names (sign-in itself: nxus.services.sign_in)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nxus.models import Membership, Organization, User
from nxus.security import hash_password
from nxus.services.errors import ServiceError, ValidationFailed

EMAIL_MAX = 254
PASSWORD_MIN = 12
PASSWORD_MAX = 256
ORG_NAME_MAX = 120
# Deliberately simple: one @, something on both sides, a dot in the domain, no spaces.
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InvalidCredentials(ServiceError):
    """Wrong email or password (deliberately not saying which)."""


class LoginThrottled(ServiceError):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"locked for {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class NewAccount:
    organization: Organization
    user: User


def normalize_email(email: str) -> str:
    return email.strip().lower()


def check_email(email: str) -> str:
    email = normalize_email(email)
    if not email:
        raise ValidationFailed("email", "Enter your email address.")
    if len(email) > EMAIL_MAX:
        raise ValidationFailed("email", f"An email address has at most {EMAIL_MAX} characters.")
    if not _EMAIL_RE.match(email):
        raise ValidationFailed("email", "Enter a valid email address, like name@example.com.")
    return email


def check_password(password: str) -> str:
    if len(password) < PASSWORD_MIN:
        raise ValidationFailed("password", f"Use at least {PASSWORD_MIN} characters.")
    if len(password) > PASSWORD_MAX:
        raise ValidationFailed("password", f"Use at most {PASSWORD_MAX} characters.")
    return password


def check_org_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed("organization", "Enter your organization's name.")
    if len(name) > ORG_NAME_MAX:
        raise ValidationFailed("organization", f"Use at most {ORG_NAME_MAX} characters.")
    return name


def setup_required(session: Session) -> bool:
    """True until the first user exists."""
    return session.scalar(select(func.count()).select_from(User)) == 0


def create_owner(session: Session, organization: str, email: str, password: str) -> NewAccount:
    """First-run setup: the organization and its owner, all or nothing."""
    org_name = check_org_name(organization)
    email = check_email(email)
    check_password(password)
    if not setup_required(session):
        raise ServiceError("setup already done")
    account = _create(session, org_name, email, password, role="owner", admin=True)
    session.commit()
    return account


def create_user(
    session: Session, email: str, password: str, org_name: str | None, admin: bool
) -> NewAccount:
    """Add a user to an organization (created when it does not exist yet)."""
    email = check_email(email)
    check_password(password)
    if session.scalar(select(User).where(User.email == email)) is not None:
        raise ValidationFailed("email", f"A user with the email {email} already exists.")
    name = check_org_name(org_name or "My organization")
    org = session.scalar(select(Organization).where(Organization.name == name))
    role = "admin" if admin else "developer"
    if org is None:
        account = _create(session, name, email, password, role="owner", admin=admin)
    else:
        user = User(email=email, password_hash=hash_password(password), is_admin=admin)
        session.add_all([user, Membership(user=user, organization=org, role=role)])
        account = NewAccount(org, user)
    session.commit()
    return account


def _create(
    session: Session, org_name: str, email: str, password: str, role: str, admin: bool
) -> NewAccount:
    org = Organization(name=org_name)
    user = User(email=email, password_hash=hash_password(password), is_admin=admin)
    session.add_all([org, user, Membership(user=user, organization=org, role=role)])
    return NewAccount(org, user)


def organization_of(session: Session, user: User) -> Organization:
    """The user's organization (a user belongs to one in this version)."""
    membership = session.scalar(
        select(Membership).where(Membership.user_id == user.id).order_by(Membership.id)
    )
    if membership is None:
        raise ServiceError(f"user {user.email} belongs to no organization")
    return membership.organization
