"""The JSON error shape of /api/v1 (the codes: nxus.error_codes).

Raise `ApiError(code, message)` anywhere under the API; the HTTP status, the type and the
`x-should-retry` default come from ERRORS. Routing errors (404/405/413) and unexpected
exceptions under /api are rendered here too (see nxus.errors.register_renderer)."""

from __future__ import annotations

import logging

from flask import Response, jsonify
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from nxus.error_codes import AUTHENTICATION, ERRORS, kind_of
from nxus.logs import request_id
from nxus.quickbooks.errors import QuickBooksCallError, public_job_id
from nxus.services.errors import ServiceError, ValidationFailed

log = logging.getLogger("nxus.api")


_HTTP_CODES = {
    400: "VALIDATION_ERROR",
    401: "API_KEY_REQUIRED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    408: "REQUEST_TIMEOUT",
    413: "REQUEST_TOO_LARGE",
    429: "RATE_LIMIT_EXCEEDED",
}


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


def from_service(exc: ServiceError) -> ApiError:
    """The one path from a use case's failure to the API's answer (registered for every
    ServiceError under /api): its code, its message naming the field, and for a QuickBooks
    call the job it made (X-Nxus-Job-Id) and what QuickBooks said."""
    if isinstance(exc, QuickBooksCallError):
        return ApiError(
            exc.code,
            exc.message,
            user_message=exc.user_message,
            integration_code=exc.integration_code,
            should_retry=exc.should_retry,
            headers={"X-Nxus-Job-Id": public_job_id(exc.job_id)} if exc.job_id else None,
        )
    if isinstance(exc, ValidationFailed):
        named = exc.field and exc.field.lower() not in exc.message.lower()
        return ApiError("VALIDATION_ERROR", f"{exc.field}: {exc.message}" if named else exc.message)
    code = getattr(exc, "code", ServiceError.code)
    return ApiError(code if code in ERRORS else ServiceError.code, str(exc))


def service_error_response(exc: ServiceError) -> Response:
    from nxus.db import get_session

    get_session().rollback()  # a failed use case leaves nothing half-written
    return error_response(from_service(exc))


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
    if exc.kind.type == AUTHENTICATION:
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
