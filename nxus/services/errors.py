"""Domain errors raised by services; entrypoints map them to pages, JSON or SOAP."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of every expected failure of a use case. `code` is the API's error code for it
    (a key of nxus.error_codes.ERRORS): the API maps every ServiceError in one place
    (nxus.api.errors.from_service); pages and SOAP map the ones they expect."""

    code = "VALIDATION_ERROR"


class ValidationFailed(ServiceError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFound(ServiceError):
    code = "NOT_FOUND"


class Conflict(ServiceError):
    pass
