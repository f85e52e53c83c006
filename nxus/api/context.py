"""Per-request facts of an API call: the request id, the correlation id, the caller's key."""

from __future__ import annotations

import re

from flask import g

from nxus.models import ApiKey

_CORRELATION = re.compile(r"^[\x21-\x7e]{1,128}$")


def clean_correlation_id(value: str | None) -> str | None:
    """The caller's X-Correlation-ID when it is printable ASCII of at most 128 characters."""
    if value and _CORRELATION.match(value):
        return value
    return None


def current_api_key() -> ApiKey:
    """The authenticated key of this request (set by the blueprint's auth hook)."""
    api_key: ApiKey | None = g.get("nxus_api_key")
    if api_key is None:
        raise RuntimeError("current_api_key() called outside an authenticated API request")
    return api_key
