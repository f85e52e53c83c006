"""What every benchmark builds first: an app on a fresh SQLite file with cheap argon2 (only
authenticate hashes, never inside a timed loop) and an organization with one connection."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from nxus import create_app  # noqa: E402
from nxus.db import Base, engine_for  # noqa: E402
from nxus.models import Connection, Organization  # noqa: E402
from nxus.security import hash_password  # noqa: E402

BENCH_PASSWORD = "pw"


def bench_app(database_url: str, instance_path: str, **config: Any) -> Flask:
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": instance_path,
            "SECRET_KEY": "bench",
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8,
            "ARGON2_PARALLELISM": 1,
            **config,
        }
    )
    Base.metadata.create_all(engine_for(app))
    return app


def add_connection(db: Session, mode: str, username: str) -> Connection:
    """An organization and its connection, with the QBWC password `BENCH_PASSWORD`."""
    org = Organization(name="Bench")
    db.add(org)
    db.flush()
    conn = Connection(
        organization_id=org.id,
        mode=mode,
        qbwc_username=username,
        qbwc_password_hash=hash_password(BENCH_PASSWORD),
    )
    db.add(conn)
    db.commit()
    return conn
