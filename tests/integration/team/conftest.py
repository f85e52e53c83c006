"""A team to test with: the owner from setup plus one member of each other role, a target
member to act on, a connection, an API key and a waiting invitation."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from nxus.db import new_session, utcnow
from nxus.models import Connection, Invite, Membership, User
from nxus.security import hash_password, sha256_hex
from nxus.services import api_keys, connections
from nxus.services.connections import Scope
from tests.conftest import OWNER, AuthActions, csrf_token_from, same_origin

PASSWORD = "a long enough password"
ROLE_EMAILS = {
    "owner": OWNER["email"],
    "admin": "admin@example.com",
    "developer": "dev@example.com",
    "viewer": "viewer@example.com",
}
TARGET = "target@example.com"


@dataclass
class Team:
    app: Flask
    org_id: uuid.UUID
    users: dict[str, uuid.UUID]  # email -> id
    connection_id: uuid.UUID
    key_id: uuid.UUID
    invite_id: uuid.UUID

    def password_of(self, email: str) -> str:
        return OWNER["password"] if email == OWNER["email"] else PASSWORD


class Browser:
    """A test client that fills forms like a browser, from a chosen address."""

    def __init__(self, app: Flask, ip: str = "127.0.0.1") -> None:
        self.client: FlaskClient = app.test_client()
        self.ip = ip

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(path, environ_base={"REMOTE_ADDR": self.ip}, **kw)

    def token(self, page: str = "/account") -> str:
        return csrf_token_from(self.get(page).get_data(as_text=True))

    def post(
        self,
        path: str,
        data: dict[str, str] | None = None,
        page: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        token = self.token(page or path)
        return self.client.post(
            path,
            data={**(data or {}), "csrf_token": token},
            headers={**same_origin(self.client, path), **(headers or {})},
            environ_base={"REMOTE_ADDR": self.ip},
        )

    def login(self, email: str, password: str) -> Any:
        return self.post("/login", {"email": email, "password": password})

    def text(self, path: str) -> str:
        return self.get(path).get_data(as_text=True)


def add_member(app: Flask, org_id: uuid.UUID, email: str, role: str) -> uuid.UUID:
    with app.app_context(), new_session(app) as session:
        user = User(email=email, password_hash=hash_password(PASSWORD))
        session.add_all([user, Membership(user=user, organization_id=org_id, role=role)])
        session.commit()
        return user.id


@pytest.fixture
def team(app: Flask, auth: AuthActions) -> Team:
    auth.setup()
    auth.logout()
    with new_session(app) as session:
        owner = session.scalar(select(User).where(User.email == OWNER["email"]))
        assert owner is not None
        org_id = session.scalar(select(Membership.organization_id))
        assert org_id is not None
        owner_id = owner.id
    users = {OWNER["email"]: owner_id}
    for role, email in ROLE_EMAILS.items():
        if role != "owner":
            users[email] = add_member(app, org_id, email, role)
    users[TARGET] = add_member(app, org_id, TARGET, "developer")
    with app.app_context(), new_session(app) as session:
        connection = connections.create(
            session, Scope(org_id, "development"), "Acme dev books", None
        )
        key = api_keys.create_api_key(session, org_id, "Owner's key", "test", None, owner_id)
        invite = Invite(
            organization_id=org_id,
            email="later@example.com",
            role="viewer",
            token_hash=sha256_hex("not-a-real-token"),
            expires_at=utcnow() + timedelta(days=7),
        )
        session.add(invite)
        session.commit()
        return Team(app, org_id, users, connection.id, key.api_key.id, invite.id)


def signed_in(team: Team, role_or_email: str, ip: str = "127.0.0.1") -> Browser:
    email = ROLE_EMAILS.get(role_or_email, role_or_email)
    browser = Browser(team.app, ip)
    answer = browser.login(email, team.password_of(email))
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return browser


def totp_now(secret: str, offset_steps: int = 0) -> str:
    totp = pyotp.TOTP(secret)
    return totp.generate_otp(int(utcnow().timestamp()) // 30 + offset_steps)


def connection_row(app: Flask, connection_id: uuid.UUID) -> Connection:
    with new_session(app) as session:
        row = session.get(Connection, connection_id)
        assert row is not None
        session.expunge(row)
        return row
