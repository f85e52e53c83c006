"""QuickBooks statusCode classification and statusMessage templates.

Severity ranges and meanings follow Intuit's "Status codes in response messages" appendix
(0-499 Info, 500-999 Warn, 1000+ Error).  Templates reproduce the messages QuickBooks is seen
to return (e.g. 3100 'The name "X" of the list element is already in use.', 3200 'The provided
edit sequence "X" is out-of-date.'); `{value}`, `{field}`, `{object}` are filled by the caller.
Templates marked `verified=False` are nXus wording where no real capture was found.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StatusInfo:
    code: int
    severity: str  # "Info" | "Warn" | "Error" (the statusSeverity attribute)
    kind: str  # nXus classification: ok, no_match, not_found, conflict, stale, in_use, ...
    template: str
    retryable: bool = False
    verified: bool = True

    def message(self, **values: str) -> str:
        """The statusMessage with placeholders filled (missing ones left empty)."""
        return self.template.format_map(_Blank(values))


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


_TABLE: tuple[StatusInfo, ...] = (
    StatusInfo(0, "Info", "ok", "Status OK"),
    StatusInfo(
        1, "Info", "no_match",
        "A query request did not find a matching object in QuickBooks",
    ),
    StatusInfo(
        500, "Warn", "not_found",
        'The query request has not been fully completed. There was a required element '
        '("{value}") that could not be found in QuickBooks.',
    ),
    StatusInfo(
        530, "Warn", "unsupported_field",
        'The field "{field}" is not supported by this implementation.',
    ),
    StatusInfo(
        531, "Warn", "unsupported_enum",
        'The enum value "{value}" in the field "{field}" is not supported by this '
        "implementation.",
    ),
    StatusInfo(1000, "Error", "internal", "There has been an internal error when processing "
               "the request.", retryable=True),
    StatusInfo(1030, "Error", "unsupported", "This request is not supported by this "
               "implementation."),
    StatusInfo(3000, "Error", "invalid", 'The given object ID "{value}" in the field "{field}" '
               "is invalid."),
    StatusInfo(3010, "Error", "invalid", 'There was an error when converting the boolean value '
               '"{value}" in the field "{field}".'),
    StatusInfo(3020, "Error", "invalid", 'There was an error when converting the date value '
               '"{value}" in the field "{field}".'),
    StatusInfo(3070, "Error", "too_long", 'The string "{value}" in the field "{field}" is too '
               "long."),
    StatusInfo(3100, "Error", "duplicate", 'The name "{value}" of the list element is already '
               "in use."),
    StatusInfo(3120, "Error", "not_found", 'Object "{value}" specified in the request cannot be '
               "found."),
    StatusInfo(3140, "Error", "invalid_reference", 'There is an invalid reference to QuickBooks '
               '{object} "{value}" in the {field}. QuickBooks error message: Invalid argument.  '
               "The specified record does not exist in the list."),
    StatusInfo(3170, "Error", "in_use", 'There was an error when modifying a {object} "{value}". '
               "QuickBooks error message: {field}", retryable=True, verified=False),
    StatusInfo(3175, "Error", "locked", 'There was an error when modifying a {object} "{value}". '
               "QuickBooks error message: This record is in use by another user.",
               retryable=True, verified=False),
    StatusInfo(3176, "Error", "in_use", 'There was an error when deleting a {object} "{value}". '
               "QuickBooks error message: This object is in use.", verified=False),
    StatusInfo(3180, "Error", "save_failed", "There was an error when saving a {object}. "
               "QuickBooks error message: {field}", retryable=True, verified=False),
    StatusInfo(3200, "Error", "stale", 'The provided edit sequence "{value}" is out-of-date.'),
    StatusInfo(3231, "Error", "not_processed", "The request has not been processed.",
               retryable=True),
    StatusInfo(3391, "Error", "iterator_gone", 'The iterator "{value}" has expired or cannot be '
               "found.", verified=False),
)  # fmt: skip

STATUS: dict[int, StatusInfo] = {s.code: s for s in _TABLE}


def severity_for(code: int) -> str:
    """Severity by Intuit's code ranges."""
    if code < 500:
        return "Info"
    return "Warn" if code < 1000 else "Error"


def status_info(code: int) -> StatusInfo:
    """The table entry, or a generic one by range for codes nXus does not list."""
    found = STATUS.get(code)
    if found is not None:
        return found
    severity = severity_for(code)
    kind = {"Info": "ok", "Warn": "warning"}.get(severity, "error")
    return StatusInfo(code, severity, kind, "QuickBooks status {value}", verified=False)


def is_success(code: int) -> bool:
    """Codes after which data is returned: 0 and the informational/warning ranges."""
    return code < 1000


# HRESULTs QuickBooks/QBWC report for a whole message (receiveResponseXML's hresult/message).
HRESULTS: dict[str, tuple[str, bool]] = {
    "0x80040400": ("QuickBooks found an error when parsing the provided XML text stream.", False),
    "0x80040408": ("Could not start QuickBooks.", True),
    "0x80040410": ("The QuickBooks company data file is currently open in a mode other than "
                   "the one specified by your application.", True),
    "0x80040418": ("This application has not accessed this QuickBooks company data file "
                   "before.", False),
    "0x80040420": ("The QuickBooks user has denied access.", False),
    "0x80040422": ("This application requires Single User file access mode and there is "
                   "already another application sharing data with this QuickBooks company "
                   "data file.", True),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class MessageError:
    """A failure of a whole qbXML message (no response sets), as QBWC reports it."""

    hresult: str
    message: str
    retryable: bool
    parse_error: bool


def classify_hresult(hresult: str, message: str = "") -> MessageError:
    code = hresult.strip().lower()
    if code and not code.startswith("0x"):
        try:
            code = f"0x{int(code) & 0xFFFFFFFF:08x}"  # QBWC sometimes sends it as a decimal
        except ValueError:
            pass
    known = HRESULTS.get(code)
    text = message.strip() or (known[0] if known else "QuickBooks reported an error.")
    return MessageError(code, text, known[1] if known else True, code == "0x80040400")
