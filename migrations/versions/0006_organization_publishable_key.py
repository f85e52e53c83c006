"""organization publishable key

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 17:10:50.728996
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import nxus.db


revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE, never batch mode's copy-and-drop: on SQLite (foreign keys on) dropping
    # the old organizations table would cascade to every membership, connection and key.
    op.add_column("organizations", sa.Column("publishable_key", sa.String(length=64), nullable=True))
    # Every existing organization gets its own key (new ones get it from the model default).
    organizations = sa.table("organizations", sa.column("id", sa.Uuid()), sa.column("publishable_key", sa.String(64)))
    bind = op.get_bind()
    for (org_id,) in bind.execute(sa.select(organizations.c.id)).all():
        key = "pk_nxus_live_" + secrets.token_urlsafe(24)
        bind.execute(organizations.update().where(organizations.c.id == org_id).values(publishable_key=key))
    op.create_index("uq_organizations_publishable_key", "organizations", ["publishable_key"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_organizations_publishable_key", "organizations")
    op.drop_column("organizations", "publishable_key")
