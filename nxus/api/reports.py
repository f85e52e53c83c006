"""GET /api/v1/reports/{kind}: the nine QuickBooks report queries, answered in the SDK's
`Report` shape. Parameters are checked against the report request's schema before anything
is queued (400 naming the parameter); the qbXML goes out through the raw-request path."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Response, current_app, request

from nxus.api.errors import ApiError, validation_error
from nxus.api.helpers import ok, resolve_connection
from nxus.api.quickbooks import _settings, _timeout, _waiting, _wants_async
from nxus.api.route import Route
from nxus.db import get_session, utcnow
from nxus.formats import iso
from nxus.quickbooks import jobs as qb_jobs
from nxus.reports.request import KINDS, ReportParamError, build
from nxus.reports.response import ReportStatusError, to_json
from nxus.resources.operation import DEFAULT_VERSION

_RESERVED = frozenset({"timeoutSeconds"})


def _params() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in request.args:
        if name in _RESERVED:
            continue
        values = request.args.getlist(name)
        key = name.removesuffix("[]")
        out[key] = values if len(values) > 1 or name.endswith("[]") else values[0]
    return out


def _period(params: dict[str, Any]) -> str:
    if params.get("period"):
        return str(params["period"])
    start, end = params.get("fromReportDate"), params.get("toReportDate")
    if start or end:
        return f"{start or ''}..{end or ''}"
    return "Default"


def _report_view(slug: str, kind: str) -> Any:
    def view() -> Response:
        params = _params()
        connection = resolve_connection(operational=True)
        version = connection.qbxml_version or DEFAULT_VERSION
        try:
            document = build(kind, params, version)
        except ReportParamError as exc:
            raise validation_error(f"{exc.param}: {exc.message}") from None
        timeout = _timeout(_settings().list_timeout)
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        if _wants_async():
            job_id = qb_jobs.submit_raw(get_session(), connection, document, detached=True)
            body = {"jobId": qb_jobs.public_id(job_id), "status": "queued", "objectType": "job"}
            return ok(body, 202)
        text = qb_jobs.run_raw(app, get_session(), connection, document, timeout)
        try:
            report = to_json(
                kind, text, _period(params), params.get("reportBasis"), iso(utcnow()) or ""
            )
        except ReportStatusError as exc:
            raise ApiError(
                "QBD_XML_RESPONSE_ERROR", exc.message, integration_code=str(exc.code)
            ) from None
        return ok(report)

    view.__name__ = f"report_{slug.replace('-', '_')}"
    view.__doc__ = f"GET /api/v1/reports/{slug}: a {kind} report."
    return view


def report_routes() -> Iterator[Route]:
    """GET /reports/{slug} for each of the nine reports."""
    for slug, kind in KINDS.items():
        yield Route(("GET",), f"/reports/{slug}", _waiting(_report_view(slug, kind)))
