"""Flask extensions, created unbound and bound in create_app; hooks every request runs."""

from collections.abc import Callable

from flask import Flask
from flask_login import LoginManager
from flask_wtf import CSRFProtect

RequestHook = Callable[[], None]

login_manager = LoginManager()
csrf = CSRFProtect()


def on_every_request(app: Flask, hook: RequestHook) -> None:
    """Run `hook` first thing in every request: Flask's, and POST /qbwc, which is served
    beside Flask's dispatch (nxus.qbwc.wsgi) and runs only hooks registered here."""
    app.extensions.setdefault("nxus.request_hooks", []).append(hook)
    app.before_request(hook)


def request_hooks(app: Flask) -> list[RequestHook]:
    hooks: list[RequestHook] = app.extensions.get("nxus.request_hooks", [])
    return hooks
