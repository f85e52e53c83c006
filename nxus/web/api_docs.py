"""The API reference page: the OpenAPI document rendered on the server (no script, no CDN),
public like the document itself."""

from __future__ import annotations

import functools
from typing import Any

from flask import Blueprint, render_template

from nxus.openapi import TITLE, document, reference

bp = Blueprint("api_docs", __name__)


@functools.cache
def _rows() -> dict[str, Any]:
    """The document as the page's rows (the document is a per-process constant)."""
    doc = document()
    return {
        "info": doc["info"],
        "groups": reference.operations(doc),
        "schemas": reference.schemas(doc),
    }


@bp.route("/docs/api")
def index() -> str:
    return render_template("api_docs.html", title=TITLE, **_rows())
