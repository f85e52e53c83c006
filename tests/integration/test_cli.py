"""`flask nxus create-user` and `flask nxus db-upgrade`."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from nxus.db import new_session
from nxus.models import Membership, Organization, User


def test_create_user_takes_password_from_environment(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["nxus", "create-user", "Ann@Example.com", "--org", "Ledger Co", "--admin"],
        env={"NXUS_PASSWORD": "a long enough password"},
    )
    assert result.exit_code == 0, result.output
    assert "Created ann@example.com in Ledger Co." in result.output
    assert "a long enough password" not in result.output
    with new_session(app) as session:
        user = session.scalar(select(User).where(User.email == "ann@example.com"))
        assert user is not None and user.is_admin
        membership = session.scalar(select(Membership).where(Membership.user_id == user.id))
        assert membership is not None and membership.organization.name == "Ledger Co"


def test_create_user_prompts_and_joins_existing_org(app: Flask, runner: FlaskCliRunner) -> None:
    env = {"NXUS_PASSWORD": "a long enough password"}
    runner.invoke(args=["nxus", "create-user", "a@example.com", "--org", "Ledger Co"], env=env)
    result = runner.invoke(
        args=["nxus", "create-user", "b@example.com", "--org", "Ledger Co"],
        input="another long password\nanother long password\n",
        env={"NXUS_PASSWORD": ""},
    )
    assert result.exit_code == 0, result.output
    with new_session(app) as session:
        assert len(session.scalars(select(Organization)).all()) == 1
        roles = sorted(m.role for m in session.scalars(select(Membership)))
        assert roles == ["developer", "owner"]  # a non-admin member is a developer


def test_create_user_rejects_bad_input_and_duplicates(app: Flask, runner: FlaskCliRunner) -> None:
    env = {"NXUS_PASSWORD": "a long enough password"}
    bad = runner.invoke(args=["nxus", "create-user", "not-an-email"], env=env)
    assert bad.exit_code != 0 and "email: Enter a valid email address" in bad.output
    short = runner.invoke(args=["nxus", "create-user", "c@example.com"], env={"NXUS_PASSWORD": "x"})
    assert short.exit_code != 0 and "password: Use at least 12 characters." in short.output
    assert runner.invoke(args=["nxus", "create-user", "c@example.com"], env=env).exit_code == 0
    dup = runner.invoke(args=["nxus", "create-user", "C@example.com"], env=env)
    assert dup.exit_code != 0 and "already exists" in dup.output
    with new_session(app) as session:
        assert len(session.scalars(select(User)).all()) == 1


def test_simulate_targets_the_address_make_run_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    from nxus.services.simulate import default_url

    for name in ("HOST", "PORT"):
        monkeypatch.delenv(name, raising=False)
    assert default_url(None) == "http://127.0.0.1:8000"
    assert default_url("https://books.example.com/") == "https://books.example.com"
    monkeypatch.setenv("PORT", "9001")
    monkeypatch.setenv("HOST", "0.0.0.0")
    assert default_url(None) == "http://127.0.0.1:9001"
    monkeypatch.setenv("HOST", "10.1.2.3")
    assert default_url(None) == "http://10.1.2.3:9001"


def test_db_upgrade_says_what_it_did(app_factory: Any) -> None:
    runner = app_factory().test_cli_runner()
    created = runner.invoke(args=["nxus", "db-upgrade"])
    assert created.exit_code == 0, created.output
    assert created.output.startswith("Created the database (schema revision ")
    again = runner.invoke(args=["nxus", "db-upgrade"])
    assert again.exit_code == 0 and again.output.startswith("Database is up to date (revision ")
