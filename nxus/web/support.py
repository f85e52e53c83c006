"""Public troubleshooting page; also the .qwc AppSupport URL (QBWC requires it to answer 200)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, render_template
from werkzeug.wrappers import Response

bp = Blueprint("support", __name__)


@bp.route("/support")
def index() -> str:
    """The troubleshooting cases of the setup guide."""
    return render_template("support.html")


@bp.route("/favicon.ico")
def favicon() -> Response:
    """The icon browsers ask for at the root (the pages also link static/favicon.svg)."""
    path = Path(current_app.static_folder or "static") / "favicon.ico"
    response = Response(path.read_bytes(), mimetype="image/vnd.microsoft.icon")
    response.cache_control.max_age = 86400
    response.cache_control.public = True
    return response
