"""Prometheus metrics: request counts and durations, Web Connector exchanges, and gauges read
from the database when /metrics is scraped.

Counters and the histogram live in prometheus-client's default registry. Under gunicorn,
config/gunicorn.conf.py sets PROMETHEUS_MULTIPROC_DIR (a fresh folder per server start) before
the workers import this module, so every worker writes its values there and a scrape of any
worker reads them all (MultiProcessCollector). Without that variable (flask run, tests) the
process's own registry is served. The database gauges are computed per scrape, never stored,
so they are the same whichever worker answers."""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Iterator
from typing import Any

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.metrics_core import Metric
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select

from nxus import capacity
from nxus.db import read_session, utcnow
from nxus.models import Connection, Job
from nxus.models.qbwc import INTERACTIVE_METHODS, SESSION_METHODS, JobState

log = logging.getLogger(__name__)

HTTP_REQUESTS = Counter(
    "nxus_http_requests",
    "HTTP requests answered, by method, route (the URL rule, never the raw path) and status.",
    ["method", "route", "status"],
)
HTTP_DURATION = Histogram(
    "nxus_http_request_duration_seconds",
    "Time from the start of a request to its response, by route.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 180),
)
QBWC_EXCHANGES = Counter(
    "nxus_qbwc_exchanges",
    "Web Connector SOAP calls handled at /qbwc, by method and result.",
    ["method", "result"],
)

# Requests that wait (nxus.capacity): in use now, summed over live workers, and refusals.
WAITING = Gauge(
    "nxus_waiting",
    "Requests waiting now, by kind: api (calls waiting for QuickBooks), qbwc_hold (warm "
    "Web Connector sessions holding sendRequestXML).",
    ["kind"],
    multiprocess_mode="livesum",
)
WAITING_REFUSED = Counter(
    "nxus_waiting_refused",
    "Requests that found every slot of their kind taken: api calls answered 429, holds "
    "answered NoOp at once.",
    ["kind"],
)

_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
_QBWC_METHODS = frozenset(SESSION_METHODS + INTERACTIVE_METHODS)
# The first words of an exchange's result (nxus.qbwc*), kept as a label; anything
# else (a version string, an error text) is "other", so the label set stays small.
_QBWC_RESULTS = frozenset(
    {
        "ok",
        "upgrade required",
        "upgrade recommended",
        "nvu",
        "busy",
        "none",
        "ticket",
        "done",
        "unknown ticket",
        "noop",
        "error text",
        "session ended",
        "no error",
        "closed",
        "no interactive mode",
        "rejected",
        "final request",
        "held",
        "stale job",
        "unreadable response",
        "refused",
        "job",
        "fault",
    }
)
_LEADING_NUMBER = re.compile(r"^(-?\d+)")


def qbwc_result_label(result: str | None, http_status: int) -> str:
    """A bounded label for an exchange's free-text result: progress answers (0-100) are
    "progress", negative ones (-101 …) "error", server failures "server_error"."""
    if http_status >= 500:
        return "server_error"
    text = (result or "").strip().lower()
    number = _LEADING_NUMBER.match(text)
    if number:
        return "progress" if int(number.group(1)) >= 0 else "error"
    for cut in (" (", ":", " conn_", " "):
        head = text.split(cut, 1)[0]
        if head in _QBWC_RESULTS:
            return head.replace(" ", "_")
    return text.replace(" ", "_") if text in _QBWC_RESULTS else "other"


def count_qbwc_exchange(method: str, result: str | None, http_status: int) -> None:
    """One /qbwc call handled (called once per call where the exchange is logged)."""
    label = method if method in _QBWC_METHODS else "invalid"
    QBWC_EXCHANGES.labels(label, qbwc_result_label(result, http_status)).inc()


def _start_timer() -> None:
    g.nxus_metrics_t0 = time.perf_counter()


def _observe(response: Response) -> Response:
    route = request.url_rule.rule if request.url_rule is not None else "unmatched"
    observe_request(request.method, route, response.status_code, g.get("nxus_metrics_t0"))
    return response


def observe_request(method: str, route: str, status: int, started: float | None) -> None:
    """One answered request (Flask's, or POST /qbwc served beside it: nxus.qbwc.wsgi)."""
    method = method if method in _METHODS else "OTHER"
    HTTP_REQUESTS.labels(method, route, str(status)).inc()
    if started is not None:
        HTTP_DURATION.labels(route).observe(time.perf_counter() - started)


class DatabaseCollector:
    """Gauges read from the database at scrape time (one short session)."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("nxus_database_up", "1 when the scrape could read the database.")
        try:
            families = self._read()
        except Exception as exc:  # an unreachable database must not break the scrape
            log.warning("metrics: could not read the database: %s", type(exc).__name__)
            log.debug("metrics: database error", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _read(self) -> list[Metric]:
        interval = max(
            int(self.app.config["QWC_RUN_EVERY_N_SECONDS"]),
            int(self.app.config["QBWC_MIN_RUN_EVERY_SECONDS_IDLE"]),
        )
        with read_session(self.app) as session:
            job_counts: dict[str, int] = {
                state: count
                for state, count in session.execute(
                    select(Job.state, func.count()).group_by(Job.state)
                )
            }
            rows = session.execute(
                select(
                    Connection.id,
                    Connection.is_active,
                    Connection.archived_at,
                    Connection.last_connected_at,
                    Connection.last_poll_at,
                )
            ).all()
            session.rollback()
        jobs = GaugeMetricFamily("nxus_jobs", "QuickBooks jobs by state.", labels=["state"])
        for state in JobState:
            jobs.add_metric([state.value], job_counts.pop(state.value, 0))
        for state, count in sorted(job_counts.items()):
            jobs.add_metric([state], count)
        return [jobs, *_connection_families(rows, interval)]


def _connection_families(rows: list[Any], interval: int) -> list[Metric]:
    """nxus_connections{state}: archived, disabled, active (= waiting + connected + stale:
    never checked in, checked in lately, missed three scheduled polls); and each
    non-archived connection's seconds since its Web Connector last checked in."""
    now = utcnow()
    states = dict.fromkeys(("active", "archived", "disabled", "waiting", "connected", "stale"), 0)
    ages = GaugeMetricFamily(
        "nxus_connection_last_checkin_age_seconds",
        "Seconds since the Web Connector last called in, per connection (never: absent).",
        labels=["connection"],
    )
    for conn_id, is_active, archived_at, last_connected_at, last_poll_at in rows:
        if archived_at is not None:
            states["archived"] += 1
            continue
        last = last_poll_at or last_connected_at
        if last is not None:
            ages.add_metric([f"conn_{conn_id.hex}"], max((now - last).total_seconds(), 0.0))
        if not is_active:
            states["disabled"] += 1
            continue
        states["active"] += 1
        if last_connected_at is None:
            states["waiting"] += 1
        elif last is not None and (now - last).total_seconds() > 3 * interval:
            states["stale"] += 1
        else:
            states["connected"] += 1
    connections = GaugeMetricFamily(
        "nxus_connections", "QuickBooks connections by state.", labels=["state"]
    )
    for state, count in states.items():
        connections.add_metric([state], count)
    return [connections, ages]


class _ProcessRegistry:
    """The default registry of this process, forwarded into a scrape registry."""

    def collect(self) -> Iterator[Metric]:
        yield from REGISTRY.collect()


def render(app: Flask) -> Response:
    """The Prometheus text exposition of every worker's metrics and the database gauges."""
    registry = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        registry.register(_ProcessRegistry())  # type: ignore[arg-type]
    registry.register(DatabaseCollector(app))  # type: ignore[arg-type]
    return Response(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


def _watch(slots: capacity.Slots, kind: str) -> None:
    gauge, refused = WAITING.labels(kind), WAITING_REFUSED.labels(kind)

    def observe(change: int) -> None:
        if change:
            gauge.inc(change)
        else:
            refused.inc()

    slots.observer = observe


def init_app(app: Flask) -> None:
    _watch(capacity.waiting_calls(app), "api")
    _watch(capacity.holds(app), "qbwc_hold")
    # First of the before_request hooks, so the duration covers the others too.
    app.before_request_funcs.setdefault(None, []).insert(0, _start_timer)
    app.after_request(_observe)
