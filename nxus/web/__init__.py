"""The portal: server-rendered pages behind flask-login, CSRF on every form."""

from __future__ import annotations

from flask import Flask

from nxus.extensions import csrf, login_manager
from nxus.models import User


def init_app(app: Flask) -> None:
    from nxus.web import (
        api_docs,
        auth,
        auth_flow,
        connection_actions,  # noqa: F401 - its routes are on connections.bp
        connections,
        dashboard,
        keys,
        support,
        wizard,
    )
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
    # teams: sessions ended from the server, roles, the two-factor rule
    from nxus.web import account, session_guard, team

    session_guard.init_app(app)
    for module in (team, account):
        app.register_blueprint(module.bp)

    def menus() -> list[tuple[str, list[tuple[str, str]]]]:
        """The navigation's drop-down menus with the entries this member's role may open."""
        role = team.member_role()
        return [
            (
                title,
                [
                    (e, label)
                    for e, label in _nav_items(app, items)
                    if role in ROLES.get(e, (role,))
                ],
            )
            for title, items in MENUS
        ]

    app.context_processor(lambda: {"nav_items": lambda: _nav_items(app), "menus": menus})
    app.context_processor(lambda: {"member_role": team.member_role})


# The portal's main navigation, in order; an entry shows once its blueprint is registered.
NAV = [
    ("dashboard.index", "Dashboard"),
    ("connections.index", "Connections"),
    ("jobs.index", "Jobs"),
    ("wizard.index", "Setup wizard"),
]
# Drop-down menus after it, one line per page (two header rows at 375 px: add pages here).
MENUS = [
    (
        "Settings",
        [
            ("keys.index", "API keys"),
            ("webhooks.index", "Webhooks"),
            ("request_log.index", "Request log"),
            ("team.index", "Team"),
            ("team.audit_log", "Audit log"),
            ("account.index", "Account"),
        ],
    ),
    ("Help", [("support.index", "Troubleshooting"), ("api_docs.index", "API reference")]),
]
# Entries only some roles may open (the pages check too: this only hides the link).
ROLES = {"team.audit_log": ("owner", "admin")}


def _nav_items(app: Flask, items: list[tuple[str, str]] | None = None) -> list[tuple[str, str]]:
    return [(e, label) for e, label in (NAV if items is None else items) if e in app.view_functions]


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    from nxus.web.session_guard import load_user

    return load_user(user_id)
