"""The portal over plain HTTP under a LAN host name with secure cookies on (the default): the
browser drops the session cookie (Secure cookies need HTTPS; only localhost is exempt), so a
sign-in can never succeed and used to end in a bare "form expired". The sign-in and setup
pages, and that error, explain it instead, with the two fixes."""

from __future__ import annotations

import ipaddress

from flask import Flask, current_app, has_request_context, request

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain"})


def _is_local(hostname: str) -> bool:
    """Names browsers treat as secure even over http: localhost, *.localhost, loopback IPs."""
    name = hostname.strip("[]").rstrip(".").lower()
    if name in LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def session_cookie_blocked() -> bool:
    """True when this request came over plain HTTP to a non-local host while cookies are
    Secure-only: the browser will not keep the session (nor the form's CSRF token)."""
    if not has_request_context() or not current_app.config.get("SESSION_COOKIE_SECURE"):
        return False
    if request.scheme != "http":
        return False
    hostname = request.host.rsplit(":", 1)[0] if not request.host.endswith("]") else request.host
    return not _is_local(hostname)


def init_app(app: Flask) -> None:
    app.context_processor(lambda: {"session_cookie_blocked": session_cookie_blocked})


def public_base_url() -> str:
    """NXUS_PUBLIC_URL, else the address this request came to."""
    configured = current_app.config.get("PUBLIC_URL")
    return (configured or request.url_root).rstrip("/")
