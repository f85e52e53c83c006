"""`flask nxus ...` commands for operators."""

from __future__ import annotations

import os
from datetime import timedelta

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from nxus.db import get_session, utcnow
from nxus.models import User
from nxus.services import accounts, api_keys
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


@group.command("create-api-key")
@click.argument("email")
@click.option("--name", required=True, help="What the key is for, e.g. the application.")
@click.option("--test", "test_mode", is_flag=True, help="A test key (sk_test_, development).")
@click.option(
    "--expires-days", type=click.IntRange(min=1), default=None, help="Expire after N days."
)
def create_api_key(email: str, name: str, test_mode: bool, expires_days: int | None) -> None:
    """Create an API key in EMAIL's organization and print it (alone, on stdout) once."""
    session = get_session()
    user = session.scalar(select(User).where(User.email == accounts.normalize_email(email)))
    if user is None:
        raise click.ClickException(f"No user with the email {email}.")
    org = accounts.organization_of(session, user)
    expires_at = utcnow() + timedelta(days=expires_days) if expires_days else None
    try:
        new = api_keys.create_api_key(
            session, org.id, name, "test" if test_mode else "live", expires_at, user.id
        )
    except ValidationFailed as exc:
        raise click.ClickException(f"{exc.field}: {exc.message}") from None
    click.echo(new.secret)


@group.command("db-upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date (Alembic upgrade head)."""
    from nxus import migrate

    migrate.upgrade()
    click.echo("Database is up to date.")


@group.command("compact")
def compact() -> None:
    """Purge what the retention settings no longer keep, then give the space back.

    SQLite: VACUUM (it also turns on incremental auto-vacuum for a database file made before
    nXus did, so that the server gives space back by itself from then on); best with the
    server stopped. PostgreSQL: VACUUM (ANALYZE) of the purged tables."""
    from flask import current_app

    from nxus.services import retention

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    done = retention.purge(app, budget=None)
    click.echo(
        f"Purged: {done.job_payloads} job payloads, {done.exchange_bodies} exchange bodies, "
        f"{done.exchanges} exchange rows, {done.jobs} job rows, {done.idempotency} "
        "expired Idempotency-Key records."
    )
    before, after = retention.compact(app)
    mb = 1024 * 1024
    click.echo(f"Database: {before / mb:.1f} MB before, {after / mb:.1f} MB after.")


def init_app(app: Flask) -> None:
    from nxus.simulator.command import simulate

    group.add_command(simulate)
    app.cli.add_command(group)
