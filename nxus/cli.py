"""`flask nxus ...` commands for operators."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import click
from flask import Flask, current_app
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
@click.option("--admin", is_flag=True, help="Admin role (else developer) in an existing org.")
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


@group.command("reset-password")
@click.argument("email")
def reset_password(email: str) -> None:
    """Print a one-time password reset link for EMAIL (valid PASSWORD_RESET_VALID_MINUTES)."""
    from nxus.services import team

    link = team.issue_reset_by_email(get_session(), email, None, "issued by the operator (CLI)")
    if link is None:
        raise click.ClickException(f"No user with the email {email}.")
    base = (current_app.config.get("PUBLIC_URL") or "http://localhost:8000").rstrip("/")
    click.echo(f"{base}/reset-password#{link.token}")


@group.command("db-upgrade")
def db_upgrade() -> None:
    """Bring the database schema up to date (Alembic upgrade head)."""
    from nxus import migrate

    before = migrate.current_revision()
    migrate.upgrade()
    after = migrate.current_revision()
    if before is None:
        click.echo(f"Created the database (schema revision {after}).")
    elif before != after:
        click.echo(f"Upgraded the database from revision {before} to {after}.")
    else:
        click.echo(f"Database is up to date (revision {after}).")


@group.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def backup_command(path: Path, force: bool) -> None:
    """Write a consistent copy of the database to PATH while the server runs (SQLite: the
    online backup API, one file, mode 0600; PostgreSQL: pg_dump, custom format)."""
    from nxus import backup

    try:
        outcome = backup.backup(current_app, path, force)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(outcome.message)


@group.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database with the backup at PATH and migrate it to this version (stop the
    server first). A backup from a newer nXus is refused."""
    from nxus import backup

    if not yes:
        click.confirm("This replaces every row of the current database. Go on?", abort=True)
    try:
        outcome = backup.restore(current_app, path)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(outcome.message)


@group.command("compact")
def compact() -> None:
    """Purge what the retention settings no longer keep, then give the space back.

    SQLite: VACUUM (it also turns on incremental auto-vacuum for a database file made before
    nXus did, so that the server gives space back by itself from then on); best with the
    server stopped. PostgreSQL: VACUUM (ANALYZE) of the purged tables."""
    from flask import current_app

    from nxus.services import disk_space, retention

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    done = retention.purge(app, budget=None)
    click.echo(
        f"Purged: {done.job_payloads} job payloads, {done.exchange_bodies} exchange bodies, "
        f"{done.exchanges} exchange rows, {done.jobs} job rows, {done.events} events, "
        f"{done.request_log} request-log rows, {done.idempotency} expired Idempotency-Key "
        "records."
    )
    before, after = disk_space.compact(app)
    mb = 1024 * 1024
    click.echo(f"Database: {before / mb:.1f} MB before, {after / mb:.1f} MB after.")


def init_app(app: Flask) -> None:
    from nxus.services.simulate import simulate

    group.add_command(simulate)
    app.cli.add_command(group)
