"""A keep-warm session runs for hours: its report keeps the first entries of each list and the
counts of all, so memory stays bounded (it kept every call with its qbXML before)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nxus.simulator import report as report_module
from nxus.simulator.report import Exchange, History, SessionReport


def test_a_history_keeps_its_first_entries_and_counts_all(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(report_module, "HISTORY_LIMIT", 3)
    kept: History[int] = History()
    for n in range(10):
        kept.append(n)
    assert kept == [0, 1, 2] and kept.total == 10


def test_a_long_report_counts_past_what_it_keeps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_module, "HISTORY_LIMIT", 5)
    report = SessionReport("http://x/qbwc", "u", started_at=datetime.now(UTC))
    for n in range(50):
        report.exchanges.append(Exchange(f"<r{n}/>", "<a/>"))
        report.delivered += 1
    assert len(report.exchanges) == 5 and report.exchanges[0].request == "<r0/>"
    assert report.requests == 50 and report.responses == 50
    assert "50 requests, 50 responses" in report.summary()
