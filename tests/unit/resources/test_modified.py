"""updatedAfter/updatedBefore with offsets -> the company's wall time, widened only near a
fall-back change; the precise window reads ambiguous wall times by the revision number."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from nxus import settings
from nxus.quickbooks.modified import company_zone
from nxus.resources.model import ResourceValidationError
from nxus.resources.modified import DELETED_PARAMS, Window, instants, to_local

LA = "America/Los_Angeles"


def epoch(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=UTC).timestamp()


@pytest.mark.parametrize(
    ("params", "sent", "window"),
    [
        # an ordinary day: the instant's wall time, QuickBooks' answer is exact
        ({"updatedAfter": "2026-07-01T12:00:00Z"}, {"updatedAfter": "2026-07-01T05:00:00"}, None),
        ({"updatedBefore": "2026-01-10T09:00:00+01:00"}, {"updatedBefore": "2026-01-10T00:00:00"},
         None),
        # spring forward: no wall time repeats, nothing to widen; -08:00 before, -07:00 after
        ({"updatedAfter": "2026-03-08T09:55:00Z", "updatedBefore": "2026-03-08T10:05:00Z"},
         {"updatedAfter": "2026-03-08T01:55:00", "updatedBefore": "2026-03-08T03:05:00"}, None),
        # fall back: both bounds within an hour of 09:00Z, each widened outwards by an hour
        ({"updatedAfter": "2026-11-01T08:30:00Z", "updatedBefore": "2026-11-01T09:20:00Z"},
         {"updatedAfter": "2026-11-01T00:30:00", "updatedBefore": "2026-11-01T02:20:00"},
         [epoch("2026-11-01T08:30:00"), epoch("2026-11-01T09:20:00"), LA, "updatedAt"]),
        # no offset: the caller already speaks wall time; dates stay dates
        ({"updatedAfter": "2026-11-01T01:30:00", "updatedBefore": "2026-11-02"},
         {"updatedAfter": "2026-11-01T01:30:00", "updatedBefore": "2026-11-02"}, None),
    ],
)  # fmt: skip
def test_to_local(params: dict[str, Any], sent: dict[str, Any], window: Any) -> None:
    out, found = to_local(params, LA)
    assert out == sent
    assert (found.to_json() if found else None) == window


def test_deletion_bounds_are_read_the_same_way_and_filter_by_deleted_at() -> None:
    params = {"deletedAfter": "2026-11-01T08:30:00Z", "objectTypes": "customer"}
    out, found = to_local(params, LA, DELETED_PARAMS)
    assert out == {"deletedAfter": "2026-11-01T00:30:00", "objectTypes": "customer"}
    assert found is not None and found.field == "deletedAt"
    assert found.keeps({"deletedAt": "2026-11-01T01:40:00-07:00"})  # 08:40Z
    assert not found.keeps({"deletedAt": "2026-11-01T00:20:00-07:00"})  # 07:20Z
    assert found.keeps({"deletedAt": "2026-11-01T01:20:00-07:00"})  # 08:20Z or 09:20Z: kept
    # a window stored before it named its field reads as updatedAt
    assert Window.from_json([1.0, None, LA]) == Window(1.0, None, LA, "updatedAt")


def test_a_malformed_bound_names_the_parameter() -> None:
    with pytest.raises(ResourceValidationError) as info:
        to_local({"updatedBefore": "2026-11-01T99:00:00Z"}, LA)
    assert info.value.field == "updatedBefore"


def test_an_ambiguous_wall_time_is_read_by_the_revision_number() -> None:
    first, second = epoch("2026-11-01T08:10:00"), epoch("2026-11-01T09:10:00")
    stamp = "2026-11-01T01:10:00-07:00"  # what QuickBooks writes for both
    assert instants(stamp, str(int(second)), LA) == [second]
    assert instants(stamp, str(int(first)), LA) == [first]
    assert instants(stamp, "not-a-number", LA) == [first, second]  # undecided: both
    assert instants("2026-11-01T03:00:00-08:00", "1", LA) == [epoch("2026-11-01T11:00:00")]
    window = Window(epoch("2026-11-01T09:00:00"), None, LA)
    assert window.keeps({"updatedAt": stamp, "revisionNumber": str(int(second))})
    assert not window.keeps({"updatedAt": stamp, "revisionNumber": str(int(first))})
    assert window.keeps({"updatedAt": stamp, "revisionNumber": None})  # never missed
    assert window.keeps({"updatedAt": None})


def test_a_connection_zone_wins_over_the_default() -> None:
    config = {"COMPANY_TIME_ZONE": LA}
    own = SimpleNamespace(time_zone="Europe/Berlin")
    assert company_zone(own, config) == "Europe/Berlin"  # type: ignore[arg-type]
    assert company_zone(SimpleNamespace(time_zone=None), config) == LA  # type: ignore[arg-type]


def test_an_unknown_company_time_zone_stops_the_app(tmp_path: Path) -> None:
    from flask import Config

    config = Config(".")
    settings.load(config, {"NXUS_COMPANY_TIME_ZONE": "Mars/Olympus"}, {"SECRET_KEY": "x"})
    with pytest.raises(ValueError, match="COMPANY_TIME_ZONE"):
        settings.finalize(config, str(tmp_path))
