"""Every role × every portal action (and every API-key management route): allowed, or 403
with nothing changed. The check lives in the services, so a forged POST from a role whose
page shows no button is refused all the same."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from nxus.db import new_session
from nxus.models import ApiKey, AuditEvent, Invite, Membership, Organization, User
from nxus.services import permissions
from tests.integration.team.conftest import TARGET, Team, connection_row, signed_in

ROLES = ("owner", "admin", "developer", "viewer")


@dataclass(frozen=True)
class Action:
    name: str
    method: str
    path: str  # {conn}, {key}, {target}, {invite} filled from the team
    allowed: frozenset[str]
    data: tuple[tuple[str, str], ...] = ()
    # After an allowed call, the change it made (checked); after a 403, it must be absent.
    changed: Callable[[Team], bool] | None = None
    page: str | None = None  # the page whose form token the browser sends
    header_csrf: bool = False


EVERYONE = frozenset(ROLES)
BUILDERS = frozenset({"owner", "admin", "developer"})
MANAGERS = frozenset({"owner", "admin"})
OWNERS = frozenset({"owner"})


def _keys(team: Team) -> int:
    with new_session(team.app) as s:
        return s.scalar(select(func.count()).select_from(ApiKey)) or 0


def _key_revoked(team: Team) -> bool:
    with new_session(team.app) as s:
        key = s.get(ApiKey, team.key_id)
        return key is not None and key.revoked_at is not None


def _target_role(team: Team) -> str | None:
    with new_session(team.app) as s:
        return s.scalar(select(Membership.role).where(Membership.user_id == team.users[TARGET]))


def _invites(team: Team) -> int:
    with new_session(team.app) as s:
        return s.scalar(select(func.count()).select_from(Invite)) or 0


def _invite_revoked(team: Team) -> bool:
    with new_session(team.app) as s:
        row = s.get(Invite, team.invite_id)
        return row is not None and row.revoked_at is not None


def _resets_issued(team: Team) -> bool:
    with new_session(team.app) as s:
        query = select(func.count()).select_from(AuditEvent)
        return bool(s.scalar(query.where(AuditEvent.kind == "password.reset_issued")))


def _org_requires(team: Team) -> bool:
    with new_session(team.app) as s:
        org = s.get(Organization, team.org_id)
        return bool(org and org.require_two_factor)


ACTIONS = [
    # reading
    Action("dashboard", "GET", "/dashboard", EVERYONE),
    Action("connections list", "GET", "/connections", EVERYONE),
    Action("connection detail", "GET", "/connections/{conn}", EVERYONE),
    Action("connection status", "GET", "/connections/{conn}/status.json", EVERYONE),
    Action("team page", "GET", "/settings/team", EVERYONE),
    Action("account page", "GET", "/account", EVERYONE),
    Action("API keys page", "GET", "/settings/api-keys", EVERYONE),
    Action("audit log", "GET", "/settings/audit", MANAGERS),
    Action("audit CSV", "GET", "/settings/audit.csv", MANAGERS),
    # API key management
    Action(
        "create API key",
        "POST",
        "/settings/api-keys",
        BUILDERS,
        (("name", "Forged"), ("mode", "test"), ("expires_in_days", "")),
        lambda t: _keys(t) == 2,
    ),
    Action(
        "revoke API key",
        "POST",
        "/settings/api-keys/{key}/revoke",
        BUILDERS,
        changed=_key_revoked,
        page="/settings/api-keys",
    ),
    # connections
    Action(
        "new QBWC password",
        "POST",
        "/connections/{conn}/password",
        BUILDERS,
        changed=lambda t: connection_row(t.app, t.connection_id).qbwc_password_hash is not None,
        page="/connections/{conn}",
    ),
    Action(
        "archive connection",
        "POST",
        "/connections/{conn}/archive",
        BUILDERS,
        changed=lambda t: connection_row(t.app, t.connection_id).archived_at is not None,
        page="/connections/{conn}",
    ),
    Action(
        "restore connection",
        "POST",
        "/connections/{conn}/restore",
        BUILDERS,
        page="/connections/{conn}",
    ),
    Action(
        "cancel a job",
        "POST",
        "/connections/{conn}/jobs/{invite}/cancel",
        BUILDERS,
        page="/connections/{conn}",
    ),
    Action(
        "stop the sample company",
        "POST",
        "/connections/{conn}/sample-company/stop",
        BUILDERS,
        page="/connections/{conn}",
    ),
    Action(
        "queue the first exchange",
        "POST",
        "/wizard/connections/{conn}/first-exchange",
        BUILDERS,
        page="/wizard",
        header_csrf=True,
    ),
    # the team
    Action(
        "invite",
        "POST",
        "/settings/team/invite",
        MANAGERS,
        (("email", "new@example.com"), ("role", "viewer")),
        lambda t: _invites(t) == 2,
        page="/settings/team",
    ),
    Action(
        "change a role",
        "POST",
        "/settings/team/members/{target}/role",
        MANAGERS,
        (("u{target_hex}-role", "viewer"),),
        lambda t: _target_role(t) == "viewer",
        page="/settings/team",
    ),
    Action(
        "remove a member",
        "POST",
        "/settings/team/members/{target}/remove",
        MANAGERS,
        changed=lambda t: _target_role(t) is None,
        page="/settings/team",
    ),
    Action(
        "issue a reset link",
        "POST",
        "/settings/team/members/{target}/reset-link",
        MANAGERS,
        changed=_resets_issued,
        page="/settings/team",
    ),
    Action(
        "withdraw an invitation",
        "POST",
        "/settings/team/invites/{invite}/revoke",
        MANAGERS,
        changed=_invite_revoked,
        page="/settings/team",
    ),
    Action(
        "require two-factor (turning it off)",
        "POST",
        "/settings/team/security",
        OWNERS,
        (),
        page="/settings/team",
    ),
]


def _fill(text: str, team: Team) -> str:
    return text.format(
        conn=team.connection_id,
        key=team.key_id,
        target=team.users[TARGET],
        target_hex=team.users[TARGET].hex,
        invite=team.invite_id,
    )


def test_the_table_matches_the_permission_rules() -> None:
    """The table's expectations are the documented roles, not a copy of the code's."""
    assert permissions.ACTIONS["keys.manage"] == BUILDERS
    assert permissions.ACTIONS["connections.manage"] == BUILDERS
    assert permissions.ACTIONS["team.manage"] == MANAGERS
    assert permissions.ACTIONS["org.settings"] == OWNERS


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS, ids=[a.name for a in ACTIONS])
def test_role_may_or_may_not(team: Team, role: str, action: Action) -> None:
    browser = signed_in(team, role)
    path = _fill(action.path, team)
    if action.method == "GET":
        answer = browser.get(path)
    else:
        data = {_fill(k, team): v for k, v in action.data}
        page = _fill(action.page or path, team)
        headers = {"X-CSRFToken": browser.token(page)} if action.header_csrf else None
        answer = browser.post(path, data, page=page, headers=headers)
    if role in action.allowed:
        assert answer.status_code in (200, 302, 404), (role, action.name, answer.status_code)
        if action.changed is not None:
            assert action.changed(team), (role, action.name)
    else:
        assert answer.status_code == 403, (role, action.name, answer.status_code)
        assert "Your role does not allow this" in answer.get_data(as_text=True)
        if action.changed is not None:
            assert not action.changed(team), (role, action.name)


def test_viewer_sees_no_buttons_that_change_things(team: Team) -> None:
    browser = signed_in(team, "viewer")
    keys = browser.text("/settings/api-keys")
    assert "Create key" not in keys and ">Revoke<" not in keys
    assert "Owner&#39;s key" in keys or "Owner's key" in keys
    team_page = browser.text("/settings/team")
    assert "Create invitation link" not in team_page and ">Remove<" not in team_page
    assert "Audit log" not in browser.text("/dashboard")


def test_admin_cannot_touch_owners(team: Team) -> None:
    browser = signed_in(team, "admin")
    owner_id = team.users["owner@example.com"]
    for path, data in (
        (f"/settings/team/members/{owner_id}/role", {f"u{owner_id.hex}-role": "viewer"}),
        (f"/settings/team/members/{owner_id}/remove", {}),
        (f"/settings/team/members/{owner_id}/reset-link", {}),
        (
            f"/settings/team/members/{team.users[TARGET]}/role",
            {f"u{team.users[TARGET].hex}-role": "owner"},
        ),
        ("/settings/team/invite", {"email": "boss@example.com", "role": "owner"}),
    ):
        answer = browser.post(path, data, page="/settings/team")
        assert answer.status_code == 403, path
    assert _target_role(team) == "developer" and _invites(team) == 1
    with new_session(team.app) as s:
        owner = s.get(User, owner_id)
        assert owner is not None and owner.memberships[0].role == "owner"


def test_api_keys_record_who_created_them(team: Team) -> None:
    browser = signed_in(team, "developer")
    browser.post("/settings/api-keys", {"name": "Dev key", "mode": "test"})
    with new_session(team.app) as s:
        key = s.scalar(select(ApiKey).where(ApiKey.name == "Dev key"))
        assert key is not None and key.created_by_id == team.users["dev@example.com"]
    assert "dev@example.com" in browser.text("/settings/api-keys")


def test_viewer_sees_no_connection_actions(team: Team) -> None:
    viewer = signed_in(team, "viewer").text(f"/connections/{team.connection_id}")
    assert "Archive connection" not in viewer and "New Web Connector password" not in viewer
    assert "Your role (viewer) reads this connection" in viewer
    developer = signed_in(team, "developer").text(f"/connections/{team.connection_id}")
    assert "Archive connection" in developer and "New Web Connector password" in developer
