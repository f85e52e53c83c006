"""Alembic, driven from the app: the database URL always comes from the app's config."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask, current_app
from sqlalchemy import Connection, event, inspect

from nxus.db import Base, engine_for, tune_postgres
from nxus.settings import ROOT


def alembic_config(app: Flask | None = None) -> Config:
    app = app or current_app
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["engine"] = engine_for(app)
    return cfg


def upgrade(app: Flask | None = None, revision: str = "head") -> None:
    """Apply the migrations, then the PostgreSQL storage settings they cannot express."""
    command.upgrade(alembic_config(app), revision)
    with engine_for(app).begin() as conn:
        tune_postgres(conn)


@lru_cache(maxsize=1)
def _shipped_script() -> ScriptDirectory:
    return ScriptDirectory(str(ROOT / "migrations"))


@lru_cache(maxsize=1)
def script_revisions() -> tuple[frozenset[str], frozenset[str]]:
    """(head revisions, every revision) of the migrations shipped with this code."""
    script = _shipped_script()
    return frozenset(script.get_heads()), frozenset(r.revision for r in script.walk_revisions())


@event.listens_for(Base.metadata, "after_create")
def _stamp_created_schema(_metadata: Any, connection: Connection, **_kw: Any) -> None:
    """`create_all` (tests, benchmarks) builds the schema of the current models, which is the
    migrations' head (tests/integration/test_migrations.py holds them equal): record it the
    way Alembic's cookbook does (`stamp head` after create_all), so /readyz and a later
    db-upgrade see what the schema is. A database that has a revision is left alone."""
    if inspect(connection).has_table("alembic_version"):
        return
    MigrationContext.configure(connection).stamp(_shipped_script(), "head")


def current_revision(app: Flask | None = None) -> str | None:
    """The database's Alembic revision; None for a database without the schema yet."""
    from alembic.runtime.migration import MigrationContext

    with engine_for(app or current_app).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
