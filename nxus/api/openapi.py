"""GET /api/v1/openapi.json: the OpenAPI document of this API, without an API key (people
generate their clients from it). It lives on its own blueprint because every api_bp route
authenticates first."""

from __future__ import annotations

import functools
import json

from flask import Blueprint, Response

from nxus.openapi import document

public_bp = Blueprint("api_public", __name__, url_prefix="/api/v1")


@functools.cache
def _encoded() -> bytes:
    return json.dumps(document(), separators=(",", ":")).encode("utf-8")


@public_bp.get("/openapi.json")
def openapi_json() -> Response:
    response = Response(_encoded(), mimetype="application/json")
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
