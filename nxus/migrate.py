"""Alembic, driven from the app: the database URL always comes from the app's config."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from flask import Flask, current_app

from nxus import ROOT
from nxus.db import engine_for, tune_postgres


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


def current_revision(app: Flask | None = None) -> str | None:
    """The database's Alembic revision; None for a database without the schema yet."""
    from alembic.runtime.migration import MigrationContext

    with engine_for(app or current_app).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()
