"""The one table of API error codes: HTTP status, type, retry default and the message safe to
show end users. Pure data, read by the API's error answers (nxus.api.errors) and by the
events that describe a failed job (nxus.quickbooks.job_events)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorKind:
    status: int
    type: str
    should_retry: bool = False
    user_message: str = "The request could not be completed."


AUTHENTICATION = "AUTHENTICATION_ERROR_TYPE"
_AUTH_MSG = "The API key was not accepted. Check the key in your settings."
_QBD = "INTEGRATION_RESPONSE_ERROR_TYPE"

ERRORS: dict[str, ErrorKind] = {
    "VALIDATION_ERROR": ErrorKind(
        400, "VALIDATION_ERROR_TYPE", user_message="Some of the data sent is not valid."
    ),
    "API_KEY_REQUIRED": ErrorKind(401, AUTHENTICATION, user_message="An API key is required."),
    "API_KEY_INVALID": ErrorKind(401, AUTHENTICATION, user_message=_AUTH_MSG),
    "API_KEY_EXPIRED": ErrorKind(401, AUTHENTICATION, user_message="The API key has expired."),
    "API_KEY_REVOKED": ErrorKind(401, AUTHENTICATION, user_message="The API key has been revoked."),
    "KEY_MODE_MISMATCH": ErrorKind(
        401, AUTHENTICATION, user_message="This API key's mode (test or live) does not allow this."
    ),
    "CONNECTION_RESTRICTED": ErrorKind(
        403, "RESTRICTION_ERROR_TYPE", user_message="This QuickBooks connection is disabled."
    ),
    "CONNECTION_ARCHIVED": ErrorKind(
        403, "RESTRICTION_ERROR_TYPE", user_message="This QuickBooks connection is archived."
    ),
    "NOT_FOUND": ErrorKind(
        404, "NOT_FOUND_ERROR_TYPE", user_message="The requested item was not found."
    ),
    "QBD_OBJECT_NOT_FOUND": ErrorKind(
        404, "NOT_FOUND_ERROR_TYPE", user_message="QuickBooks has no record with that id."
    ),
    "METHOD_NOT_ALLOWED": ErrorKind(
        405, "APPLICATION_ERROR_TYPE", user_message="This operation is not supported."
    ),
    "REQUEST_TIMEOUT": ErrorKind(
        408,
        "TIMEOUT_ERROR_TYPE",
        should_retry=True,
        user_message="QuickBooks did not answer in time. Check that the Web Connector is running.",
    ),
    "QBD_STALE_EDIT_SEQUENCE": ErrorKind(
        409, _QBD, user_message="The record changed in QuickBooks. Fetch it again and retry."
    ),
    "QBD_OBJECT_IN_USE": ErrorKind(
        409,
        _QBD,
        should_retry=True,
        user_message="Someone is editing this record in QuickBooks. Try again shortly.",
    ),
    "QBD_NAME_NOT_UNIQUE": ErrorKind(
        409, _QBD, user_message="QuickBooks already has a record with that name."
    ),
    "REQUEST_TOO_LARGE": ErrorKind(
        413, "VALIDATION_ERROR_TYPE", user_message="The request is too large."
    ),
    "QBD_XML_RESPONSE_ERROR": ErrorKind(422, _QBD, user_message="QuickBooks refused the request."),
    "RATE_LIMIT_EXCEEDED": ErrorKind(
        429,
        "RATE_LIMIT_ERROR_TYPE",
        should_retry=True,
        user_message="Too many requests. Slow down and retry.",
    ),
    "INTERNAL_ERROR": ErrorKind(
        500, "UNEXPECTED_ERROR_TYPE", user_message="Something went wrong on the server."
    ),
    "QBD_CONNECTION_ERROR": ErrorKind(
        502,
        "INTEGRATION_CONNECTION_ERROR_TYPE",
        should_retry=True,
        user_message="nXus could not reach QuickBooks through the Web Connector.",
    ),
}
# `<OP>_NOT_SUPPORTED` codes (e.g. VOID_NOT_SUPPORTED) are all of this kind.
NOT_SUPPORTED = ErrorKind(
    405, "APPLICATION_ERROR_TYPE", user_message="This operation is not supported here."
)


# Status of a routing/HTTP error → code, for errors raised by Flask/werkzeug themselves.
def kind_of(code: str) -> ErrorKind:
    if code in ERRORS:
        return ERRORS[code]
    if code.endswith("_NOT_SUPPORTED"):
        return NOT_SUPPORTED
    raise KeyError(f"unknown API error code {code!r}: add it to nxus.error_codes.ERRORS")
