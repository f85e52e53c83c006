"""Domain errors raised by services; entrypoints map them to pages, JSON or SOAP."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of every expected failure of a use case."""


class ValidationFailed(ServiceError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFound(ServiceError):
    pass


class Conflict(ServiceError):
    pass
