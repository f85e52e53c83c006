"""The connection page's charts, drawn on the server as SVG (no script, no CDN): check-ins and
exchanges per hour over 7 days, job latency p50/p95 per day, errors per day. The counts are
grouped by the database (per hour / per day, UTC); latencies are read as two timestamps per
finished job and ranked here."""

from __future__ import annotations

import math
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nxus.models.qbwc import Job, QbwcDiagnostic, QbwcExchange

DAYS = 7
MAX_LATENCY_ROWS = 50_000
COLORS = ("#2f6fde", "#e08a00", "#c62828")
_AXIS = 'text-anchor="end" font-size="10"'


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]
    color: str


def _bucket(session: Session, column: Any, hourly: bool) -> Any:
    """The UTC hour ("2026-12-04T16") or day ("2026-12-04") of a timestamp column."""
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime("%Y-%m-%dT%H" if hourly else "%Y-%m-%d", column)
    return func.to_char(
        func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24' if hourly else "YYYY-MM-DD"
    )


def _keys(now: datetime, hourly: bool) -> list[str]:
    if hourly:
        start = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=24 * DAYS - 1)
        return [(start + timedelta(hours=h)).strftime("%Y-%m-%dT%H") for h in range(24 * DAYS)]
    start = now.replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=DAYS - 1)
    return [(start + timedelta(days=d)).strftime("%Y-%m-%d") for d in range(DAYS)]


def _counts(session: Session, query: Any, bucket: Any, keys: list[str]) -> list[float]:
    grouped = session.execute(query.add_columns(bucket).group_by(bucket))
    found = {key: count for count, key in grouped}
    return [float(found.get(k, 0)) for k in keys]


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def connection_data(session: Session, connection_id: uuid.UUID, now: datetime) -> dict[str, Any]:
    """The numbers of the three charts."""
    since = now.replace(minute=0, second=0, microsecond=0) - timedelta(hours=24 * DAYS - 1)
    hours, days = _keys(now, True), _keys(now, False)
    day_since = datetime.fromisoformat(days[0]).replace(tzinfo=now.tzinfo)
    x = QbwcExchange
    per_hour = _bucket(session, x.started_at, True)

    def exchanges(method: str) -> list[float]:
        query = select(func.count()).where(
            x.connection_id == connection_id, x.method == method, x.started_at >= since
        )
        return _counts(session, query, per_hour, hours)

    finished = session.execute(
        select(Job.created_at, Job.finished_at)
        .where(
            Job.connection_id == connection_id,
            Job.finished_at >= day_since,
            Job.state.in_(("done", "failed")),
        )
        .limit(MAX_LATENCY_ROWS)
    ).all()
    by_day: dict[str, list[float]] = {d: [] for d in days}
    for created, done in finished:
        key = done.strftime("%Y-%m-%d")
        if key in by_day and created is not None:
            by_day[key].append((done - created).total_seconds() * 1000)
    failed_jobs = select(func.count()).where(
        Job.connection_id == connection_id,
        Job.finished_at >= day_since,
        Job.state.in_(("failed", "unknown")),
    )
    problems = select(func.count()).where(
        QbwcDiagnostic.connection_id == connection_id,
        QbwcDiagnostic.created_at >= day_since,
        QbwcDiagnostic.severity == "error",
    )
    session.rollback()
    return {
        "hours": hours,
        "days": days,
        "check_ins": exchanges("authenticate"),
        "exchanges": exchanges("receiveResponseXML"),
        "p50": [percentile(by_day[d], 0.5) for d in days],
        "p95": [percentile(by_day[d], 0.95) for d in days],
        "failed_jobs": _counts(
            session, failed_jobs, _bucket(session, Job.finished_at, False), days
        ),
        "connection_errors": _counts(
            session, problems, _bucket(session, QbwcDiagnostic.created_at, False), days
        ),
    }


def _fmt(value: float) -> str:
    if value >= 10_000:
        return f"{value / 1000:.0f}k"
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def bar_chart(
    title: str,
    labels: list[str],
    series: list[Series],
    *,
    unit: str = "",
    tick_every: int = 1,
    tick_label: Any = None,
    width: int = 720,
    height: int = 180,
) -> Markup:
    """Grouped bars, one group per label; every bar has a <title> (hover text) and the whole
    chart an accessible name with its totals."""
    left, bottom, top = 64, 22, 10  # room for an axis label such as "12345 ms"
    plot_w, plot_h = width - left - 8, height - bottom - top
    peak = max([max(s.values, default=0) for s in series] + [0]) or 1.0
    group_w = plot_w / max(len(labels), 1)
    bar_w = max(group_w / (len(series) + 0.5), 0.5)
    base = top + plot_h
    totals = ", ".join(f"{s.name}: {_fmt(sum(s.values))}{unit} in all" for s in series)
    if unit:
        totals = ", ".join(
            f"{s.name}: highest {_fmt(max(s.values, default=0))}{unit}" for s in series
        )
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}: {escape(totals)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{base}" x2="{width - 8}" y2="{base}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{top + 8}" {_AXIS}>{_fmt(peak)}{escape(unit)}</text>',
        f'<text x="{left - 4}" y="{base}" {_AXIS}>0</text>',
    ]
    for i, label in enumerate(labels):
        x0 = left + i * group_w
        for j, s in enumerate(series):
            value = s.values[i]
            if value <= 0:
                continue
            h = plot_h * value / peak
            parts.append(
                f'<rect x="{x0 + j * bar_w:.1f}" y="{top + plot_h - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="{s.color}"><title>{escape(label)} {escape(s.name)}: '
                f"{_fmt(value)}{escape(unit)}</title></rect>"
            )
        if i % tick_every == 0:
            text = tick_label(label) if tick_label else label
            parts.append(
                f'<text x="{x0:.1f}" y="{height - 6}" font-size="10">{escape(text)}</text>'
            )
    legend_x = left + 4
    for s in series:
        parts.append(
            f'<rect x="{legend_x}" y="{top}" width="8" height="8" fill="{s.color}"/>'
            f'<text x="{legend_x + 11}" y="{top + 8}" font-size="10">{escape(s.name)}</text>'
        )
        legend_x += 14 + 6 * len(s.name)
    parts.append("</svg>")
    return Markup("".join(parts))


def connection_charts(data: Mapping[str, Any]) -> dict[str, Markup]:
    """The three SVG charts of a connection."""
    hours, days = data["hours"], data["days"]
    return {
        "activity": bar_chart(
            "Check-ins and exchanges per hour, last 7 days (UTC)",
            hours,
            [
                Series("check-ins", data["check_ins"], COLORS[0]),
                Series("exchanges", data["exchanges"], COLORS[1]),
            ],
            tick_every=24,
            tick_label=lambda h: h[5:10],
        ),
        "latency": bar_chart(
            "Job latency per day (queued to answered)",
            days,
            [Series("p50", data["p50"], COLORS[0]), Series("p95", data["p95"], COLORS[1])],
            unit=" ms",
            tick_label=lambda d: d[5:],
        ),
        "errors": bar_chart(
            "Errors per day",
            days,
            [
                Series("failed jobs", data["failed_jobs"], COLORS[2]),
                Series("connection errors", data["connection_errors"], COLORS[1]),
            ],
            tick_label=lambda d: d[5:],
        ),
    }
