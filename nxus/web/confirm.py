"""The shared confirmation page of destructive actions (templates/confirm.html): what will
happen, what stops working, a POST form with the CSRF token, and a Cancel link that changes
nothing. Works without JavaScript."""

from __future__ import annotations

from typing import Any

from flask import make_response, render_template
from werkzeug.wrappers import Response


def confirm_page(status: int = 200, **context: Any) -> Response:
    """Render the confirmation (title, subject, consequences, action, button, danger, cancel,
    cancel_label, optional field); never cached."""
    response = make_response(render_template("confirm.html", **context), status)
    response.headers["Cache-Control"] = "no-store"
    return response
