"""The API reference page: the OpenAPI document rendered on the server (no script, no CDN),
public like the document itself."""

from __future__ import annotations

from flask import Blueprint, render_template

from nxus.openapi import TITLE, document, reference

bp = Blueprint("api_docs", __name__)


@bp.route("/docs/api")
def index() -> str:
    doc = document()
    return render_template(
        "api_docs.html",
        title=TITLE,
        info=doc["info"],
        groups=reference.operations(doc),
        schemas=reference.schemas(doc),
    )
