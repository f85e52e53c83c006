"""Configuration order (defaults → NXUS_* env → test config) and the persisted secret key."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from flask import Config

from nxus import create_app, settings


def load(environ: dict[str, str], test_config: dict | None = None) -> Config:
    config = Config(".")
    settings.load(config, environ, test_config)
    return config


def test_defaults_come_from_config_package() -> None:
    config = load({})
    assert config["SECURE_COOKIES"] is True
    assert config["LOGIN_MAX_FAILURES"] == 5


@pytest.mark.parametrize(
    ("raw", "expected"), [("false", False), ("0", False), ("TRUE", True), ("yes", True)]
)
def test_env_values_take_the_type_of_the_default(raw: str, expected: bool) -> None:
    assert load({"NXUS_SECURE_COOKIES": raw})["SECURE_COOKIES"] is expected


def test_env_overrides_defaults_and_test_config_overrides_env() -> None:
    env = {"NXUS_LOGIN_MAX_FAILURES": "9", "NXUS_PUBLIC_URL": "https://qb.example.com"}
    config = load(env, {"LOGIN_MAX_FAILURES": 3})
    assert config["LOGIN_MAX_FAILURES"] == 3
    assert config["PUBLIC_URL"] == "https://qb.example.com"


def test_unknown_and_secret_env_variables_stay_out_of_the_config() -> None:
    config = load({"NXUS_PASSWORD": "hunter2hunter2", "NXUS_NOT_A_SETTING": "x"})
    assert "PASSWORD" not in config and "NOT_A_SETTING" not in config


def test_bad_boolean_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="NXUS_SECURE_COOKIES must be true or false"):
        load({"NXUS_SECURE_COOKIES": "maybe"})


def test_secret_key_is_generated_once_and_persisted(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("NXUS_SECRET_KEY", raising=False)
    cfg = {"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    first = create_app(cfg).config["SECRET_KEY"]
    second = create_app(cfg).config["SECRET_KEY"]
    assert first == second and len(first) >= 64
    key_file = tmp_path / "secret_key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".secret_key")]


def test_secret_key_from_environment_wins(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("NXUS_SECRET_KEY", "from-the-environment")
    app = create_app({"INSTANCE_PATH": str(tmp_path), "DATABASE_URL": "sqlite://"})
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert not (tmp_path / "secret_key").exists()


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("NXUS_DATABASE_URL", raising=False)
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k"})
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'nxus.db'}"


def test_plain_http_switch_turns_secure_cookies_off(tmp_path: Path) -> None:
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "k",
            "SECURE_COOKIES": False,
            "DATABASE_URL": "sqlite://",
        }
    )
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
