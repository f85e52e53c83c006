"""Two-factor sign-in: enrolment (secret as text and an SVG QR code), the second sign-in step,
wrong and reused codes, recovery codes (each once), turning it off, the organization rule."""

from __future__ import annotations

import re

from sqlalchemy import select

from nxus.db import new_session
from nxus.models import Organization, RecoveryCode, User
from tests.integration.team.conftest import PASSWORD, Browser, Team, signed_in, totp_now

SECRET_RE = re.compile(r'id="totp-secret">([A-Z2-7 ]+)<')
CODES_RE = re.compile(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")


def enrol(browser: Browser) -> tuple[str, list[str]]:
    page = browser.text("/account/two-factor")
    match = SECRET_RE.search(page)
    assert match, page
    secret = match.group(1).replace(" ", "")
    assert "<svg" in page and 'role="img"' in page and "http" not in page.split("<svg")[1][:200]
    answer = browser.post("/account/two-factor", {"code": totp_now(secret)})
    assert answer.status_code == 200
    codes = CODES_RE.findall(answer.get_data(as_text=True))
    assert len(codes) == 10 and len(set(codes)) == 10
    return secret, codes


def test_enrolment_stores_the_secret_and_hashed_recovery_codes(team: Team) -> None:
    viewer = signed_in(team, "viewer")
    wrong = viewer.post("/account/two-factor", {"code": "000000"})
    assert wrong.status_code == 400 and "That code is not right" in wrong.get_data(as_text=True)
    secret, codes = enrol(viewer)
    with new_session(team.app) as s:
        user = s.get(User, team.users["viewer@example.com"])
        assert user is not None and user.totp_secret == secret
        hashes = list(s.scalars(select(RecoveryCode.code_hash)))
        assert len(hashes) == 10 and not any(c.replace("-", "") in hashes for c in codes)
    assert "Recovery codes left: <strong>10</strong>" in viewer.text("/account")


def second_step(team: Team, email: str, code: str, ip: str = "10.0.0.9") -> object:
    browser = Browser(team.app, ip)
    first = browser.login(email, PASSWORD)
    assert first.status_code == 302 and first.headers["Location"].endswith("/login/two-factor")
    # Half signed in: no portal page opens yet.
    assert browser.get("/dashboard").status_code == 302
    return browser, browser.post("/login/two-factor", {"code": code})


def test_sign_in_asks_for_the_code_and_refuses_wrong_and_reused_ones(team: Team) -> None:
    secret, _codes = enrol(signed_in(team, "viewer"))
    # The enrolment code's own step is used up; the next step's code is fresh.
    _, wrong = second_step(team, "viewer@example.com", "123456")
    assert wrong.status_code == 401
    assert "That code is not right" in wrong.get_data(as_text=True)
    code = totp_now(secret, 1)
    browser, ok = second_step(team, "viewer@example.com", code)
    assert ok.status_code == 302 and browser.get("/dashboard").status_code == 200
    _, reused = second_step(team, "viewer@example.com", code)
    assert reused.status_code == 401
    assert "That code was already used" in reused.get_data(as_text=True)


def test_recovery_codes_work_once_each(team: Team) -> None:
    _secret, codes = enrol(signed_in(team, "viewer"))
    browser, ok = second_step(team, "viewer@example.com", codes[0].upper())
    assert ok.status_code == 302 and browser.get("/dashboard").status_code == 200
    _, again = second_step(team, "viewer@example.com", codes[0])
    assert again.status_code == 401
    _, other = second_step(team, "viewer@example.com", codes[1])
    assert other.status_code == 302
    assert "Recovery codes left: <strong>8</strong>" in browser.text("/account")


def test_wrong_codes_are_throttled(team: Team) -> None:
    secret, _ = enrol(signed_in(team, "viewer"))
    limit = team.app.config["TWO_FACTOR_MAX_FAILURES"]
    browser = Browser(team.app, "10.0.0.7")
    browser.login("viewer@example.com", PASSWORD)
    for _ in range(limit):
        assert browser.post("/login/two-factor", {"code": "000000"}).status_code == 401
    locked = browser.post("/login/two-factor", {"code": totp_now(secret, 1)})
    assert locked.status_code == 429 and "Try again in 15 minutes" in locked.get_data(as_text=True)


def test_turning_off_needs_the_password(team: Team) -> None:
    viewer = signed_in(team, "viewer")
    enrol(viewer)
    viewer.post("/account/two-factor/disable", {"password": "not my password"})
    assert "two-factor sign-in stays on" in viewer.text("/account")
    viewer.post("/account/two-factor/disable", {"password": PASSWORD})
    with new_session(team.app) as s:
        user = s.get(User, team.users["viewer@example.com"])
        assert user is not None and user.totp_secret is None
        assert list(s.scalars(select(RecoveryCode))) == []


def test_owner_can_require_two_factor_for_everyone(team: Team) -> None:
    owner = signed_in(team, "owner")
    refused = owner.post(
        "/settings/team/security", {"require_two_factor": "y"}, page="/settings/team"
    )
    assert refused.status_code == 400
    assert "Turn on two-factor sign-in for your own account first." in refused.get_data(
        as_text=True
    )
    enrol(owner)
    owner.post("/settings/team/security", {"require_two_factor": "y"}, page="/settings/team")
    with new_session(team.app) as s:
        org = s.get(Organization, team.org_id)
        assert org is not None and org.require_two_factor
    # A member without it is sent to enrolment after signing in, and cannot turn it off later.
    dev = signed_in(team, "developer")
    answer = dev.get("/connections")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/account/two-factor")
    enrol(dev)
    assert dev.get("/connections").status_code == 200
    assert "cannot be turned off" in dev.text("/account")
