"""Alembic environment: runs against the engine nXus built from its own configuration."""

from __future__ import annotations

from alembic import context

import nxus.models  # noqa: F401  (registers every table on the metadata)
from nxus.db import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run `flask nxus db-upgrade`")
run_migrations_online()
