"""Email through the SMTP server named by SMTP_URL (smtplib; nothing is sent without one)."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import current_app

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 15


class MailFailed(Exception):
    pass


def configured() -> bool:
    return bool(current_app.config.get("SMTP_URL"))


def send(to: str, subject: str, body: str) -> None:
    """Send a plain-text message; MailFailed when the server cannot be reached or refuses.
    The log names the recipient and subject only (bodies hold one-time links)."""
    url = urlsplit(current_app.config["SMTP_URL"])
    if url.scheme not in ("smtp", "smtps"):
        raise MailFailed("NXUS_SMTP_URL must start with smtp:// or smtps://")
    message = EmailMessage()
    message["From"] = current_app.config["SMTP_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    host = url.hostname or "localhost"
    try:
        if url.scheme == "smtps":
            client: smtplib.SMTP = smtplib.SMTP_SSL(host, url.port or 465, timeout=TIMEOUT_SECONDS)
        else:
            client = smtplib.SMTP(host, url.port or 25, timeout=TIMEOUT_SECONDS)
        with client:
            if url.scheme == "smtp" and client.has_extn("starttls"):
                client.starttls()
            if url.username:
                client.login(unquote(url.username), unquote(url.password or ""))
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("email to %s (%s) failed: %s", to, subject, type(exc).__name__)
        raise MailFailed(str(exc)) from exc
    log.info("emailed %s: %s", to, subject)
