"""job api request id

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 17:39:33.224843
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import nxus.db


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ALTER TABLE (no batch copy of the jobs table): the request that queued each job.
    op.add_column("jobs", sa.Column("api_request_id", sa.String(length=40), nullable=True))


def downgrade() -> None:
    op.drop_column("jobs", "api_request_id")
