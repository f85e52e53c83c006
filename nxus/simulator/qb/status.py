"""QuickBooks status codes and HRESULTs, with the texts QuickBooks Desktop uses."""

from __future__ import annotations

from dataclasses import dataclass

# HRESULTs that reach QBWC instead of a qbXML response (it reports them via connectionError
# or as the receiveResponseXML hresult/message).
HRESULT_PARSE_ERROR = 0x80040400
HRESULT_CANNOT_START = 0x80040408
HRESULT_OTHER_FILE_OPEN = 0x8004040A
HRESULT_WRONG_MODE = 0x80040410

HRESULT_MESSAGES = {
    HRESULT_PARSE_ERROR: "QuickBooks found an error when parsing the provided XML text stream.",
    HRESULT_CANNOT_START: "Could not start QuickBooks.",
    HRESULT_OTHER_FILE_OPEN: (
        "A QuickBooks company data file is already open and it is different from the one requested."
    ),
    HRESULT_WRONG_MODE: (
        "The QuickBooks company data file is currently open in a mode other than the one "
        "specified by your application."
    ),
}


class QuickBooksError(Exception):
    """A failure QuickBooks reports as an HRESULT, not as a statusCode in a response."""

    def __init__(self, hresult: int, message: str | None = None) -> None:
        self.hresult = hresult
        self.message = message or HRESULT_MESSAGES.get(hresult, "Unexpected error.")
        super().__init__(f"{self.hex}: {self.message}")

    @property
    def hex(self) -> str:
        return f"0x{self.hresult:08X}"


# statusCode -> message template; severity follows QuickBooks' ranges.
MESSAGES = {
    0: "Status OK",
    1: "A query request did not find a matching object in QuickBooks",
    500: (
        'The query request has not been fully completed. There was a required element ("{0}") '
        "that could not be found in QuickBooks."
    ),
    3070: 'The string "{0}" in the field "{1}" is too long.',
    3100: 'The name "{0}" of the list element is already in use.',
    3120: 'Object "{0}" specified in the request cannot be found.',
    3140: (
        'There is an invalid reference to QuickBooks {0} "{1}" in the {2}. QuickBooks error '
        "message: Invalid argument. The specified record does not exist in the list."
    ),
    3170: 'There was an error when modifying a {0} list, element "{1}". {2}',
    3200: 'The provided edit sequence "{0}" is out-of-date.',
    3231: "The request has not been processed.",
    3391: 'The iterator "{0}" specified in the request cannot be found or has expired.',
}


def severity(code: int) -> str:
    if code < 500:
        return "Info"
    if code < 1000:
        return "Warn"
    return "Error"


@dataclass
class Status(Exception):
    """A statusCode answer; raised inside handlers, rendered as the Rs attributes."""

    code: int
    args_: tuple[str, ...] = ()
    ret: object = None  # a record to return with the error (3200 returns the current one)

    @property
    def message(self) -> str:
        return MESSAGES[self.code].format(*self.args_)

    @property
    def severity(self) -> str:
        return severity(self.code)


def status(code: int, *args: str, ret: object = None) -> Status:
    return Status(code, tuple(args), ret)
