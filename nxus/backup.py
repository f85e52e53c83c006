"""`flask nxus backup PATH` and `flask nxus restore PATH`.

SQLite: the online backup API (sqlite3.Connection.backup) copies a consistent snapshot while
the server keeps writing; the copy is a single self-contained file (no -wal), mode 0600.
Restore refuses a file whose Alembic revision this code does not know (a newer nXus made
it), copies it over the database with the same API, then migrates it to head.

PostgreSQL: pg_dump in its custom format; restore turns it into SQL with pg_restore and runs
it with psql in one transaction after emptying the schema. The password goes to the children
in PGPASSWORD, never on their command lines."""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import URL, make_url

from nxus.db import create_private_sqlite_file, engine_for
from nxus.migrate import script_revisions, upgrade
from nxus.wakeup import POSTGRES_TRIGGERS

SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Outcome:
    message: str
    revision: str | None


def _url(app: Flask) -> URL:
    return make_url(app.config["DATABASE_URL"])


def _private_temp(target: Path) -> Path:
    """An empty 0600 file beside `target`, renamed over it when the copy is complete."""
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return tmp


def _check_target(target: Path, force: bool) -> None:
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the path of the backup file to write.")
    if target.exists() and not force:
        raise BackupError(f"{target} exists; choose another name or pass --force.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")


def backup(app: Flask, target: Path, force: bool = False) -> Outcome:
    _check_target(target, force)
    url = _url(app)
    if url.get_backend_name() == "sqlite":
        return _backup_sqlite(_sqlite_path(url), target)
    if url.get_backend_name() == "postgresql":
        return _backup_postgres(url, target)
    raise BackupError(f"No backup method for {url.get_backend_name()} databases.")


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("The database is in memory; there is nothing to back up.")
    return Path(url.database)


def _revisions(conn: sqlite3.Connection) -> list[str]:
    try:
        return sorted(row[0] for row in conn.execute("SELECT version_num FROM alembic_version"))
    except sqlite3.DatabaseError:
        return []


def _backup_sqlite(source: Path, target: Path) -> Outcome:
    if not source.is_file():
        raise BackupError(f"The database file {source} does not exist.")
    tmp = _private_temp(target)
    try:
        src = sqlite3.connect(source, timeout=30)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)  # every page in one step: one consistent snapshot
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            check = dst.execute("PRAGMA quick_check").fetchone()[0]
            revisions = _revisions(dst)
        finally:
            dst.close()
            src.close()
        if check != "ok":
            raise BackupError(f"The copy failed SQLite's quick_check: {check}")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    rev = ", ".join(revisions) or None
    size = target.stat().st_size
    return Outcome(f"SQLite backup written to {target} ({size} bytes, revision {rev}).", rev)


def _pg_environment(url: URL) -> tuple[list[str], dict[str, str]]:
    """libpq settings for pg_dump/pg_restore from the URL: options as PG* variables (the
    password included), plus --schema when the URL pins a search_path."""
    env = dict(os.environ)
    for key, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[key] = str(value)
    args: list[str] = []
    query = {k: (v[-1] if isinstance(v, tuple) else v) for k, v in url.query.items()}
    if "sslmode" in query:
        env["PGSSLMODE"] = query["sslmode"]
    options = query.get("options", "")
    if options:
        env["PGOPTIONS"] = options
        for part in options.split():
            if part.startswith("-csearch_path="):
                args.append(f"--schema={part.split('=', 1)[1].split(',')[0]}")
    return args, env


def _require(tool: str) -> None:
    if shutil.which(tool) is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client).")


def _run(command: list[str], env: dict[str, str]) -> str:
    _require(command[0])
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:2000]}")
    return done.stdout


def _backup_postgres(url: URL, target: Path) -> Outcome:
    args, env = _pg_environment(url)
    tmp = _private_temp(target)
    try:
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={tmp}", *args], env)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    revision = _dump_revision(target, args, env)
    return Outcome(
        f"PostgreSQL backup written by pg_dump (custom format) to {target} "
        f"(revision {revision}); restore it with `flask nxus restore {target}`.",
        revision,
    )


def _dump_revision(dump: Path, args: list[str], env: dict[str, str]) -> str | None:
    """The Alembic revision stored in a pg_dump file (its alembic_version table data)."""
    listing = _run(
        ["pg_restore", "--data-only", "--table=alembic_version", *args, "--file=-", str(dump)],
        env,
    )
    rows, copying = [], False
    for line in listing.splitlines():
        if line.startswith("COPY ") and "alembic_version" in line:
            copying = True
        elif copying and line == "\\.":
            break
        elif copying and line.strip():
            rows.append(line.strip())
    return ", ".join(sorted(rows)) or None


def _check_revision(app: Flask, revision: str | None, source: Path) -> None:
    heads, known = script_revisions()
    if revision is None:
        raise BackupError(f"{source} has no Alembic revision: it is not an nXus backup.")
    unknown = [rev for rev in revision.split(", ") if rev not in known]
    if unknown:
        raise BackupError(
            f"{source} comes from a newer nXus (revision {revision}; this code knows up to "
            f"{', '.join(sorted(heads))}). Upgrade nXus first, then restore."
        )


def restore(app: Flask, source: Path) -> Outcome:
    """Replace the database with the backup at `source`, then migrate it to head."""
    url = _url(app)
    if url.get_backend_name() == "sqlite":
        revision = _restore_sqlite(app, source, _sqlite_path(url))
    elif url.get_backend_name() == "postgresql":
        revision = _restore_postgres(app, url, source)
    else:
        raise BackupError(f"No restore method for {url.get_backend_name()} databases.")
    engine_for(app).dispose()  # no pooled connection keeps the old database
    upgrade(app)
    heads = ", ".join(sorted(script_revisions()[0]))
    moved = "" if revision == heads else f", migrated to {heads}"
    return Outcome(f"Restored {source} (revision {revision}{moved}).", heads)


def _restore_postgres(app: Flask, url: URL, source: Path) -> str | None:
    """pg_restore's SQL, after emptying nXus's schema, in one psql transaction: a failure
    leaves the database as it was; tables the dump does not have (a later revision's) go
    too, so an older dump restores cleanly and is then migrated."""
    args, env = _pg_environment(url)
    revision = _dump_revision(source, args, env)
    _check_revision(app, revision, source)
    with engine_for(app).connect() as conn:  # the current schema (public, or the pinned one)
        tables = conn.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
        names = ", ".join(f'"{name}"' for name in tables)
    functions = "".join(f"DROP FUNCTION IF EXISTS {name}() CASCADE;" for name in POSTGRES_TRIGGERS)
    empty = (
        "SET client_min_messages = warning; "
        + functions
        + (f"DROP TABLE IF EXISTS {names} CASCADE;" if names else "")
    )
    engine_for(app).dispose()
    _require("psql")
    # The whole SQL first, then psql: a dump pg_restore cannot read to the end must never
    # reach psql as a truncated script that would commit half a database. The script holds
    # the whole database: 0600, in the private instance folder, removed when done.
    os.makedirs(app.instance_path, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".restore-", suffix=".sql", dir=app.instance_path)
    os.close(fd)
    script = Path(name)
    try:
        _run(["pg_restore", "--no-owner", f"--file={script}", *args, str(source)], env)
        applied = subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "--single-transaction", "-c", empty,
             "-f", str(script)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )  # fmt: skip
    finally:
        script.unlink(missing_ok=True)
    if applied.returncode != 0:
        raise BackupError(f"psql failed (nothing was changed): {applied.stderr.strip()[:2000]}")
    return revision


def _restore_sqlite(app: Flask, source: Path, database: Path) -> str | None:
    with open(source, "rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(
                f"{source} is not a SQLite database (pg_dump files restore on PostgreSQL)."
            )
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        try:
            check = src.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:  # e.g. a copy cut short: "disk image is malformed"
            check = str(exc)
        if check != "ok":
            raise BackupError(f"{source} failed SQLite's quick_check: {check}")
        revision = ", ".join(_revisions(src)) or None
        _check_revision(app, revision, source)
        engine_for(app).dispose()
        create_private_sqlite_file(f"sqlite:///{database}")
        dst = sqlite3.connect(database, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return revision
