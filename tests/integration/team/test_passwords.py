"""Changing a password ends the user's other sessions; reset links (issued by an admin, by the
operator's command, or emailed by "Forgot password?") work once, for an hour, for the member
they were made for, and never tell whether an address has an account."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update

from nxus import create_app
from nxus.db import Base, engine_for, new_session, utcnow
from nxus.models import PasswordReset, User
from tests.conftest import OWNER, AuthActions
from tests.integration.team.conftest import PASSWORD, TARGET, Browser, Team, signed_in
from tests.integration.team.smtp_sink import SmtpSink
from tests.integration.team.test_team import LINK_RE

NEW = "a brand new long password"


def hash_of(team: Team, email: str) -> str:
    with new_session(team.app) as s:
        user = s.scalar(select(User).where(User.email == email))
        assert user is not None
        return user.password_hash


def test_change_password_ends_other_sessions_and_the_old_one_fails(team: Team) -> None:
    here = signed_in(team, "viewer")
    elsewhere = signed_in(team, "viewer", "10.9.9.9")
    answer = here.post("/account/password", {"current_password": PASSWORD, "new_password": NEW})
    assert answer.status_code == 302
    assert here.get("/dashboard").status_code == 200  # this session goes on
    gone = elsewhere.get("/dashboard")
    assert gone.status_code == 302 and "/login" in gone.headers["Location"]
    assert Browser(team.app).login("viewer@example.com", PASSWORD).status_code == 401
    assert Browser(team.app).login("viewer@example.com", NEW).status_code == 302


@pytest.mark.parametrize(
    ("current", "new", "words"),
    [
        ("wrong password here", NEW, "That is not your current password."),
        (PASSWORD, "short", "Use at least 12 characters."),
        (PASSWORD, PASSWORD, "Choose a password different from the current one."),
    ],
)
def test_change_password_bad_input(team: Team, current: str, new: str, words: str) -> None:
    before = hash_of(team, "viewer@example.com")
    viewer = signed_in(team, "viewer")
    answer = viewer.post("/account/password", {"current_password": current, "new_password": new})
    assert answer.status_code == 400 and words in answer.get_data(as_text=True)
    assert hash_of(team, "viewer@example.com") == before


def admin_reset_link(team: Team, email: str = TARGET) -> str:
    admin = signed_in(team, "admin")
    answer = admin.post(
        f"/settings/team/members/{team.users[email]}/reset-link", page="/settings/team"
    )
    match = LINK_RE.search(answer.get_data(as_text=True))
    assert match and match.group(2) == "reset-password", answer.get_data(as_text=True)
    return match.group(3)


def reset(team: Team, token: str, password: str = NEW) -> Any:
    return Browser(team.app, "10.2.2.2").post(
        "/reset-password", {"token": token, "password": password}
    )


def test_reset_link_works_once_and_ends_sessions(team: Team) -> None:
    session_before = signed_in(team, TARGET)
    token = admin_reset_link(team)
    with new_session(team.app) as s:
        assert s.scalar(select(PasswordReset.token_hash)) != token
    weak = reset(team, token, "short")
    assert weak.status_code == 400 and "Use at least 12 characters." in weak.get_data(as_text=True)
    answer = reset(team, token)
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/login")
    assert session_before.get("/dashboard").status_code == 302
    assert Browser(team.app).login(TARGET, NEW).status_code == 302
    again = reset(team, token, "yet another long password")
    assert again.status_code == 410 and "already used" in again.get_data(as_text=True)
    assert Browser(team.app).login(TARGET, NEW).status_code == 302


def test_expired_and_unknown_reset_links(team: Team) -> None:
    token = admin_reset_link(team)
    with new_session(team.app) as s:
        s.execute(update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))
        s.commit()
    answer = reset(team, token)
    assert answer.status_code == 410 and "expired" in answer.get_data(as_text=True)
    assert reset(team, "nope" * 11).status_code == 404
    assert Browser(team.app).login(TARGET, PASSWORD).status_code == 302


def test_a_reset_link_changes_only_its_own_member(team: Team) -> None:
    """The link names its user: nobody else's password changes, and a newer link for the
    same member retires the older one once used."""
    others = {e: hash_of(team, e) for e in ("viewer@example.com", "admin@example.com")}
    first = admin_reset_link(team)
    second = admin_reset_link(team)
    assert reset(team, second).status_code == 302
    assert reset(team, first).status_code == 410
    assert {e: hash_of(team, e) for e in others} == others


def test_cli_prints_a_reset_link(team: Team) -> None:
    runner = team.app.test_cli_runner()
    result = runner.invoke(args=["nxus", "reset-password", TARGET])
    assert result.exit_code == 0, result.output
    match = re.fullmatch(
        r"http://localhost:8000/reset-password#([A-Za-z0-9_-]{43})\n", result.output
    )
    assert match
    assert reset(team, match.group(1)).status_code == 302
    missing = runner.invoke(args=["nxus", "reset-password", "nobody@example.com"])
    assert missing.exit_code != 0 and "No user with the email" in missing.output


def test_forgot_password_without_email_explains_what_to_do(team: Team) -> None:
    page = Browser(team.app).text("/forgot-password")
    assert "Ask an owner or admin" in page and "flask nxus reset-password" in page
    assert 'href="/forgot-password"' in Browser(team.app).text("/login")


@pytest.fixture
def mail_app(app_config: dict[str, Any]) -> Iterator[tuple[Flask, SmtpSink]]:
    with SmtpSink() as sink:
        app = create_app({**app_config, "SMTP_URL": sink.url})
        Base.metadata.create_all(engine_for(app))
        yield app, sink
        engine_for(app).dispose()


def test_forgot_password_emails_a_link_and_reveals_nothing(
    mail_app: tuple[Flask, SmtpSink],
) -> None:
    app, sink = mail_app
    AuthActions(app.test_client()).setup()
    answers = []
    for email in (OWNER["email"], "nobody@example.com"):
        browser = Browser(app)
        answer = browser.post("/forgot-password", {"email": email})
        answers.append(
            (
                answer.status_code,
                answer.headers["Location"],
                browser.text("/login").count("If an account uses that address"),
            )
        )
    assert answers[0] == answers[1] == (302, "/login", 1)
    messages = sink.wait_for(1)
    assert len(messages) == 1 and messages[0]["To"] == OWNER["email"]
    body = messages[0].get_payload(decode=True).decode()
    token = re.search(r"/reset-password#([A-Za-z0-9_-]{43})", body)
    assert token
    answer = Browser(app).post("/reset-password", {"token": token.group(1), "password": NEW})
    assert answer.status_code == 302
    assert Browser(app).login(OWNER["email"], NEW).status_code == 302


def test_invitations_are_emailed_when_smtp_is_set(mail_app: tuple[Flask, SmtpSink]) -> None:
    app, sink = mail_app
    owner = Browser(app)
    owner.post("/setup", OWNER)
    answer = owner.post(
        "/settings/team/invite",
        {"email": "pat@example.com", "role": "viewer"},
        page="/settings/team",
    )
    html = answer.get_data(as_text=True)
    assert "We emailed it to pat@example.com too." in html
    link = LINK_RE.search(html)
    assert link
    messages = sink.wait_for(1)
    assert messages and link.group(1) in messages[0].get_payload(decode=True).decode()
