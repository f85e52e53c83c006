"""Write the next Alembic revision from the difference between the models and the migrations.

    python tools/new_migration.py "what changed"      (or: make migration MESSAGE="...")

nXus is in use, so a revision that has shipped is never rewritten: this upgrades an empty
SQLite database to the current head, lets Alembic's autogenerate compare it with the models,
and writes `migrations/versions/NNNN_<slug>.py` with the next number. Read what it wrote (and
add what autogenerate cannot see: data moves, server defaults) before committing it;
`tests/integration/test_migrations.py` fails while models and migrations differ.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from alembic import command

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nxus import create_app  # noqa: E402
from nxus.migrate import alembic_config, upgrade  # noqa: E402

VERSIONS = ROOT / "migrations" / "versions"


def main() -> int:
    message = " ".join(sys.argv[1:]).strip()
    if not message:
        print('usage: python tools/new_migration.py "what changed"', file=sys.stderr)
        return 2
    numbers = [
        int(m.group(1)) for p in VERSIONS.glob("*.py") if (m := re.match(r"(\d{4})_", p.name))
    ]
    rev_id = f"{max(numbers, default=0) + 1:04d}"
    slug = re.sub(r"[^a-z0-9]+", "_", message.lower()).strip("_")[:40]
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"INSTANCE_PATH": tmp, "SECRET_KEY": "migration", "DATABASE_URL": None})
        with app.app_context():
            upgrade(app)
            command.revision(alembic_config(app), message=message, autogenerate=True, rev_id=rev_id)
    generated = next(VERSIONS.glob(f"{rev_id}_*.py"))
    target = VERSIONS / f"{rev_id}_{slug}.py"
    generated.rename(target)
    print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
