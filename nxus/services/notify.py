"""Email for connection.stale and connection.error to the organization's owners and admins,
when NXUS_SMTP_URL is set (smtp://user:password@host:587 with STARTTLS, smtps://…:465).
Sent by the delivery worker after fan-out, so each event is mailed once; a failure is logged
(never the URL: it may hold a password) and not retried."""

from __future__ import annotations

import json
import logging
import smtplib
from collections.abc import Sequence
from datetime import timedelta
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import Flask
from sqlalchemy import select

from nxus.db import new_session
from nxus.models import Membership, User
from nxus.models.events import Event
from nxus.services import events

log = logging.getLogger("nxus.notify")
MAILED = (events.STALE, events.CONNECTION_ERROR)
# The same problem of the same connection is mailed at most once in this window (a refused
# password is reported at every Web Connector attempt).
QUIET_WINDOW = timedelta(hours=1)


def _code(event: Event) -> str | None:
    return (json.loads(event.data).get("error") or {}).get("code")


def already_reported(app: Flask, event: Event) -> bool:
    """An earlier event of the same type, connection and error code within QUIET_WINDOW."""
    with new_session(app) as db:
        earlier = db.scalars(
            select(Event).where(
                Event.type == event.type,
                Event.connection_id == event.connection_id,
                Event.created_at >= event.created_at - QUIET_WINDOW,
                Event.created_at <= event.created_at,
                Event.id != event.id,
            )
        ).all()
        found = any(_code(e) == _code(event) for e in earlier)
        db.rollback()
    return found


def recipients(app: Flask, organization_id: object) -> list[str]:
    with new_session(app) as db:
        rows = db.scalars(
            select(User.email)
            .join(Membership, Membership.user_id == User.id)
            .where(
                Membership.organization_id == organization_id,
                Membership.role.in_(("owner", "admin")),
                User.is_active.is_(True),
            )
        ).all()
        db.rollback()
    return sorted(set(rows))


def message_for(event: Event, sender: str, to: list[str]) -> EmailMessage:
    data = json.loads(event.data)
    conn = data.get("object", {})
    name = conn.get("description") or conn.get("companyName") or conn.get("id")
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    if event.type == events.STALE:
        msg["Subject"] = f"nXus: {name} has stopped checking in"
        body = (
            f"The Web Connector of the connection {name} has not checked in since "
            f"{conn.get('lastCheckInAt') or 'ever'}.\n\nCheck that the Web Connector is running "
            "on the QuickBooks computer, that the nXus entry is ticked for auto-run, and that "
            "the computer can reach this server."
        )
    else:
        error = data.get("error", {})
        msg["Subject"] = f"nXus: {name}: {error.get('title', 'a problem')}"
        body = (
            f"{error.get('title')}.\n\n{error.get('explanation')}\n\nHow to fix it: "
            f"{error.get('fix')}\n\nMore: {error.get('supportUrl')}"
        )
    msg.set_content(body + f"\n\nEvent {event.public_id} ({event.type}).\n")
    return msg


def mail_for(app: Flask, dispatched: Sequence[Event]) -> int:
    """Mail the stale/error events among `dispatched`; returns the number of messages sent."""
    url = app.config.get("SMTP_URL")
    wanted = [e for e in dispatched if e.type in MAILED]
    if not url or not wanted:
        return 0
    sent = 0
    for event in wanted:
        to = recipients(app, event.organization_id)
        if not to or already_reported(app, event):
            continue
        try:
            _send(url, message_for(event, str(app.config["SMTP_FROM"]), to))
            sent += 1
        except (OSError, smtplib.SMTPException) as exc:
            log.warning("could not email %s for %s: %s", to, event.public_id, type(exc).__name__)
    return sent


def _send(url: str, msg: EmailMessage) -> None:
    parts = urlsplit(url)
    secure = parts.scheme == "smtps"
    port = parts.port or (465 if secure else 25)
    host = parts.hostname or "localhost"
    smtp: smtplib.SMTP = (
        smtplib.SMTP_SSL(host, port, timeout=10) if secure else smtplib.SMTP(host, port, timeout=10)
    )
    with smtp:
        if not secure and port == 587:
            smtp.starttls()
        if parts.username:
            smtp.login(unquote(parts.username), unquote(parts.password or ""))
        smtp.send_message(msg)
