"""The portal: server-rendered pages behind flask-login, CSRF on every form."""

from __future__ import annotations

from flask import Flask

from nxus.extensions import csrf, login_manager
from nxus.models import User


def init_app(app: Flask) -> None:
    from nxus.web import api_docs, auth, auth_flow, connections, dashboard, keys, support, wizard
    from nxus.web import jobs as jobs_pages

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    csrf.init_app(app)
    for module in (
        auth,
        dashboard,
        support,
        keys,
        connections,
        auth_flow,
        wizard,
        jobs_pages,
        api_docs,
    ):
        app.register_blueprint(module.bp)
    from nxus.web import charts, request_log, webhooks

    webhooks.init_app(app)
    request_log.init_app(app)
    charts.init_app(app)
    app.context_processor(lambda: {"nav_items": lambda: _nav_items(app)})
    # teams: sessions ended from the server, roles, the two-factor rule
    from nxus.web import account, session_guard, team

    def settings_items() -> list[tuple[str, str]]:
        role = team.member_role()
        return [
            (endpoint, label)
            for endpoint, label in _nav_items(app, SETTINGS_NAV)
            if role in SETTINGS_ROLES.get(endpoint, (role,))
        ]

    app.context_processor(lambda: {"settings_items": settings_items})
    session_guard.init_app(app)
    for module in (team, account):
        app.register_blueprint(module.bp)
    app.context_processor(lambda: {"member_role": team.member_role})


# The portal's main navigation, in order; an entry shows once its blueprint is registered.
NAV = [
    ("dashboard.index", "Dashboard"),
    ("connections.index", "Connections"),
    ("jobs.index", "Jobs"),
    ("wizard.index", "Setup wizard"),
    ("api_docs.index", "API reference"),
]
# The "Settings" menu of the navigation, in order: one line per page (team, account, audit,
# webhooks … add theirs here); an entry shows once its blueprint is registered.
SETTINGS_NAV = [
    ("keys.index", "API keys"),
    ("team.index", "Team"),
    ("team.audit_log", "Audit log"),
    ("account.index", "Account"),
    ("webhooks.index", "Webhooks"),
]
# Settings entries only some roles may open (the pages check too: this only hides the link).
SETTINGS_ROLES = {"team.audit_log": ("owner", "admin")}
NAV += [("request_log.index", "Request log")]


def _nav_items(app: Flask, items: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    return [(e, label) for e, label in (NAV if items is None else items) if e in app.view_functions]


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    from nxus.web.session_guard import load_user

    return load_user(user_id)
