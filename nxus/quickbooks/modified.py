"""The company file's time zone for `updatedAfter`/`updatedBefore` (nxus/resources/modified.py
says why): a connection's own zone, else the server's COMPANY_TIME_ZONE."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from nxus.models import Connection
from nxus.quickbooks.errors import validation
from nxus.resources.encoding import EncodedList
from nxus.resources.model import ResourceValidationError
from nxus.resources.modified import BOUNDED, Window, to_local
from nxus.resources.operation import Operation


def company_zone(connection: Connection, config: Mapping[str, Any]) -> str:
    return connection.time_zone or str(config["COMPANY_TIME_ZONE"])


def localize(config: Mapping[str, Any], connection: Connection, op: Operation) -> Operation:
    """A list or count with offset-bearing modified (or deletion) bounds, in the company's
    local time (and the window its answer is filtered by near a fall-back change)."""
    params = op.params or {}
    if op.action not in ("list", "count") or op.window:
        return op
    names = next((n for n in BOUNDED if any(p in params for p in n)), None)
    if names is None:
        return op
    try:
        local, window = to_local(params, company_zone(connection, config), names)
    except ResourceValidationError as exc:
        raise validation(exc.field, exc.message) from None
    return replace(op, params=local, window=window.to_json() if window else None)


def filtered(records: EncodedList, window: list[Any] | None) -> EncodedList:
    """The records the precise window keeps (all of them without a window)."""
    found = Window.from_json(window)
    if found is None:
        return records
    out = EncodedList()
    for record in records:
        if found.keeps(record):
            out.append(record)
    return out
