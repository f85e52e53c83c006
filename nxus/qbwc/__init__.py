"""The QuickBooks Web Connector endpoint: SOAP 1.1 at /qbwc (see docs/qbwc.md)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from nxus import errors
    from nxus.extensions import csrf
    from nxus.qbwc import views
    from nxus.services.qbwc import Settings

    app.extensions["nxus.qbwc.settings"] = Settings.from_config(app.config)
    csrf.exempt(views.bp)  # SOAP has no cookies; the ticket is the credential
    app.register_blueprint(views.bp)
    errors.register_renderer(app, "/qbwc", views.render_http_error)
