"""A list cursor over a job's stored answer: lists QuickBooks cannot iterate are paged too

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 06:00:00

Plain ALTER TABLE ... ADD COLUMN (nullable, no foreign key: a cursor whose job is gone has
expired): batch mode's table copy is not needed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("api_cursors", sa.Column("job_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("api_cursors", schema=None) as batch_op:
        batch_op.drop_column("job_id")
