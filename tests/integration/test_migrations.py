"""Alembic builds the schema from empty on this run's database and matches the models."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from nxus import create_app
from nxus.db import Base, engine_for, tune_postgres
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


def _compression(engine: Any) -> dict[str, str]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT attname, attcompression FROM pg_attribute"
                " WHERE attrelid = to_regclass('jobs') AND attname IN"
                " ('request_body', 'response_body')"
            )
        )
        return {name: code for name, code in rows}


def test_postgres_job_bodies_are_lz4_compressed(app_config: dict[str, Any]) -> None:
    """Big qbXML answers: lz4 instead of pglz (1.7x faster to store), after the migrations
    and after create_all; SQLite has no such setting (a no-op there)."""
    app = create_app(app_config)
    engine = engine_for(app)
    try:
        upgrade(app)
        if engine.dialect.name != "postgresql":
            with engine.begin() as conn:
                assert tune_postgres(conn) == []
            return
        if engine.dialect.server_version_info < (14,):
            pytest.skip("column compression needs PostgreSQL 14")
        assert _compression(engine) == {"request_body": "l", "response_body": "l"}
        with engine.begin() as conn:
            assert tune_postgres(conn) == []  # idempotent
        Base.metadata.drop_all(engine)
        Base.metadata.create_all(engine)
        assert _compression(engine) == {"request_body": "l", "response_body": "l"}
    finally:
        engine.dispose()


def test_a_database_of_the_first_release_upgrades(app_config: dict[str, Any]) -> None:
    """Revisions that shipped are never rewritten: a database at 0001 (session 1's release)
    reaches the models through the later revisions."""
    app = create_app(app_config)
    engine = engine_for(app)
    try:
        upgrade(app, "0001")
        assert "sample_company_leases" not in inspect(engine).get_table_names()
        upgrade(app)
        assert "sample_company_leases" in inspect(engine).get_table_names()
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(ctx, Base.metadata) == []
    finally:
        engine.dispose()
