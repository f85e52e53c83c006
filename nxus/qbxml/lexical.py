"""Lexical checks of qbXML simple values, mirroring what the XSD types accept.

The qbXML base types (qbxmltypes*.xsd) are thin XSD restrictions; these regular expressions
reproduce them, including the XSD whitespace rules: xsd:string patterns (AMTTYPE, GUIDTYPE,
DATETIMETYPE …) see the raw text, xsd:boolean/date/integer/decimal collapse whitespace, and the
union members that allow "" accept an all-whitespace value.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from nxus.qbxml.model import SimpleType

_XML_WS = " \t\n\r"
_BOOL = frozenset({"true", "false", "1", "0", ""})
_DATE = re.compile(r"(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?")
_DATETIME = re.compile(
    r"([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(T[0-9]{1,2}(:[0-9]{1,2}(:[0-9]{1,2}"
    r"([+-][0-9]{1,2}:[0-9]{1,2})?)?)?)?)?"
)
_DURATION = re.compile(r"-?PT([0-9]+H)?([0-9]+M)?([0-9]+S)?")
_AMOUNT = re.compile(r"([+-]?[0-9]{1,13}(\.[0-9]{2})?)?")
_DECIMAL5 = re.compile(r"([+-]?[0-9]{1,10}(\.[0-9]{1,5})?)?")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_GUID = re.compile(r"0|\{[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\}")


def _valid_date(text: str) -> bool:
    value = text.strip(_XML_WS)
    if value == "":
        return True
    match = _DATE.fullmatch(value)
    if match is None:
        return False
    year, month, day = (int(g) for g in match.groups()[:3])
    if year == 0:
        return False
    try:
        date(2000 if year > 9999 or year < 1 else year, month, day)  # leap rules per year
    except ValueError:
        return False
    return True


def _valid_duration(text: str) -> bool:
    value = text.strip(_XML_WS)
    if value == "":
        return True
    match = _DURATION.fullmatch(value)
    return match is not None and any(match.groups())


def _valid_int(text: str, simple: SimpleType) -> bool:
    value = text.strip(_XML_WS)
    if _INTEGER.fullmatch(value) is None:
        return False
    number = int(value)
    if simple.min_inclusive is not None and number < simple.min_inclusive:
        return False
    return simple.max_inclusive is None or number <= simple.max_inclusive


def _valid_float(text: str) -> bool:
    value = text.strip(_XML_WS)
    return value == "" or _FLOAT.fullmatch(value) is not None


_CHECKS: dict[str, Callable[[str, SimpleType], bool]] = {
    "BOOLTYPE": lambda t, s: t.strip(_XML_WS) in _BOOL,
    "DATETYPE": lambda t, s: _valid_date(t),
    "DATETIMETYPE": lambda t, s: _DATETIME.fullmatch(t) is not None or t.strip(_XML_WS) == "",
    "TIMEINTERVALTYPE": lambda t, s: _valid_duration(t),
    "AMTTYPE": lambda t, s: _AMOUNT.fullmatch(t) is not None,
    "PRICETYPE": lambda t, s: _DECIMAL5.fullmatch(t) is not None,
    "QUANTYPE": lambda t, s: _DECIMAL5.fullmatch(t) is not None,
    "PERCENTTYPE": lambda t, s: _DECIMAL5.fullmatch(t) is not None,
    "INTTYPE": _valid_int,
    "GUIDTYPE": lambda t, s: _GUID.fullmatch(t) is not None,
    "FLOATTYPE": lambda t, s: _valid_float(t),
}

_EXPECTED = {
    "BOOLTYPE": "true or false",
    "DATETYPE": "a date YYYY-MM-DD",
    "DATETIMETYPE": "a date-time YYYY-MM-DDThh:mm:ss[+hh:mm]",
    "TIMEINTERVALTYPE": "a duration PThhHmmMssS",
    "AMTTYPE": "an amount with up to 13 digits and 2 decimals",
    "PRICETYPE": "a price with up to 10 digits and 5 decimals",
    "QUANTYPE": "a quantity with up to 10 digits and 5 decimals",
    "PERCENTTYPE": "a percentage with up to 10 digits and 5 decimals",
    "INTTYPE": "an integer",
    "GUIDTYPE": "a GUID {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX} or 0",
    "FLOATTYPE": "a decimal number",
}


def check_value(simple: SimpleType, text: str, check_length: bool = False) -> str | None:
    """None if `text` is a valid value of `simple`, else the rule it breaks (for messages)."""
    if simple.enum is not None:
        if text not in simple.enum:
            return f"value {text!r} is not one of {', '.join(simple.enum)}"
        return None
    check = _CHECKS.get(simple.base)
    if check is not None and not check(text, simple):
        if simple.base == "INTTYPE" and _INTEGER.fullmatch(text.strip(_XML_WS)):
            return (
                f"value {text!r} is out of range [{simple.min_inclusive}, {simple.max_inclusive}]"
            )
        return f"value {text!r} is not {_EXPECTED[simple.base]}"
    if check_length:
        limit = max_length_of(simple)
        if limit is not None and len(text) > limit:
            return f"value is {len(text)} characters long, the maximum is {limit}"
    return None


def max_length_of(simple: SimpleType) -> int | None:
    if simple.max_length is not None:
        return simple.max_length
    return 36 if simple.base == "IDTYPE" else None
