"""h_filters: a connection's company time zone, a list cursor's precise modified window

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 19:14:11.784323

Plain ALTER TABLE ... ADD COLUMN (nullable): batch mode's table copy would cascade-delete
rows referencing connections on SQLite.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("api_cursors", sa.Column("modified_window", sa.Text(), nullable=True))
    op.add_column("connections", sa.Column("time_zone", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("connections", schema=None) as batch_op:
        batch_op.drop_column("time_zone")
    with op.batch_alter_table("api_cursors", schema=None) as batch_op:
        batch_op.drop_column("modified_window")
