"""Portal sign-in: password, then the second factor when the member has one.

Failures are throttled in the database (so across processes) per (account, address) and per
address, never per account alone: someone elsewhere who knows an email cannot lock its owner
out. A browser that signed in before (a known device: the portal keeps a signed cookie) is
throttled on its own, so failures from the office network do not keep it out either; and while
an address is locked, a member with two-factor sign-in still gets in with the password and a
correct code together."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from nxus.db import utcnow
from nxus.models import User
from nxus.security import verify_password
from nxus.services import audit, permissions, throttle, two_factor
from nxus.services.accounts import (
    EMAIL_MAX,
    InvalidCredentials,
    LoginThrottled,
    normalize_email,
)


@dataclass(frozen=True)
class PasswordOk:
    user: User
    # True when the second factor was checked already (the locked-out path asks for both).
    second_factor_done: bool


def _policy(max_failures: int) -> throttle.ThrottlePolicy:
    cfg = current_app.config
    return throttle.ThrottlePolicy(
        max_failures, cfg["LOGIN_WINDOW_SECONDS"], cfg["LOGIN_LOCKOUT_SECONDS"]
    )


def policies(
    email: str, remote_addr: str | None, device: str | None
) -> dict[str, throttle.ThrottlePolicy]:
    """The throttle keys a sign-in attempt counts against."""
    cfg = current_app.config
    if device:
        return {f"login-device:{device}": _policy(cfg["LOGIN_MAX_FAILURES"])}
    address = remote_addr or "unknown"
    return {
        f"login:{email}|{address}": _policy(cfg["LOGIN_MAX_FAILURES"]),
        f"login-ip:{address}": _policy(cfg["LOGIN_MAX_FAILURES_PER_ADDRESS"]),
    }


def _org_id(session: Session, user: User | None) -> uuid.UUID | None:
    membership = permissions.membership_of(session, user.id) if user else None
    return membership.organization_id if membership else None


def check_password(
    session: Session,
    email: str,
    password: str,
    remote_addr: str | None,
    device_user_id: uuid.UUID | None = None,
    device: str | None = None,
    code: str | None = None,
) -> PasswordOk:
    """The first step. `device`/`device_user_id` come from a known-device cookie (used only
    when it names this account); `code` is the second factor offered while locked out."""
    email = normalize_email(email)[:EMAIL_MAX]
    user = session.scalar(select(User).where(User.email == email))
    known = device if user is not None and device_user_id == user.id else None
    rules = policies(email, remote_addr, known)
    locked = max(throttle.seconds_locked(session, key) for key in rules)
    ok = verify_password(user.password_hash if user else None, password)
    ok = ok and user is not None and user.is_active
    if locked:
        if ok and user is not None and code and two_factor.enabled(user):
            try:
                check_second_factor(session, user, code, remote_addr)
            except (two_factor.WrongCode, LoginThrottled):
                pass
            else:
                for key in rules:
                    throttle.reset(session, key)
                session.commit()
                return PasswordOk(user, True)
        if user is not None:
            audit.record(session, org_id=_org_id(session, user), actor_user_id=user.id,
                         kind="sign_in.locked", target=email, ip=remote_addr,
                         detail=f"locked for {locked} s")  # fmt: skip
            session.commit()
        raise LoginThrottled(locked)
    if not ok or user is None:
        if user is not None:
            audit.record(session, org_id=_org_id(session, user), actor_user_id=user.id,
                         kind="sign_in.failed", target=email, ip=remote_addr,
                         detail="wrong password")  # fmt: skip
        for key, policy in rules.items():
            throttle.record_failure(session, key, policy)
        raise InvalidCredentials()
    for key in rules:
        throttle.reset(session, key)
    session.commit()
    return PasswordOk(user, False)


def second_factor_key(user: User) -> str:
    return f"login-2fa:{user.id}"


def check_second_factor(session: Session, user: User, code: str, remote_addr: str | None) -> str:
    """The second step: a TOTP or recovery code ("totp" / "recovery"). Wrong codes are
    throttled per account (only someone with the password gets here). Commits."""
    key = second_factor_key(user)
    locked = throttle.seconds_locked(session, key)
    if locked:
        raise LoginThrottled(locked)
    try:
        how = two_factor.verify(session, user, code)
    except two_factor.WrongCode as exc:
        session.rollback()
        audit.record(session, org_id=_org_id(session, user), actor_user_id=user.id,
                     kind="sign_in.failed", target=user.email, ip=remote_addr,
                     detail="reused two-factor code" if isinstance(exc, two_factor.CodeReused)
                     else "wrong two-factor code")  # fmt: skip
        policy = _policy(current_app.config["TWO_FACTOR_MAX_FAILURES"])
        throttle.record_failure(session, key, policy)
        raise
    throttle.reset(session, key)
    if how == "recovery":
        audit.record(session, org_id=_org_id(session, user), actor_user_id=user.id,
                     kind="two_factor.recovery_used", target=user.email, ip=remote_addr,
                     detail=f"{two_factor.recovery_codes_left(session, user)} left")  # fmt: skip
    session.commit()
    return how


def signed_in(session: Session, user: User, remote_addr: str | None, how: str) -> None:
    """Record a completed sign-in (last sign-in time and the audit row); commits."""
    user.last_login_at = utcnow()
    audit.record(session, org_id=_org_id(session, user), actor_user_id=user.id,
                 kind="sign_in.ok", target=user.email, ip=remote_addr, detail=how)  # fmt: skip
    session.commit()
