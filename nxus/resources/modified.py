"""`updatedAfter`/`updatedBefore` with an explicit UTC offset, in the company file's local time.

QuickBooks keeps TimeModified as the local wall-clock time of the machine it runs on, reads
FromModifiedDate/ToModifiedDate as local time whatever offset they carry, and answers
TimeModified with the offset of the first reading of an ambiguous wall time: in the hour a
fall-back change repeats, a record's stated offset can be an hour wrong. So an instant the
caller gives with an offset is sent as the company zone's wall time of that instant. Near a
fall-back change (a backward jump within an hour of the bound) wall-clock order is not time
order: the bound sent is widened by that hour, and `Window.keeps` filters the answer
precisely, reading each record's instant from its wall time in the zone and, where the wall
time is ambiguous, from its revision number (QuickBooks' EditSequence counts seconds since
1970: the modification instant). A record is never missed; where neither tells, it is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from nxus.resources.model import ResourceValidationError

HOUR = timedelta(hours=1)
PARAMS = ("updatedAfter", "updatedBefore")
# TimeDeleted is local wall time too: the deletion lists' bounds are read the same way.
DELETED_PARAMS = ("deletedAfter", "deletedBefore")
# Each pair of bounds and the record field it bounds.
BOUNDED = {PARAMS: "updatedAt", DELETED_PARAMS: "deletedAt"}


def zone(name: str) -> ZoneInfo:
    """The IANA time zone `name` (ValueError when unknown)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {name!r}") from None


@dataclass(frozen=True)
class Window:
    """The precise window [after, before] in epoch seconds (None: open)."""

    after: float | None
    before: float | None
    zone: str
    field: str = "updatedAt"

    def keeps(self, record: dict[str, Any]) -> bool:
        candidates = instants(record.get(self.field), record.get("revisionNumber"), self.zone)
        if not candidates:
            return True  # nothing to decide by: never miss
        return any(self._inside(t) for t in candidates)

    def _inside(self, instant: float) -> bool:
        low = self.after if self.after is not None else float("-inf")
        high = self.before if self.before is not None else float("inf")
        return low <= instant <= high

    def to_json(self) -> list[Any]:
        return [self.after, self.before, self.zone, self.field]

    @classmethod
    def from_json(cls, value: list[Any] | None) -> Window | None:
        return cls(*value) if value else None


def instants(updated_at: Any, revision: Any, zone_name: str) -> list[float]:
    """The instant(s) a record's TimeModified can mean: one, or both readings of an ambiguous
    wall time unless the revision number (epoch seconds) picks one."""
    if not isinstance(updated_at, str):
        return []
    try:
        wall = datetime.fromisoformat(updated_at).replace(tzinfo=None)
    except ValueError:
        return []
    where = zone(zone_name)
    first = wall.replace(tzinfo=where, fold=0).timestamp()
    second = wall.replace(tzinfo=where, fold=1).timestamp()
    if first == second:
        return [first]
    if isinstance(revision, str) and revision.isdigit():
        stamp = int(revision)
        best = min((first, second), key=lambda t: abs(t - stamp))
        if abs(best - stamp) < HOUR.total_seconds() / 2:
            return [best]
    return [first, second]


def _explicit(raw: Any, name: str) -> datetime | None:
    """The instant of a date-time with an explicit offset ("Z", "+02:00"); None otherwise."""
    if not isinstance(raw, str) or len(raw) <= 10:
        return None
    try:
        stamp = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ResourceValidationError(name, "must be an ISO 8601 date-time") from None
    return stamp if stamp.tzinfo is not None else None


def _falls_back_near(instant: datetime, where: tzinfo) -> bool:
    before = (instant - HOUR).astimezone(where).utcoffset()
    after = (instant + HOUR).astimezone(where).utcoffset()
    return before is not None and after is not None and after < before


def to_local(
    params: dict[str, Any], zone_name: str, names: tuple[str, str] = PARAMS
) -> tuple[dict[str, Any], Window | None]:
    """`params` with offset-bearing bounds `names` (updatedAfter/updatedBefore, or the
    deletion lists' deletedAfter/deletedBefore) as the zone's wall time (widened by an hour
    near a fall-back change), and the window to filter the answer by (None when QuickBooks'
    own answer is exact)."""
    where = zone(zone_name)
    out = dict(params)
    bounds: dict[str, float | None] = {name: None for name in names}
    widened = False
    for name, step in zip(names, (-HOUR, HOUR), strict=True):
        instant = _explicit(params.get(name), name)
        if instant is None:
            continue
        bounds[name] = instant.timestamp()
        wall = instant.astimezone(where).replace(tzinfo=None)
        if _falls_back_near(instant, where):
            wall += step
            widened = True
        out[name] = wall.isoformat(timespec="seconds")
    if not widened:
        return out, None
    after, before = names
    return out, Window(bounds[after], bounds[before], zone_name, BOUNDED[names])
