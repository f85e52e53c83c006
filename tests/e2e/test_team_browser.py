"""A team in real Chromium: the owner invites a viewer, who joins by the link (once), cannot
create keys (a forged POST gets 403), turns on two-factor sign-in, signs in with password and
code, changes the password; the owner reads it all in the audit log and removes the viewer,
whose open session lands on the sign-in page at the next click. Screenshots of the team,
account and audit pages at 1280 and 375 px go to test-artifacts/."""

from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest

from tests.conftest import OWNER, LiveServer
from tests.e2e.conftest import Shots

pytestmark = pytest.mark.browser

VIEWER = "viewer@example.com"
VIEWER_PASSWORD = "viewer's first password"
VIEWER_NEW = "viewer's second password"


def settings(page: Any, name: str) -> None:
    """Open a page of the Settings menu the way a person does."""
    page.get_by_role("navigation", name="Main").get_by_text("Settings").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name).click()


def code(secret: str, steps_ahead: int = 0) -> str:
    return pyotp.TOTP(secret).generate_otp(int(time.time()) // 30 + steps_ahead)


def sign_in(page: Any, url: str, email: str, password: str) -> None:
    page.goto(url + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def phone_shots(browser: Any, owner: Any, url: str, shots: Shots) -> None:
    """The same pages at 375 px, signed in as the owner: nothing may scroll sideways."""
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, storage_state=owner.context.storage_state()
    )
    try:
        phone = context.new_page()
        for path, label in (
            ("/settings/team", "team"),
            ("/account", "account"),
            ("/settings/audit", "audit"),
        ):
            phone.goto(url + path)
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, f"{path} scrolls sideways on a phone ({width} px)"
            shots(phone, f"{label}-375")
    finally:
        context.close()


def test_a_team_in_chromium(live_server: LiveServer, browser: Any, page: Any, shots: Shots) -> None:
    url = live_server.url
    owner = page
    owner.goto(url + "/setup")
    owner.get_by_label("Organization name").fill(OWNER["organization"])
    owner.get_by_label("Your email").fill(OWNER["email"])
    owner.get_by_label("Password (at least 12 characters)").fill(OWNER["password"])
    owner.get_by_role("button", name="Create organization").click()
    owner.wait_for_url("**/dashboard")

    # The owner invites a viewer: a one-time link, shown once.
    settings(owner, "Team")
    owner.get_by_label("Email").fill(VIEWER)
    owner.get_by_label("Role", exact=True).select_option("viewer")
    owner.get_by_role("button", name="Create invitation link").click()
    link = owner.locator("#new-link-value").inner_text().strip()
    assert "/join#" in link
    shots(owner, "team-invite-link-1280")

    # The viewer joins by the link; the token leaves the address bar.
    viewer_context = browser.new_context(viewport={"width": 1280, "height": 900})
    viewer = viewer_context.new_page()
    viewer.goto(link)
    assert "#" not in viewer.url
    viewer.get_by_label("Choose a password (at least 12 characters)").fill(VIEWER_PASSWORD)
    viewer.get_by_role("button", name="Join").click()
    viewer.wait_for_url("**/dashboard")

    # A second use of the link fails.
    other_context = browser.new_context()
    other = other_context.new_page()
    other.goto(link)
    other.get_by_label("Choose a password (at least 12 characters)").fill("someone else entirely")
    other.get_by_role("button", name="Join").click()
    assert other.get_by_text("This link was already used.").is_visible()
    other_context.close()

    # No create-key button for a viewer, and a forged create-key POST gets 403.
    settings(viewer, "API keys")
    assert viewer.get_by_role("button", name="Create key").count() == 0
    token = viewer.locator("input[name=csrf_token]").first.get_attribute("value")
    forged = viewer.request.post(
        url + "/settings/api-keys",
        form={"csrf_token": token, "name": "Forged", "mode": "live", "expires_in_days": ""},
    )
    assert forged.status == 403

    # The viewer turns on two-factor sign-in.
    settings(viewer, "Account")
    viewer.get_by_role("link", name="Set up two-factor sign-in").click()
    assert viewer.locator(".qr-code svg").is_visible()
    shots(viewer, "two-factor-enrol-1280")
    secret = viewer.locator("#totp-secret").inner_text().replace(" ", "")
    viewer.get_by_label("Code from your authenticator app").fill(code(secret))
    viewer.get_by_role("button", name="Turn on two-factor sign-in").click()
    recovery = viewer.locator("#recovery-codes code").all_inner_texts()
    assert len(recovery) == 10
    shots(viewer, "recovery-codes-1280")

    # Password, then the code: a wrong code fails, the right one signs in.
    viewer.get_by_role("link", name="I saved them: back to my account").click()
    viewer.get_by_role("button", name="Sign out").click()
    sign_in(viewer, url, VIEWER, VIEWER_PASSWORD)
    viewer.wait_for_url("**/login/two-factor")
    viewer.get_by_label("Code from your authenticator app").fill("000000")
    viewer.get_by_role("button", name="Sign in").click()
    assert viewer.get_by_text("That code is not right.").is_visible()
    shots(viewer, "second-step-error-1280")
    viewer.get_by_label("Code from your authenticator app").fill(code(secret, 1))
    viewer.get_by_role("button", name="Sign in").click()
    viewer.wait_for_url("**/dashboard")

    # The viewer changes the password; the old one fails afterwards.
    settings(viewer, "Account")
    viewer.get_by_label("Current password").fill(VIEWER_PASSWORD)
    viewer.get_by_label("New password (at least 12 characters)").fill(VIEWER_NEW)
    viewer.get_by_role("button", name="Change password").click()
    assert viewer.get_by_text("Your password was changed.").is_visible()
    viewer.get_by_role("button", name="Sign out").click()
    sign_in(viewer, url, VIEWER, VIEWER_PASSWORD)
    assert viewer.get_by_text("Incorrect email or password.").is_visible()
    sign_in(viewer, url, VIEWER, VIEWER_NEW)
    viewer.wait_for_url("**/login/two-factor")
    viewer.get_by_label("Code from your authenticator app").fill(recovery[0])
    viewer.get_by_role("button", name="Sign in").click()
    viewer.wait_for_url("**/dashboard")

    # The owner sees each of these in the audit log.
    settings(owner, "Audit log")
    log = owner.locator("table.audit").inner_text()
    for words in (
        "Invited",
        "Joined",
        "Two-factor on",
        "Sign-in failed",
        "Password changed",
        "Recovery code used",
        "Signed in",
    ):
        assert words in log, words
    assert secret not in owner.content() and VIEWER_NEW not in owner.content()
    shots(owner, "audit-1280")
    owner.get_by_label("Person").select_option(VIEWER)
    owner.get_by_label("Kind").select_option("sign_in.failed")
    owner.get_by_role("button", name="Filter").click()
    assert owner.locator("table.audit tbody tr").count() == 2  # a wrong code, an old password
    settings(owner, "Account")
    shots(owner, "account-1280")

    # The owner removes the viewer; the viewer's open session ends at the next click.
    settings(owner, "Team")
    shots(owner, "team-1280")
    phone_shots(browser, owner, url, shots)
    owner.get_by_role("button", name=f"Remove {VIEWER}").click()
    assert owner.get_by_text(f"Removed {VIEWER}.").is_visible()
    viewer.get_by_role("link", name="Connections").click()
    viewer.wait_for_url("**/login**")
    assert viewer.get_by_role("heading", name="Sign in").is_visible()
    viewer_context.close()
