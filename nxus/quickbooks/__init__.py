"""Calls to QuickBooks through the job queue: submit and wait, cursors, idempotency,
raw qbXML, lookups, and QuickBooks errors mapped to API errors."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Job events describe a finished job the way the API would have answered it."""
    from nxus.quickbooks import job_events
    from nxus.services import events

    events.describe_jobs_with(job_events.describe)
