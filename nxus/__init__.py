"""nXus: QuickBooks Desktop company files behind a JSON REST API, through the Web Connector."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: config/ defaults, then NXUS_* environment variables, then test_config."""
    from nxus import capacity, cli, db, errors, qbwc, quickbooks, security, settings
    from nxus.api import init_app as init_api
    from nxus.ops import init_app as init_ops
    from nxus.services import webhook_worker
    from nxus.settings import ROOT
    from nxus.web import init_app as init_web

    instance_path = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("NXUS_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=str(Path(instance_path).resolve())
        if instance_path
        else str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    settings.load(app.config, os.environ, test_config)
    settings.finalize(app.config, app.instance_path)
    logging.getLogger("nxus").setLevel(app.config["LOG_LEVEL"])

    db.init_app(app)
    capacity.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    init_web(app)
    quickbooks.init_app(app)
    init_api(app)
    qbwc.init_app(app)
    cli.init_app(app)
    init_ops(app)
    webhook_worker.init_app(app)
    return app
