"""The JSON error shape of /api/v1, and the one table of error codes.

Raise `ApiError(code, message)` anywhere under the API; the HTTP status, the type and the
`x-should-retry` default come from ERRORS. Routing errors (404/405/413) and unexpected
exceptions under /api are rendered here too (see nxus.errors.register_renderer)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Response, jsonify
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from nxus.api.context import request_id

log = logging.getLogger("nxus.api")


@dataclass(frozen=True)
class ErrorKind:
    status: int
    type: str
    should_retry: bool = False
    user_message: str = "The request could not be completed."


_AUTH = "AUTHENTICATION_ERROR_TYPE"
_AUTH_MSG = "The API key was not accepted. Check the key in your settings."
_QBD = "INTEGRATION_RESPONSE_ERROR_TYPE"

ERRORS: dict[str, ErrorKind] = {
    "VALIDATION_ERROR": ErrorKind(
        400, "VALIDATION_ERROR_TYPE", user_message="Some of the data sent is not valid."
    ),
    "API_KEY_REQUIRED": ErrorKind(401, _AUTH, user_message="An API key is required."),
    "API_KEY_INVALID": ErrorKind(401, _AUTH, user_message=_AUTH_MSG),
    "API_KEY_EXPIRED": ErrorKind(401, _AUTH, user_message="The API key has expired."),
    "API_KEY_REVOKED": ErrorKind(401, _AUTH, user_message="The API key has been revoked."),
    "KEY_MODE_MISMATCH": ErrorKind(
        401, _AUTH, user_message="This API key's mode (test or live) does not allow this."
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
_HTTP_CODES = {
    400: "VALIDATION_ERROR",
    401: "API_KEY_REQUIRED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    408: "REQUEST_TIMEOUT",
    413: "REQUEST_TOO_LARGE",
    429: "RATE_LIMIT_EXCEEDED",
}


def kind_of(code: str) -> ErrorKind:
    if code in ERRORS:
        return ERRORS[code]
    if code.endswith("_NOT_SUPPORTED"):
        return NOT_SUPPORTED
    raise KeyError(f"unknown API error code {code!r}: add it to nxus.api.errors.ERRORS")


class ApiError(Exception):
    """An error answer of the API. `message` is for developers (name the field and the
    rule); `user_message` is safe to show to end users (defaults from the table)."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        user_message: str | None = None,
        integration_code: str | None = None,
        retry_after: int | None = None,
        should_retry: bool | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind_of(code)
        self.code = code
        self.message = message
        self.user_message = user_message or self.kind.user_message
        self.integration_code = integration_code
        self.retry_after = retry_after
        self.should_retry = self.kind.should_retry if should_retry is None else should_retry
        self.headers = headers or {}

    @property
    def status(self) -> int:
        return self.kind.status


def validation_error(message: str) -> ApiError:
    return ApiError("VALIDATION_ERROR", message)


def not_found(message: str) -> ApiError:
    return ApiError("NOT_FOUND", message)


def error_response(exc: ApiError) -> Response:
    """The nXus error envelope with its headers."""
    body = {
        "message": exc.message,
        "userFacingMessage": exc.user_message,
        "type": exc.kind.type,
        "code": exc.code,
        "httpStatusCode": exc.status,
        "integrationCode": exc.integration_code,
        "requestId": request_id(),
    }
    if exc.retry_after is not None:
        body["retryAfter"] = exc.retry_after
    response = jsonify({"error": body})
    response.status_code = exc.status
    response.headers["x-should-retry"] = "true" if exc.should_retry else "false"
    if exc.retry_after is not None:
        response.headers["Retry-After"] = str(exc.retry_after)
    if exc.kind.type == _AUTH:
        response.headers["WWW-Authenticate"] = 'Bearer realm="nXus API"'
    response.headers.update(exc.headers)
    return response


def render_http_error(exc: HTTPException) -> Response:
    """Renderer for nxus.errors: any HTTP error under /api in the JSON error shape."""
    status = exc.code or 500
    code = _HTTP_CODES.get(status) or ("INTERNAL_ERROR" if status >= 500 else "VALIDATION_ERROR")
    if code == "INTERNAL_ERROR":
        message = "An unexpected error occurred; the request id identifies it in the logs."
    elif code == "NOT_FOUND":
        message = "No such API endpoint or object. Check the path and the id."
    elif code == "METHOD_NOT_ALLOWED":
        message = "This endpoint does not support this HTTP method."
    else:
        message = exc.description or exc.name
    response = error_response(ApiError(code, message))
    if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
        response.headers["Allow"] = ", ".join(sorted(exc.valid_methods))
    return response
