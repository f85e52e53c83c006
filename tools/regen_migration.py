"""Regenerate migrations/versions/0001_initial.py from the models.

Before the first release nXus keeps a single initial migration; this rewrites it from an
empty SQLite database with Alembic's autogenerate. After a release, add new revisions instead.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nxus import create_app  # noqa: E402
from nxus.migrate import alembic_config  # noqa: E402


def main() -> None:
    target = ROOT / "migrations" / "versions" / "0001_initial.py"
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"INSTANCE_PATH": tmp, "SECRET_KEY": "regen", "DATABASE_URL": None})
        with app.app_context():
            cfg = alembic_config(app)
            command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
    generated = next((ROOT / "migrations" / "versions").glob("0001_*.py"))
    generated.rename(target)
    print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
