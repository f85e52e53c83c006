"""gunicorn settings for `make run` and production.

Threaded workers: the Web Connector's keep-warm calls and API calls that wait for QuickBooks
hold a request open for seconds; gthread keeps quick requests flowing beside them.
"""

import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# Longer than the longest server-side wait (120 s for API calls waiting on QuickBooks).
timeout = 180
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
# Query strings never carry secrets here, but keep the access log lean anyway.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def _public_address() -> str:
    """The one address to open nXus at: NXUS_PUBLIC_URL, else localhost on the bound port
    (the Web Connector accepts plain http for localhost only, never for 127.0.0.1)."""
    public = os.environ.get("NXUS_PUBLIC_URL", "").strip().rstrip("/")
    if public:
        return public
    host = os.environ.get("HOST", "127.0.0.1")
    port = os.environ.get("PORT", "8000")
    if host in ("127.0.0.1", "0.0.0.0", "::", "::1", "localhost"):
        return f"http://localhost:{port}"
    return f"http://{host}:{port}"


def when_ready(server: object) -> None:
    print(f"nXus is ready: open {_public_address()}", flush=True)
