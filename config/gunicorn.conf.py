"""gunicorn settings for `make run` and production.

Threaded workers: the Web Connector's keep-warm calls and API calls that wait for QuickBooks
hold a request (and its thread) open for seconds. The pool is sized from nXus' own per-process
caps (nxus/capacity.py): API_MAX_WAITING_CALLS waiting calls + QBWC_MAX_HOLDS holds + a
reserve that always serves /qbwc, the portal and quick calls. Past a cap nXus answers at once
(429 + Retry-After, or NoOp), so a burst of waiting calls can never take the threads the Web
Connector needs to finish their jobs. Idle threads cost little (a stack that is not touched).
"""

import importlib.util
import os
from pathlib import Path

_defaults_spec = importlib.util.spec_from_file_location(
    "nxus_config_defaults", Path(__file__).with_name("default.py")
)
_defaults = importlib.util.module_from_spec(_defaults_spec)
_defaults_spec.loader.exec_module(_defaults)


def _nxus(name):
    """A config value as the app will see it: NXUS_<name> or config/default.py."""
    return int(os.environ.get(f"NXUS_{name}") or getattr(_defaults, name))


# Threads kept for everything that does not wait: /qbwc calls, the portal, quick API calls.
RESERVE_THREADS = 32

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(
    os.environ.get("GUNICORN_THREADS")
    or _nxus("API_MAX_WAITING_CALLS") + _nxus("QBWC_MAX_HOLDS") + RESERVE_THREADS
)
# Longer than the longest server-side wait (120 s for API calls waiting on QuickBooks).
timeout = 180
graceful_timeout = 30
keepalive = 5
accesslog = "-"
errorlog = "-"
# Query strings never carry secrets here, but keep the access log lean anyway; and the
# logger class below redacts secret-looking query values and API keys from what is logged.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(L)ss'
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


# --- operations (docs/operations.md) ------------------------------------------------------
# Access log lines without secrets from URLs; JSON lines with NXUS_LOG_FORMAT=json.
logger_class = "nxus.gunicorn_logging.RedactingLogger"

_INSTANCE = os.environ.get("NXUS_INSTANCE_PATH") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "instance"
)
# gunicorn 25.1+ opens a control socket at one fixed path per user ($XDG_RUNTIME_DIR or
# ~/.gunicorn/gunicorn.ctl), so a second server on the same host would take over the first
# one's. Each server gets its own, in its instance folder and named after its port; off when
# that path is too long for a Unix socket (108 bytes) or with GUNICORN_CONTROL_SOCKET=off.
_control = os.path.join(_INSTANCE, f"gunicorn-{os.environ.get('PORT', '8000')}.ctl")
control_socket = _control
control_socket_disable = (
    len(_control.encode()) > 100 or os.environ.get("GUNICORN_CONTROL_SOCKET", "") == "off"
)


def on_starting(server):  # noqa: ANN001, ANN201 (gunicorn hook)
    """Prometheus multi-process mode: every worker writes its metric values to files in a
    fresh folder (made here, once per server start, before any worker imports nXus); a
    scrape of any worker reads them all."""
    import tempfile

    os.makedirs(_INSTANCE, exist_ok=True)
    folder = tempfile.mkdtemp(prefix="prometheus-", dir=_INSTANCE)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    server.log.info("metrics: multi-process folder %s", folder)


def child_exit(server, worker):  # noqa: ANN001, ANN201 (gunicorn hook)
    """A worker is gone: its live gauges stop counting (counters stay summed)."""
    from prometheus_client import multiprocess

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)


def on_exit(server):  # noqa: ANN001, ANN201 (gunicorn hook)
    import shutil

    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if folder.startswith(os.path.join(_INSTANCE, "prometheus-")):
        shutil.rmtree(folder, ignore_errors=True)


def post_fork(server, worker):  # noqa: ANN001, ANN201 (gunicorn hook)
    """Tell the app its thread count (before it loads): nXus keeps its waiting caps below it;
    cap glibc's malloc arenas before the worker starts its threads (nxus/malloc.py)."""
    os.environ["NXUS_WORKER_THREADS"] = str(server.cfg.threads)
    from nxus.malloc import limit_arenas

    limit_arenas()


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


def when_ready(server):  # noqa: ANN001, ANN201 (gunicorn hook)
    # Through gunicorn's logger: a JSON line too with NXUS_LOG_FORMAT=json.
    server.log.info("nXus is ready: open %s", _public_address())
