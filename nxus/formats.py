"""The small facts used everywhere: how times are written, and where this server is reached."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app, request

# Where the JSON API is served (the blueprint's prefix; pages show it to people).
API_PREFIX = "/api/v1"


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, or None."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def public_base_url() -> str:
    """NXUS_PUBLIC_URL, else the address this request came to."""
    configured = current_app.config.get("PUBLIC_URL")
    return (configured or request.url_root).rstrip("/")
