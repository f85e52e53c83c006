"""nXus JSON -> qbXML request body dicts (element names; the qbxml builder orders them).

Every check on incoming values lives here: unknown fields, JSON types, dates, enum values and
maximum lengths, all read from the schema-derived spec at the target element's path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from nxus.qbxml import spec
from nxus.resources import custom_fields
from nxus.resources.model import (
    Const,
    Each,
    Enum,
    Nest,
    ResourceValidationError,
    Shape,
    Text,
    snake_case,
)
from nxus.resources.response import is_reference, repeats

Body = dict[str, Any]

_NUMBERS = frozenset({"AMTTYPE", "PRICETYPE", "QUANTYPE", "PERCENTTYPE", "FLOATTYPE"})
# QuickBooks ids: ListID "80000001-1234567890", TxnID "1A2-1234567890".
_QB_ID = re.compile(r"^[0-9A-F]+-\d+$")


def reference(value: str) -> dict[str, str]:
    """A XxxRef body from a JSON id: QuickBooks ids by ListID, anything else by FullName."""
    return {"ListID": value} if _QB_ID.match(value) else {"FullName": value}


def to_body(shape: Shape, data: Any, parent: str, where: str = "") -> Body:
    """Map one JSON object to the body of the qbXML element at `parent` (a spec path)."""
    if not isinstance(data, Mapping):
        raise ResourceValidationError(where, "must be an object")
    body: Body = {}
    for key, value in data.items():
        field = f"{where}.{key}" if where else key
        source = shape.get(key)
        if key not in shape or isinstance(source, Const):
            raise ResourceValidationError(field, "unknown field")
        if source is None:
            raise ResourceValidationError(field, "not supported by QuickBooks here")
        if value is None:
            continue
        if isinstance(source, Nest) and not source.path:  # the object's fields are the parent's
            body |= to_body(source.shape, value, parent, field)
            continue
        path = source if isinstance(source, str) else source.path
        steps = path.split("/")
        target = body
        for step in steps[:-1]:
            target = target.setdefault(step, {})
        target[steps[-1]] = _value(source, value, f"{parent}/{path}", field)
    if parent.endswith("/DataExt"):
        _data_ext(body, where)
    if "TxnLineID" in {c.name for c in _children(parent)} and "TxnLineID" not in body:
        if parent.endswith("Mod"):
            body["TxnLineID"] = "-1"  # a new line on a Mod
    return body


def _data_ext(body: Body, where: str) -> None:
    """A custom field value on a line: public (OwnerID 0) unless ownerId says whose; a name
    and a value of at most 255 characters."""
    body.setdefault("OwnerID", custom_fields.PUBLIC_OWNER)
    for key, alias in (("DataExtName", "name"), ("DataExtValue", "value")):
        if not body.get(key):
            raise ResourceValidationError(f"{where}.{alias}", "required")
    value = body["DataExtValue"]
    if len(value) > custom_fields.MAX_VALUE:
        raise ResourceValidationError(
            f"{where}.value", f"at most {custom_fields.MAX_VALUE} characters ({len(value)} given)"
        )


def _children(path: str) -> list[Any]:
    try:
        return spec.children(path)
    except (KeyError, LookupError, ValueError):
        return []


def _value(source: str | Nest | Enum | Text | Each, value: Any, full: str, field: str) -> Any:
    if isinstance(source, Each):
        return _each(source, value, full, field)
    if isinstance(source, Text):  # the SDK sends this number as a string ("taxLineId": "5")
        if not isinstance(value, str):
            raise ResourceValidationError(field, "must be a string")
        return _one(full, _numeric_text(full, value, field), field)
    if isinstance(source, Nest):
        if repeats(full):
            if not isinstance(value, list):
                raise ResourceValidationError(field, "must be a list")
            return [to_body(source.shape, v, full, f"{field}[{i}]") for i, v in enumerate(value)]
        return to_body(source.shape, value, full, field)
    if isinstance(source, Enum):
        reverse = {json: qb for qb, json in source.values.items()}
        if source.snake:
            reverse |= {snake_case(qb): qb for qb in spec.enum_values(full) or ()}
        if value not in reverse and value not in source.values:
            allowed = ", ".join(sorted(map(str, reverse)))
            raise ResourceValidationError(field, f"must be one of {allowed}")
        return reverse.get(value, value)
    if repeats(full):  # PrefillAccountRef, LinkToTxnID: a JSON list of values
        if not isinstance(value, list):
            raise ResourceValidationError(field, "must be a list")
        return [_one(full, v, f"{field}[{i}]") for i, v in enumerate(value)]
    return _one(full, value, field)


def _each(source: Each, value: Any, full: str, field: str) -> list[Body]:
    if not isinstance(value, list):
        raise ResourceValidationError(field, "must be a list")
    leaf = f"{full}/{source.leaf}"
    return [{source.leaf: _one(leaf, v, f"{field}[{i}]")} for i, v in enumerate(value)]


def _one(full: str, value: Any, field: str) -> Any:
    if is_reference(full):
        if not isinstance(value, str) or not value:
            raise ResourceValidationError(field, "must be a non-empty id string")
        return reference(value)
    return simple_value(full, value, field)


def simple_value(full: str, value: Any, field: str) -> Any:
    """Check one JSON value against the simple type at spec path `full`; return builder input."""
    simple = spec.simple_type(full)
    if simple is None:
        raise ResourceValidationError(field, "is not a simple value here")
    base = simple.base
    if base == "BOOLTYPE":
        if not isinstance(value, bool):
            raise ResourceValidationError(field, "must be true or false")
        return value
    if base in _NUMBERS or base == "INTTYPE":
        return _number(base, value, field)
    if not isinstance(value, str):
        raise ResourceValidationError(field, "must be a string")
    if base == "DATETYPE":
        return _parse(date.fromisoformat, value, field, "an ISO date (YYYY-MM-DD)")
    if base == "DATETIMETYPE":
        return _parse(datetime.fromisoformat, value, field, "an ISO 8601 date-time")
    if base == "GUIDTYPE" and full.endswith("/OwnerID") and value == custom_fields.PUBLIC_OWNER:
        return value  # the public owner of custom fields
    if base == "GUIDTYPE":
        return "{" + str(_parse(UUID, value.strip("{}"), field, "a GUID")).upper() + "}"
    if simple.enum is not None and value not in simple.enum:
        raise ResourceValidationError(field, f"must be one of {', '.join(simple.enum)}")
    if simple.max_length is not None and len(value) > simple.max_length:
        raise ResourceValidationError(field, f"must be at most {simple.max_length} characters")
    return value


def _numeric_text(full: str, value: str, field: str) -> Any:
    simple = spec.simple_type(full)
    if simple is None or (simple.base not in _NUMBERS and simple.base != "INTTYPE"):
        return value
    try:
        return int(value) if simple.base == "INTTYPE" else float(Decimal(value))
    except (ValueError, ArithmeticError):
        raise ResourceValidationError(field, "must be a number in a string") from None


def _number(base: str, value: Any, field: str) -> int | Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ResourceValidationError(field, "must be a number")
    if base == "INTTYPE":
        if not isinstance(value, int) and not float(value).is_integer():
            raise ResourceValidationError(field, "must be a whole number")
        return int(value)
    number = Decimal(str(value))
    if not number.is_finite():
        raise ResourceValidationError(field, "must be a finite number")
    if number.adjusted() >= 15:  # QuickBooks keeps 15 significant digits at most
        raise ResourceValidationError(field, "is out of range (at most 15 digits)")
    if base == "AMTTYPE" and number != number.quantize(Decimal("0.01")):
        raise ResourceValidationError(field, "must have at most 2 decimal places")
    return number


def _parse(parse: Any, value: str, field: str, what: str) -> Any:
    try:
        return parse(value)
    except ValueError:
        raise ResourceValidationError(field, f"must be {what}") from None
