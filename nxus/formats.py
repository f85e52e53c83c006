"""The small facts used everywhere, written once: the hardened XML parser, ISO 8601 times and
where the API is served (the public base URL of a request: nxus.plain_http).

Pure (lxml and the standard library only): every package may import it, the simulator too.

XML: every parse of text nXus did not write itself goes through `xml_parser` (or, for the
streaming response parser, `parser_options`): no DTD loaded or validated, no entity
substitution, no network, no ID table; huge text nodes allowed (a receiveResponseXML carries a
whole qbXML answer as one text node, QuickBooks memo fields may be megabytes). Callers choose
only what they keep of the document (comments, processing instructions, blank text), never the
hardening. A parser is not thread-safe: make one per parse (it costs well under 1 µs).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal, overload

from lxml import etree

# Where the JSON API is served (the blueprint's prefix; pages show it to people).
API_PREFIX = "/api/v1"

# Never changed by a caller.
_HARDENED: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": True,
    "collect_ids": False,
}


def parser_options(
    *,
    remove_comments: bool = False,
    remove_pis: bool = False,
    remove_blank_text: bool = False,
) -> dict[str, Any]:
    """The keyword arguments of a hardened lxml parser (XMLParser or XMLPullParser)."""
    return {
        **_HARDENED,
        "remove_comments": remove_comments,
        "remove_pis": remove_pis,
        "remove_blank_text": remove_blank_text,
    }


def xml_parser(
    *,
    remove_comments: bool = False,
    remove_pis: bool = False,
    remove_blank_text: bool = False,
) -> etree.XMLParser:
    """A fresh hardened parser; it keeps comments, PIs and blank text unless told otherwise."""
    return etree.XMLParser(
        **parser_options(
            remove_comments=remove_comments,
            remove_pis=remove_pis,
            remove_blank_text=remove_blank_text,
        )
    )


Timespec = Literal["seconds", "milliseconds"]


@overload
def iso(value: datetime, timespec: Timespec = ...) -> str: ...
@overload
def iso(value: None, timespec: Timespec = ...) -> None: ...
@overload
def iso(value: datetime | None, timespec: Timespec = ...) -> str | None: ...
def iso(value: datetime | None, timespec: Timespec = "milliseconds") -> str | None:
    """ISO 8601 in UTC with a Z ("2026-12-04T18:58:34.123Z"), or None. A naive time is UTC
    (nXus stores UTC only)."""
    if value is None:
        return None
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.isoformat(timespec=timespec).replace("+00:00", "Z")
