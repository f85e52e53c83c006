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


def script_revisions(app: Flask | None = None) -> tuple[frozenset[str], frozenset[str]]:
    """(head revisions, every revision) of the migrations shipped with this code (cached)."""
    from alembic.script import ScriptDirectory

    app = app or current_app
    cached = app.extensions.get("nxus.migration_revisions")
    if cached is None:
        script = ScriptDirectory.from_config(alembic_config(app))
        known = frozenset(rev.revision for rev in script.walk_revisions())
        cached = (frozenset(script.get_heads()), known)
        app.extensions["nxus.migration_revisions"] = cached
    return cached
