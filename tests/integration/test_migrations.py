"""Alembic builds the schema from empty on this run's database and matches the models."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from nxus import create_app
from nxus.db import Base, engine_for
from nxus.migrate import upgrade


def test_migrations_from_empty_match_the_models(app_config: dict[str, Any]) -> None:
    app = create_app(app_config)  # no create_all: the migrations alone build the schema
    engine = engine_for(app)
    try:
        upgrade(app)
        tables = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        assert "alembic_version" in tables
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, Base.metadata)
        assert diff == [], f"models and migrations differ; run `make migration`: {diff}"
        upgrade(app)  # a second upgrade is a no-op
    finally:
        engine.dispose()
