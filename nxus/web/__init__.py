"""The portal: server-rendered pages behind flask-login, CSRF on every form."""

from __future__ import annotations

import uuid

from flask import Flask

from nxus.db import get_session
from nxus.extensions import csrf, login_manager
from nxus.models import User


def init_app(app: Flask) -> None:
    from nxus.web import api_docs, auth, auth_flow, connections, dashboard, keys, support, wizard

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    csrf.init_app(app)
    for module in (auth, dashboard, support, keys, connections, auth_flow, wizard, api_docs):
        app.register_blueprint(module.bp)
    app.context_processor(lambda: {"nav_items": lambda: _nav_items(app)})


# The portal's main navigation, in order; an entry shows once its blueprint is registered.
NAV = [
    ("dashboard.index", "Dashboard"),
    ("connections.index", "Connections"),
    ("wizard.index", "Setup wizard"),
    ("keys.index", "API keys"),
    ("api_docs.index", "API reference"),
]


def _nav_items(app: Flask) -> list[tuple[str, str]]:
    return [(endpoint, label) for endpoint, label in NAV if endpoint in app.view_functions]


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    try:
        uid = uuid.UUID(user_id)
    except ValueError:
        return None
    user = get_session().get(User, uid)
    return user if user is not None and user.is_active else None
