"""Two-factor sign-in with TOTP (RFC 6238, 30-second steps, 6 digits) and recovery codes.

Enrolment keeps a pending secret until the member proves their app has it with one code; then
ten single-use recovery codes are made, shown once and stored as SHA-256. A code is accepted
for the previous, current or next step, and never for a step at or before the last accepted
one, so a code seen over someone's shoulder cannot be replayed."""

from __future__ import annotations

import hmac
import secrets
import time
import uuid
from dataclasses import dataclass

import pyotp
import segno
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from nxus.db import utcnow
from nxus.models import RecoveryCode, User
from nxus.security import sha256_hex
from nxus.services import audit
from nxus.services.errors import Conflict, ServiceError, ValidationFailed

ISSUER = "nXus"
STEP_SECONDS = 30
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


class WrongCode(ServiceError):
    def __init__(
        self, message: str = "That code is not right. Check your app and try again."
    ) -> None:
        super().__init__(message)
        self.message = message


class CodeReused(WrongCode):
    def __init__(self) -> None:
        super().__init__("That code was already used. Wait for the next code in your app.")


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str
    svg: str


def enabled(user: User) -> bool:
    return user.totp_secret is not None


def begin(session: Session, user: User) -> Enrolment:
    """A pending secret for the member's app (the same one until confirmed); commits."""
    if enabled(user):
        raise Conflict("two-factor sign-in is already on")
    if user.totp_pending_secret is None:
        user.totp_pending_secret = pyotp.random_base32()
        session.commit()
    secret = user.totp_pending_secret
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)
    return Enrolment(secret, uri, qr_svg(uri))


def qr_svg(data: str) -> str:
    """An inline SVG QR code, drawn on the server (no script, no third party)."""
    code = segno.make(data, error="m")
    return code.svg_inline(scale=4, border=2, dark="#0f172a", light="#ffffff", omitsize=True)


def pretty_secret(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def _matching_step(secret: str, code: str, now: float) -> int | None:
    totp = pyotp.TOTP(secret)
    current = int(now // STEP_SECONDS)
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def confirm(
    session: Session, user: User, code: str, ip: str | None, org_id: uuid.UUID | None
) -> list[str]:
    """Turn two-factor on with a first code from the app; returns the recovery codes (shown
    once). Commits."""
    if enabled(user) or user.totp_pending_secret is None:
        raise Conflict("no two-factor enrolment is waiting")
    code = _clean(code)
    if not (code.isdigit() and len(code) == 6):
        raise ValidationFailed("code", "Enter the 6-digit code your app shows.")
    step = _matching_step(user.totp_pending_secret, code, time.time())
    if step is None:
        raise ValidationFailed("code", "That code is not right. Check the time on your phone.")
    user.totp_secret = user.totp_pending_secret
    user.totp_pending_secret = None
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    codes = _replace_recovery_codes(session, user)
    audit.record(session, org_id=org_id, actor_user_id=user.id, kind="two_factor.enabled",
                 target=user.email, ip=ip)  # fmt: skip
    session.commit()
    return codes


def _replace_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        session.add(RecoveryCode(user_id=user.id, code_hash=sha256_hex(raw)))
    return codes


def regenerate_recovery_codes(session: Session, user: User) -> list[str]:
    """New recovery codes (the old ones stop working); commits."""
    if not enabled(user):
        raise Conflict("two-factor sign-in is off")
    codes = _replace_recovery_codes(session, user)
    session.commit()
    return codes


def recovery_codes_left(session: Session, user: User) -> int:
    rows = session.scalars(
        select(RecoveryCode.id).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )
    return len(list(rows))


def verify(session: Session, user: User, code: str) -> str:
    """Check a sign-in code: a TOTP code ("totp") or an unused recovery code ("recovery").
    Raises WrongCode or CodeReused; on success records the use (the caller commits)."""
    if not enabled(user):
        raise WrongCode()
    code = _clean(code)
    if code.isdigit() and len(code) == 6:
        assert user.totp_secret is not None
        step = _matching_step(user.totp_secret, code, time.time())
        if step is None:
            raise WrongCode()
        if user.totp_last_step is not None and step <= user.totp_last_step:
            raise CodeReused()
        # Conditional, so two requests racing with one code (two processes) cannot both win.
        claimed = session.execute(
            update(User)
            .where(
                User.id == user.id,
                or_(User.totp_last_step.is_(None), User.totp_last_step < step),
            )
            .values(totp_last_step=step)
            .execution_options(synchronize_session="fetch")
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise CodeReused()
        return "totp"
    if len(code) == 10:
        used = session.execute(
            update(RecoveryCode)
            .where(
                RecoveryCode.user_id == user.id,
                RecoveryCode.code_hash == sha256_hex(code),
                RecoveryCode.used_at.is_(None),
            )
            .values(used_at=utcnow())
        )
        if used.rowcount == 1:  # type: ignore[attr-defined]
            return "recovery"
    raise WrongCode()


def disable(
    session: Session, user: User, ip: str | None, org_id: uuid.UUID | None, required: bool
) -> None:
    """Turn two-factor off (not while the organization requires it); commits."""
    if required:
        raise ValidationFailed(
            "code", "Your organization requires two-factor sign-in: it cannot be turned off."
        )
    user.totp_secret = None
    user.totp_pending_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    audit.record(session, org_id=org_id, actor_user_id=user.id, kind="two_factor.disabled",
                 target=user.email, ip=ip)  # fmt: skip
    session.commit()
