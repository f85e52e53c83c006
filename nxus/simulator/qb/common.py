"""Small helpers the write paths share: money, list coercion, the current record, merging."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .entities import Entity
from .schema import Record
from .status import status
from .store import Company

CENT = Decimal("0.01")


def money(value: Decimal) -> str:
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def dec(text: str | None) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def as_list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def ref(record: Record) -> Record:
    return {"ListID": record["ListID"], "FullName": record.get("_full", record.get("Name"))}


def current(company: Company, entity: Entity, id_key: str, mod: Record) -> Record:
    """The record a Mod names: 3120 when it is gone, 3200 when its EditSequence is stale."""
    record = company.get(entity.name, mod[id_key])
    if record is None:
        raise status(3120, value=mod[id_key])
    if mod.get("EditSequence") != record["EditSequence"]:
        raise status(3200, ret=[(entity.ret, record, None)], value=mod.get("EditSequence", ""))
    return record


def merge(record: Record, changes: Record) -> None:
    """Apply Mod fields: aggregates merge field by field, references are replaced."""
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(record.get(key), dict) and "ListID" not in value:
            merge(record[key], value)
        else:
            record[key] = value
