"""The portal: server-rendered pages behind flask-login, CSRF on every form."""

from __future__ import annotations

import uuid

from flask import Flask

from nxus.db import get_session
from nxus.extensions import csrf, login_manager
from nxus.models import User


def init_app(app: Flask) -> None:
    from nxus.web import auth, auth_flow, connections, dashboard, keys, support, wizard
    from nxus.web import jobs as jobs_pages

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    csrf.init_app(app)
    for module in (auth, dashboard, support, keys, connections, auth_flow, wizard, jobs_pages):
        app.register_blueprint(module.bp)
    app.context_processor(lambda: {"nav_items": lambda: _nav_items(app)})
    app.context_processor(lambda: {"settings_items": lambda: _nav_items(app, SETTINGS_NAV)})


# The portal's main navigation, in order; an entry shows once its blueprint is registered.
NAV = [
    ("dashboard.index", "Dashboard"),
    ("connections.index", "Connections"),
    ("jobs.index", "Jobs"),
    ("wizard.index", "Setup wizard"),
]
# The "Settings" menu of the navigation, in order: one line per page (team, account, audit,
# webhooks … add theirs here); an entry shows once its blueprint is registered.
SETTINGS_NAV = [
    ("keys.index", "API keys"),
]


def _nav_items(app: Flask, items: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    return [(e, label) for e, label in (NAV if items is None else items) if e in app.view_functions]


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    try:
        uid = uuid.UUID(user_id)
    except ValueError:
        return None
    user = get_session().get(User, uid)
    return user if user is not None and user.is_active else None
