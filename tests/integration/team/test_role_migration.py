"""The teams migration maps the old roles: owner stays owner, an is_admin member becomes admin,
any other member developer, and an organization without an owner gets its first member."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from alembic import command
from sqlalchemy import text

from nxus import create_app
from nxus.db import engine_for
from nxus.migrate import alembic_config, upgrade

# The tables as revision 0002 left them (plain types: no model code between the test and SQL).
ORGS = sa.table(
    "organizations",
    sa.column("id", sa.Uuid),
    sa.column("name", sa.String),
    sa.column("created_at", sa.DateTime),
)
USERS = sa.table(
    "users",
    sa.column("id", sa.Uuid),
    sa.column("email", sa.String),
    sa.column("password_hash", sa.String),
    sa.column("is_admin", sa.Boolean),
    sa.column("is_active", sa.Boolean),
    sa.column("created_at", sa.DateTime),
)
MEMBERS = sa.table(
    "memberships",
    sa.column("user_id", sa.Uuid),
    sa.column("organization_id", sa.Uuid),
    sa.column("role", sa.String),
    sa.column("created_at", sa.DateTime),
)


def test_old_roles_are_mapped(app_config: dict[str, Any]) -> None:
    app = create_app(app_config)
    engine = engine_for(app)
    try:
        upgrade(app, "0002")
        orgs = {name: uuid.uuid4() for name in ("Kept", "Ownerless")}
        people = [
            ("Kept", "boss@kept.example", False, "owner"),
            ("Kept", "helper@kept.example", True, "member"),
            ("Kept", "clerk@kept.example", False, "member"),
            ("Ownerless", "first@ownerless.example", False, "member"),
            ("Ownerless", "second@ownerless.example", False, "member"),
        ]
        when = datetime(2026, 1, 1)
        with engine.begin() as conn:
            for name, org_id in orgs.items():
                conn.execute(ORGS.insert().values(id=org_id, name=name, created_at=when))
            for org, email, is_admin, role in people:
                user_id = uuid.uuid4()
                conn.execute(
                    USERS.insert().values(
                        id=user_id,
                        email=email,
                        password_hash="x",
                        is_admin=is_admin,
                        is_active=True,
                        created_at=when,
                    )
                )
                conn.execute(
                    MEMBERS.insert().values(
                        user_id=user_id, organization_id=orgs[org], role=role, created_at=when
                    )
                )
        upgrade(app)
        with engine.connect() as conn:
            roles = dict(
                conn.execute(
                    text(
                        "SELECT u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id"
                    )
                ).all()
            )
            flags = conn.execute(text("SELECT require_two_factor FROM organizations")).all()
        assert roles == {
            "boss@kept.example": "owner",
            "helper@kept.example": "admin",
            "clerk@kept.example": "developer",
            "first@ownerless.example": "owner",
            "second@ownerless.example": "developer",
        }
        assert [bool(f[0]) for f in flags] == [False, False]
        # And back: every membership is still there, with the old role names.
        command.downgrade(alembic_config(app), "0002")
        with engine.connect() as conn:
            old = conn.execute(text("SELECT role FROM memberships")).scalars().all()
        assert sorted(old) == ["admin", "member", "member", "owner", "owner"]
    finally:
        engine.dispose()
