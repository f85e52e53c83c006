"""The portal: server-rendered pages behind flask-login, CSRF on every form."""

from __future__ import annotations

from flask import Flask

from nxus.extensions import csrf, login_manager
from nxus.models import User


def init_app(app: Flask) -> None:
    from nxus.web import auth, auth_flow, connections, dashboard, keys, support, wizard

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    csrf.init_app(app)
    for module in (auth, dashboard, support, keys, connections, auth_flow, wizard):
        app.register_blueprint(module.bp)
    app.context_processor(lambda: {"nav_items": lambda: _nav_items(app)})
    # teams: sessions ended from the server, roles, the two-factor rule
    from nxus.web import account, session_guard, team

    session_guard.init_app(app)
    for module in (team, account):
        app.register_blueprint(module.bp)
    app.context_processor(lambda: {"member_role": team.member_role})


# The portal's main navigation, in order; an entry shows once its blueprint is registered.
NAV = [
    ("dashboard.index", "Dashboard"),
    ("connections.index", "Connections"),
    ("wizard.index", "Setup wizard"),
    ("keys.index", "API keys"),
]


def _nav_items(app: Flask) -> list[tuple[str, str]]:
    return [(endpoint, label) for endpoint, label in NAV if endpoint in app.view_functions]


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    from nxus.web.session_guard import load_user

    return load_user(user_id)
