"""QuickBooks status codes and HRESULTs; every text comes from ``nxus.qbxml.status``."""

from __future__ import annotations

from dataclasses import dataclass, field

from nxus.qbxml.status import HRESULTS, status_info

# HRESULTs that reach QBWC instead of a qbXML response (it reports them via connectionError
# or as the receiveResponseXML hresult/message).
HRESULT_PARSE_ERROR = 0x80040400
HRESULT_CANNOT_START = 0x80040408
HRESULT_OTHER_FILE_OPEN = 0x8004040A
HRESULT_WRONG_MODE = 0x80040410

# Not (yet) in nxus.qbxml.status.HRESULTS; the QuickBooks SDK's text for 0x8004040A.
_MISSING_HRESULTS = {
    HRESULT_OTHER_FILE_OPEN: (
        "A QuickBooks company data file is already open and it is different from the one requested."
    ),
}


def hresult_message(hresult: int) -> str:
    known = HRESULTS.get(f"0x{hresult:08x}")
    if known is not None:
        return known[0]
    return _MISSING_HRESULTS.get(hresult, "Unexpected error.")


class QuickBooksError(Exception):
    """A failure QuickBooks reports as an HRESULT, not as a statusCode in a response."""

    def __init__(self, hresult: int, message: str | None = None) -> None:
        self.hresult = hresult
        self.message = message or hresult_message(hresult)
        super().__init__(f"{self.hex}: {self.message}")

    @property
    def hex(self) -> str:
        return f"0x{self.hresult:08X}"


@dataclass
class Status(Exception):
    """A statusCode answer; raised inside handlers, rendered as the Rs attributes.

    ``values`` fill the template placeholders of ``nxus.qbxml.status`` (value, field, object).
    """

    code: int
    values: dict[str, str] = field(default_factory=dict)
    ret: object = None  # a record to return with the error (3200 returns the current one)

    @property
    def message(self) -> str:
        return status_info(self.code).message(**self.values)

    @property
    def severity(self) -> str:
        return status_info(self.code).severity


def status(code: int, ret: object = None, **values: str) -> Status:
    return Status(code, values, ret)
