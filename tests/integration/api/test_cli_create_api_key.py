"""`flask nxus create-api-key EMAIL --name NAME [--test]` prints the key alone."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from nxus.db import new_session
from nxus.models import ApiKey
from nxus.security import sha256_hex

ENV = {"NXUS_PASSWORD": "a long enough password"}


def test_prints_only_the_key_and_stores_its_hash(app: Flask, runner: FlaskCliRunner) -> None:
    runner.invoke(args=["nxus", "create-user", "ann@example.com", "--org", "Ledger"], env=ENV)
    live = runner.invoke(args=["nxus", "create-api-key", "ANN@example.com", "--name", "Sync"])
    test = runner.invoke(
        args=["nxus", "create-api-key", "ann@example.com", "--name", "Dev", "--test"]
    )
    assert live.exit_code == 0 and test.exit_code == 0, live.output + test.output
    assert live.stdout.startswith("sk_live_") and live.stdout.count("\n") == 1
    assert test.stdout.strip().startswith("sk_test_")
    with new_session(app) as session:
        rows = {row.name: row for row in session.scalars(select(ApiKey))}
    assert rows["Sync"].key_hash == sha256_hex(live.stdout.strip()) and rows["Sync"].mode == "live"
    assert rows["Dev"].mode == "test" and rows["Dev"].expires_at is None


def test_unknown_user_and_bad_name_fail_cleanly(app: Flask, runner: FlaskCliRunner) -> None:
    missing = runner.invoke(args=["nxus", "create-api-key", "nobody@example.com", "--name", "x"])
    assert missing.exit_code != 0 and "No user with the email" in missing.output
    runner.invoke(args=["nxus", "create-user", "ann@example.com"], env=ENV)
    blank = runner.invoke(args=["nxus", "create-api-key", "ann@example.com", "--name", " "])
    assert blank.exit_code != 0 and "name: Give the key a name" in blank.output
    with new_session(app) as session:
        assert session.scalar(select(ApiKey)) is None
