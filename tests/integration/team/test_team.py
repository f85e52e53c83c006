"""Invitations, joining, roles, removal and the last-owner rule, with the bad inputs a team
meets: an existing member, a malformed email, a weak password, a stale form."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select, update

from nxus.db import new_session, utcnow
from nxus.models import Invite, Membership, User
from tests.integration.team.conftest import PASSWORD, TARGET, Browser, Team, signed_in

LINK_RE = re.compile(r'id="new-link-value">(https?://[^<]+/(join|reset-password)#([^<]+))<')


def invite(browser: Browser, email: str, role: str = "viewer") -> str:
    answer = browser.post(
        "/settings/team/invite", {"email": email, "role": role}, page="/settings/team"
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200, html
    assert answer.headers["Cache-Control"] == "no-store"
    match = LINK_RE.search(html)
    assert match, html
    return match.group(3)


def join(team: Team, token: str, password: str = PASSWORD) -> tuple[Browser, object]:
    browser = Browser(team.app, "10.1.1.1")
    return browser, browser.post("/join", {"token": token, "password": password})


def counts(team: Team) -> tuple[int, int]:
    with new_session(team.app) as s:
        users = s.scalar(select(func.count()).select_from(User)) or 0
        invites = s.scalar(select(func.count()).select_from(Invite)) or 0
        return users, invites


def test_invite_join_once_and_the_link_is_stored_hashed(team: Team) -> None:
    owner = signed_in(team, "owner")
    token = invite(owner, "New.Colleague@Example.com", "developer")
    with new_session(team.app) as s:
        row = s.scalar(select(Invite).where(Invite.email == "new.colleague@example.com"))
        assert row is not None and token not in row.token_hash and row.role == "developer"
        assert row.expires_at - utcnow() > timedelta(days=6, hours=23)
    page = Browser(team.app).get("/join")
    assert page.status_code == 200 and "js/link-token.js" in page.get_data(as_text=True)
    browser, answer = join(team, token)
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/dashboard")
    assert "new.colleague@example.com" in browser.text("/account")
    # The link works once.
    _, again = join(team, token, "another long password")
    assert again.status_code == 410
    assert "This link was already used" in again.get_data(as_text=True)
    listing = owner.text("/settings/team")
    assert "new.colleague@example.com" in listing and "Waiting invitations" in listing


def test_invite_bad_input_says_why_and_changes_nothing(team: Team) -> None:
    owner = signed_in(team, "owner")
    before = counts(team)
    for email, words in (
        ("viewer@example.com", "viewer@example.com is already a member of this team."),
        ("not-an-email", "Enter a valid email address"),
        ("", "Enter the colleague&#39;s email."),
    ):
        answer = owner.post(
            "/settings/team/invite", {"email": email, "role": "viewer"}, page="/settings/team"
        )
        assert answer.status_code == 400, email
        assert words in answer.get_data(as_text=True), email
    answer = owner.post(
        "/settings/team/invite", {"email": "x@example.com", "role": "king"}, page="/settings/team"
    )
    assert answer.status_code == 400
    assert "Choose owner, admin, developer or viewer." in answer.get_data(as_text=True)
    assert counts(team) == before


def test_stale_csrf_token_is_refused_with_a_message(team: Team) -> None:
    owner = signed_in(team, "owner")
    before = counts(team)
    answer = owner.client.post(
        "/settings/team/invite",
        data={"email": "x@example.com", "role": "viewer", "csrf_token": "stale-token"},
        environ_base={"REMOTE_ADDR": owner.ip},
    )
    assert answer.status_code == 400
    assert "This form expired" in answer.get_data(as_text=True)
    assert counts(team) == before


def test_join_with_weak_password_keeps_the_link(team: Team) -> None:
    token = invite(signed_in(team, "owner"), "weak@example.com")
    before = counts(team)
    _, answer = join(team, token, "short")
    assert answer.status_code == 400
    assert "Use at least 12 characters." in answer.get_data(as_text=True)
    assert counts(team) == before
    _, answer = join(team, token)
    assert answer.status_code == 302


def test_expired_withdrawn_and_unknown_invitations(team: Team) -> None:
    owner = signed_in(team, "owner")
    token = invite(owner, "late@example.com")
    with new_session(team.app) as s:
        s.execute(
            update(Invite)
            .where(Invite.email == "late@example.com")
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
        s.commit()
    _, answer = join(team, token)
    assert answer.status_code == 410 and "This link has expired" in answer.get_data(as_text=True)
    token = invite(owner, "gone@example.com")
    newer = invite(owner, "gone@example.com")  # a newer invitation replaces it
    _, answer = join(team, token)
    assert answer.status_code == 410 and "withdrawn" in answer.get_data(as_text=True)
    _, answer = join(team, "x" * 43)
    assert answer.status_code == 404 and "This link is not valid" in answer.get_data(as_text=True)
    _, answer = join(team, newer)
    assert answer.status_code == 302


def test_last_owner_cannot_be_demoted_or_removed(team: Team) -> None:
    owner = signed_in(team, "owner")
    owner_id = team.users["owner@example.com"]
    answer = owner.post(
        f"/settings/team/members/{owner_id}/role",
        {f"u{owner_id.hex}-role": "admin"},
        page="/settings/team",
    )
    assert answer.status_code == 302
    page = owner.text("/settings/team")
    assert "An organization needs an owner" in page
    # With a second owner, the first may step down.
    target = team.users[TARGET]
    owner.post(
        f"/settings/team/members/{target}/role",
        {f"u{target.hex}-role": "owner"},
        page="/settings/team",
    )
    answer = owner.post(
        f"/settings/team/members/{owner_id}/role",
        {f"u{owner_id.hex}-role": "admin"},
        page="/settings/team",
    )
    with new_session(team.app) as s:
        roles = dict(s.execute(select(Membership.user_id, Membership.role)).all())
    assert roles[owner_id] == "admin" and roles[target] == "owner"
    # The remaining owner cannot be removed by the (now) admin, nor by themselves.
    lone = signed_in(team, TARGET)
    answer = lone.post(f"/settings/team/members/{target}/remove", page="/settings/team")
    assert answer.status_code == 302
    assert "the last owner cannot be removed" in lone.text("/settings/team")
    with new_session(team.app) as s:
        assert s.get(User, target) is not None


def test_removing_a_member_ends_their_open_session(team: Team) -> None:
    member = signed_in(team, TARGET)
    assert member.get("/connections").status_code == 200
    owner = signed_in(team, "owner")
    answer = owner.post(
        f"/settings/team/members/{team.users[TARGET]}/remove", page="/settings/team"
    )
    assert answer.status_code == 302
    assert f"Removed {TARGET}" in owner.text("/settings/team")
    after = member.get("/connections")
    assert after.status_code == 302 and "/login" in after.headers["Location"]
    assert Browser(team.app).login(TARGET, PASSWORD).status_code == 401


def test_other_organization_members_are_not_found(team: Team) -> None:
    from nxus.services import accounts

    with team.app.app_context(), new_session(team.app) as s:
        other = accounts.create_user(s, "eve@example.net", PASSWORD, "Eve Inc", True)
        eve_id = other.user.id
    owner = signed_in(team, "owner")
    for action, data in (
        ("role", {f"u{eve_id.hex}-role": "viewer"}),
        ("remove", {}),
        ("reset-link", {}),
    ):
        answer = owner.post(
            f"/settings/team/members/{eve_id}/{action}", data, page="/settings/team"
        )
        assert answer.status_code == 404, action
    assert "eve@example.net" not in owner.text("/settings/team")
