"""The audit log (every kind a team produces, filters, CSV, never a secret) and lockouts that
an attacker cannot aim at someone else."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from nxus.db import new_session, utcnow
from nxus.models import AuditEvent, User
from nxus.services import audit
from tests.integration.team.conftest import PASSWORD, TARGET, Browser, Team, signed_in, totp_now
from tests.integration.team.test_team import LINK_RE, invite, join
from tests.integration.team.test_two_factor import enrol

KEY_RE = re.compile(r'id="new-key-value">(sk_(?:test|live)_[A-Za-z0-9_-]{43})<')


def all_audit_text(team: Team) -> str:
    with new_session(team.app) as s:
        rows = s.execute(text("SELECT * FROM audit_events")).all()
    return "\n".join(" ".join(str(v) for v in row) for row in rows)


def test_audit_log_records_a_team_story_and_never_a_secret(team: Team) -> None:
    owner = signed_in(team, "owner")
    secrets: list[str] = [PASSWORD]
    Browser(team.app, "10.3.3.3").login("viewer@example.com", "wrong password!!")
    token = invite(owner, "pat@example.com", "developer")
    secrets.append(token)
    pat, _ = join(team, token)
    created = pat.post("/settings/api-keys", {"name": "Pat's app", "mode": "live"})
    key = KEY_RE.search(created.get_data(as_text=True))
    assert key
    secrets.append(key.group(1))
    key_id = re.search(r'data-key-id="([0-9a-f-]+)"', pat.text("/settings/api-keys"))
    assert key_id
    pat.post(f"/settings/api-keys/{key_id.group(1)}/revoke", page="/settings/api-keys")
    page = pat.post(
        f"/connections/{team.connection_id}/password", page=f"/connections/{team.connection_id}"
    )
    qbwc_password = re.search(r'id="qbwc-password">([^<]+)<', page.get_data(as_text=True))
    assert qbwc_password
    secrets.append(qbwc_password.group(1))
    pat.post(
        f"/connections/{team.connection_id}/archive", page=f"/connections/{team.connection_id}"
    )
    totp_secret, codes = enrol(pat)
    secrets += [totp_secret, *codes, *(c.replace("-", "") for c in codes)]
    pat.post(
        "/account/password", {"current_password": PASSWORD, "new_password": "pats new password"}
    )
    secrets.append("pats new password")
    reset_page = owner.post(
        f"/settings/team/members/{team.users[TARGET]}/reset-link", page="/settings/team"
    )
    link = LINK_RE.search(reset_page.get_data(as_text=True))
    assert link
    secrets.append(link.group(3))
    target = team.users[TARGET]
    owner.post(
        f"/settings/team/members/{target}/role",
        {f"u{target.hex}-role": "viewer"},
        page="/settings/team",
    )
    owner.post(f"/settings/team/members/{target}/remove", page="/settings/team")

    page = owner.text("/settings/audit")
    for words in (
        "Signed in",
        "Sign-in failed",
        "Invited",
        "Joined",
        "API key created",
        "API key revoked",
        "QBWC password regenerated",
        "Connection archived",
        "Two-factor on",
        "Password changed",
        "Reset link issued",
        "Role changed",
        "Removed",
        "10.3.3.3",
        "pat@example.com",
    ):
        assert words in page, words
    stored = all_audit_text(team)
    for secret in secrets:
        assert secret not in stored and secret not in page, secret
    with new_session(team.app) as s:
        hashes = [u.password_hash for u in s.scalars(select(User))]
    assert not any(h in stored for h in hashes)

    only_pat = owner.text("/settings/audit?actor=pat@example.com&kind=api_key.created")
    assert "Pat&#39;s app" in only_pat and "Invited" not in only_pat.split("<tbody>")[1]
    csv_answer = owner.get("/settings/audit.csv?kind=member.removed")
    assert csv_answer.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(csv_answer.get_data(as_text=True))))
    assert rows[0] == ["time_utc", "actor", "kind", "target", "ip", "detail"]
    assert [r[2] for r in rows[1:]] == ["member.removed"] and rows[1][3] == TARGET


def test_audit_rows_of_another_organization_stay_there(team: Team) -> None:
    from nxus.services import accounts

    with team.app.app_context(), new_session(team.app) as s:
        other = accounts.create_user(s, "eve@example.net", PASSWORD, "Eve Inc", True)
        audit.record(
            s,
            org_id=other.organization.id,
            actor_user_id=other.user.id,
            kind="invite.created",
            target="secret-friend@example.net",
        )
        s.commit()
    page = signed_in(team, "owner").text("/settings/audit")
    assert "secret-friend@example.net" not in page and "eve@example.net" not in page


def test_record_blanks_secret_shapes_and_old_rows_are_purged(team: Team) -> None:
    with team.app.app_context(), new_session(team.app) as s:
        event = audit.record(
            s,
            org_id=team.org_id,
            actor_user_id=None,
            kind="api_key.created",
            target="sk_live_" + "A" * 43,
            detail="token " + "b" * 43 + " id 6f1c1f9e-7c1a-4c8e-9d8e-1a2b3c4d5e6f",
        )
        assert "AAAA" not in event.target and "bbbb" not in event.detail
        assert "6f1c1f9e-7c1a-4c8e-9d8e-1a2b3c4d5e6f" in event.detail
        old = audit.record(s, org_id=team.org_id, actor_user_id=None, kind="org.settings")
        old.created_at = utcnow() - timedelta(days=400)
        s.commit()
        assert audit.purge(s, 365) == 1
        s.commit()
        assert s.scalar(select(AuditEvent).where(AuditEvent.id == old.id)) is None
        assert audit.purge(s, 0) == 0


# --- lockouts ----------------------------------------------------------------------------------


def fail(team: Team, email: str, ip: str, times: int) -> None:
    for _ in range(times):
        assert Browser(team.app, ip).login(email, "wrong password!!").status_code in (401, 429)


def test_an_attacker_elsewhere_cannot_lock_the_owner_out(team: Team) -> None:
    limit = team.app.config["LOGIN_MAX_FAILURES"]
    fail(team, "viewer@example.com", "203.0.113.9", limit)
    attacker = Browser(team.app, "203.0.113.9").login("viewer@example.com", PASSWORD)
    assert attacker.status_code == 429
    words = attacker.get_data(as_text=True)
    assert re.search(r"Try again in 15 minutes \(at \d\d:\d\d UTC\)", words)
    # The member, from their own address, signs in.
    assert (
        Browser(team.app, "198.51.100.7").login("viewer@example.com", PASSWORD).status_code == 302
    )
    assert "Sign-in locked out" in signed_in(team, "owner").text("/settings/audit")


def test_one_address_trying_many_accounts_is_locked(team: Team) -> None:
    per_address = team.app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    for i in range(per_address):
        Browser(team.app, "203.0.113.50").login(f"guess{i}@example.com", "wrong password!!")
    answer = Browser(team.app, "203.0.113.50").login("admin@example.com", PASSWORD)
    assert answer.status_code == 429


def test_a_known_device_still_signs_in_from_a_locked_address(team: Team) -> None:
    office = "192.0.2.20"
    device = signed_in(team, "viewer", office)  # sets the known-device cookie
    device.post("/logout", page="/logout")
    fail(team, "viewer@example.com", office, team.app.config["LOGIN_MAX_FAILURES"])
    assert Browser(team.app, office).login("viewer@example.com", PASSWORD).status_code == 429
    assert device.login("viewer@example.com", PASSWORD).status_code == 302
    # The cookie is bound to its account: it opens no lock for another one.
    device.post("/logout", page="/logout")
    fail(team, "admin@example.com", office, team.app.config["LOGIN_MAX_FAILURES"])
    assert device.login("admin@example.com", PASSWORD).status_code == 429


def test_a_correct_second_factor_opens_a_locked_address(team: Team) -> None:
    secret, _ = enrol(signed_in(team, "viewer"))
    ip = "192.0.2.30"
    fail(team, "viewer@example.com", ip, team.app.config["LOGIN_MAX_FAILURES"])
    browser = Browser(team.app, ip)
    locked = browser.login("viewer@example.com", PASSWORD)
    assert locked.status_code == 429 and "Two-factor code" in locked.get_data(as_text=True)
    wrong = browser.post(
        "/login", {"email": "viewer@example.com", "password": PASSWORD, "code": "000000"}
    )
    assert wrong.status_code == 429
    ok = browser.post(
        "/login", {"email": "viewer@example.com", "password": PASSWORD, "code": totp_now(secret, 1)}
    )
    assert ok.status_code == 302 and browser.get("/dashboard").status_code == 200


def test_api_connection_changes_are_audited_with_the_key_named(team: Team) -> None:
    from nxus.services import api_keys

    with team.app.app_context(), new_session(team.app) as s:
        new = api_keys.create_api_key(
            s, team.org_id, "Integration", "test", None, team.users["dev@example.com"]
        )
    client = team.app.test_client()
    headers = {"Authorization": f"Bearer {new.secret}"}
    created = client.post("/api/v1/connections", json={"description": "Via API"}, headers=headers)
    assert created.status_code == 201
    ref = created.get_json()["id"]
    assert client.post(f"/api/v1/qwc-auth-setup/{ref}/password", headers=headers).status_code == 200
    assert client.delete(f"/api/v1/connections/{ref}", headers=headers).status_code == 200
    assert client.post(f"/api/v1/connections/{ref}/restore", headers=headers).status_code == 200
    assert client.delete(f"/api/v1/connections/{ref}/permanent", headers=headers).status_code == 200
    with new_session(team.app) as s:
        rows = list(s.scalars(select(AuditEvent).where(AuditEvent.kind.like("%connection%"))))
        rows += list(s.scalars(select(AuditEvent).where(AuditEvent.kind.like("qbwc%"))))
    kinds = sorted(r.kind for r in rows)
    assert kinds == [
        "connection.archived",
        "connection.created",
        "connection.deleted",
        "connection.restored",
        "qbwc_password.regenerated",
    ]
    assert {r.actor_email for r in rows} == {"dev@example.com"}
    assert all("via API key Integration (sk_test_" in r.detail for r in rows)
    assert new.secret not in all_audit_text(team)


def test_other_parts_may_add_kinds_of_their_own(team: Team) -> None:
    with team.app.app_context(), new_session(team.app) as s:
        audit.record(
            s,
            org_id=team.org_id,
            actor_user_id=team.users["dev@example.com"],
            kind="webhook.created",
            target="https://hooks.example.com/x",
        )
        s.commit()
        with pytest.raises(ValueError, match="area.verb"):
            audit.record(s, org_id=team.org_id, actor_user_id=None, kind="Not A Kind")
    owner = signed_in(team, "owner")
    page = owner.text("/settings/audit?kind=webhook.created")
    assert '<option value="webhook.created" selected>' in page
    assert "https://hooks.example.com/x" in page and "Signed in" not in page.split("<tbody>")[1]
