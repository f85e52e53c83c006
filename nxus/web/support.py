"""Public troubleshooting page; also the .qwc AppSupport URL (QBWC requires it to answer 200)."""

from __future__ import annotations

from flask import Blueprint, render_template

bp = Blueprint("support", __name__)


@bp.route("/support")
def index() -> str:
    """The troubleshooting cases of the setup guide."""
    return render_template("support.html")
