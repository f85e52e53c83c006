"""QuickBooks outcomes -> API error codes: the one table of statusCodes and HRESULTs (SPEC §2.1).

The codes are keys of nxus.error_codes.ERRORS (status, type and x-should-retry come from there);
services raise `QuickBooksCallError`, the routes turn it into an ApiError.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from nxus.qbxml.parser import ResponseSet
from nxus.resources.operation import Operation, find_value
from nxus.services import diagnostics
from nxus.services.errors import ServiceError

# statusCode -> API code, whatever the operation.
STATUS_CODES: dict[int, str] = {
    3100: "QBD_NAME_NOT_UNIQUE",
    3120: "QBD_OBJECT_NOT_FOUND",
    3170: "QBD_OBJECT_IN_USE",
    3175: "QBD_OBJECT_IN_USE",
    3176: "QBD_OBJECT_IN_USE",
    3180: "QBD_OBJECT_IN_USE",
    3200: "QBD_STALE_EDIT_SEQUENCE",
}
# A lookup that found nothing: 1 (no match) and 500 (a ListID/TxnID not found, which is what
# QuickBooks answers for a ListID lookup) are "not found" on a retrieve, and empty lists else.
NO_MATCH = frozenset({1, 500})
INVALID_REFERENCE = 3140  # an id QuickBooks does not know (e.g. of another company file)
ITERATOR_GONE = 3391
OTHER = "QBD_XML_RESPONSE_ERROR"
_QUOTED = re.compile(r'"([^"]*)"')


class QuickBooksCallError(ServiceError):
    """An API error answer: `code` is a key of nxus.error_codes.ERRORS."""

    def __init__(
        self,
        code: str,
        message: str,
        *,
        integration_code: str | None = None,
        user_message: str | None = None,
        should_retry: bool | None = None,
        job_id: uuid.UUID | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code  # per instance: QuickBooks' own answers vary
        self.message = message
        self.integration_code = integration_code
        self.user_message = user_message
        self.should_retry = should_retry
        self.job_id = job_id


@dataclass(frozen=True)
class StoredStatus:
    """The status a finished job keeps (jobs.status_*): enough for `status_error` without
    reading QuickBooks' answer again. A job's answer has no retCount (no iterator) here."""

    status_code: int
    status_severity: str
    status_message: str
    ret_count: int | None = None

    @property
    def ok(self) -> bool:
        return self.status_severity.lower() != "error"


def validation(field: str, message: str) -> QuickBooksCallError:
    return QuickBooksCallError("VALIDATION_ERROR", f"{field}: {message}" if field else message)


def public_job_id(job_id: uuid.UUID) -> str:
    return f"job_{job_id.hex}"


def status_error(rs: ResponseSet | StoredStatus, op: Operation) -> QuickBooksCallError | None:
    """The error a response set means for `op`, or None when it carries data (or nothing)."""
    code = rs.status_code
    text = rs.status_message or f"QuickBooks status {code}"
    if code in NO_MATCH and op.action == "retrieve" and not rs.ret_count:
        return QuickBooksCallError(
            "QBD_OBJECT_NOT_FOUND",
            f"QuickBooks has no {op.resource} with id {op.object_id!r} in this company file.",
            integration_code=str(code),
        )
    if rs.ok:
        return None
    if code == INVALID_REFERENCE:
        quoted = _QUOTED.findall(text)
        field = next((f for v in quoted if (f := find_value(op.data, v))), None)
        if field:
            return QuickBooksCallError(
                "VALIDATION_ERROR",
                f"{field}: QuickBooks has no record {quoted[0]!r} in this company file "
                f"(an id of another connection?). QuickBooks said: {text}",
                integration_code=str(code),
            )
    if code == ITERATOR_GONE:
        return validation("cursor", "has expired (QuickBooks ended the iterator); list again.")
    api_code = STATUS_CODES.get(code, OTHER)
    return QuickBooksCallError(api_code, text, integration_code=str(code))


def hresult_error(hresult: str, message: str | None) -> QuickBooksCallError:
    """502: the Web Connector could not hand the request to QuickBooks."""
    explanation = diagnostics.explain_hresult(hresult, message)
    code = diagnostics.normalize_hresult(hresult) or hresult
    detail = (message or "").strip() or explanation.title
    return QuickBooksCallError(
        "QBD_CONNECTION_ERROR",
        f"QuickBooks Desktop connection error ({code}): {detail}",
        integration_code=code,
        user_message=f"{explanation.title}. {explanation.fix}",
    )
