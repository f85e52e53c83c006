"""`flask nxus ...` commands for operators."""

from __future__ import annotations

import os

import click
from flask import Flask
from flask.cli import AppGroup

from nxus.db import get_session
from nxus.services import accounts
from nxus.services.errors import ValidationFailed

group = AppGroup("nxus", help="nXus administration commands.")


@group.command("create-user")
@click.argument("email")
@click.option("--org", "org_name", default=None, help="Organization (created if missing).")
@click.option("--admin", is_flag=True, help="Give the user administrator rights.")
def create_user(email: str, org_name: str | None, admin: bool) -> None:
    """Create a user. The password comes from NXUS_PASSWORD, else it is prompted for."""
    password = os.environ.get("NXUS_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    try:
        account = accounts.create_user(get_session(), email, password, org_name, admin)
    except ValidationFailed as exc:
        raise click.ClickException(f"{exc.field}: {exc.message}") from None
    click.echo(f"Created {account.user.email} in {account.organization.name}.")


@group.command("db-upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date (Alembic upgrade head)."""
    from nxus import migrate

    migrate.upgrade()
    click.echo("Database is up to date.")


def init_app(app: Flask) -> None:
    from nxus.simulator.command import simulate

    group.add_command(simulate)
    app.cli.add_command(group)
