"""Configuration loading: defaults from config/, then NXUS_* environment variables, then the
test config; and the facts derived from them (database URL, persisted secret key, cookies)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Config

# The checkout: migrations/, templates/, static/ and the default instance/ folder live here.
ROOT = Path(__file__).resolve().parent.parent
ENV_PREFIX = "NXUS_"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def load(config: Config, environ: Mapping[str, str], test_config: Mapping[str, Any] | None) -> None:
    config.from_object("config.default")
    known = set(config)
    for name, raw in environ.items():
        # Only keys that config/default.py declares: NXUS_PASSWORD (the CLI's) and other
        # NXUS_* variables never land in the app config.
        key = name[len(ENV_PREFIX) :]
        if name.startswith(ENV_PREFIX) and key in known:
            config[key] = _convert(key, raw, config.get(key))
    if test_config:
        config.update(test_config)


def _convert(key: str, raw: str, default: Any) -> Any:
    """Give an environment string the type of the default it overrides."""
    if isinstance(default, bool):
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ValueError(f"{ENV_PREFIX}{key} must be true or false, not {raw!r}")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    return raw


def finalize(config: Config, instance_path: str) -> None:
    """Fill in what depends on the instance folder and apply the cookie policy."""
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    if not config.get("DATABASE_URL"):
        config["DATABASE_URL"] = f"sqlite:///{Path(instance_path) / 'nxus.db'}"
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = persisted_secret_key(Path(instance_path) / "secret_key")
    try:
        ZoneInfo(str(config["COMPANY_TIME_ZONE"]))
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"COMPANY_TIME_ZONE {config['COMPANY_TIME_ZONE']!r} is not an IANA time zone name"
        ) from None
    secure = bool(config["SECURE_COOKIES"])
    config.update(
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="nxus_session",
        REMEMBER_COOKIE_SECURE=secure,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        PREFERRED_URL_SCHEME="https" if secure else "http",
    )


def persisted_secret_key(path: Path) -> str:
    """Read the generated key, or create it once.

    The key is written to a private temporary file and hard-linked into place, so a worker
    starting at the same moment either wins the link or reads the complete winner."""
    if not path.exists():
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32) + "\n")
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    key = path.read_text().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it to generate a new secret key")
    return key
