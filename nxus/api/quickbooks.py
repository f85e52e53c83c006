"""QuickBooks resources under /api/v1, generated from nxus.resources.RESOURCES (paths exactly
as the SDK's `_RESOURCE_DEFS`), plus /qbxml (raw passthrough), /jobs/{id} and
/cursors/{cursor}/close.

Per resource: GET {plural} (list), GET {plural}/count, GET {singular}/{id}, POST {singular}
(create), POST {singular}/{id} (update; PATCH too), DELETE {singular}/{id},
POST {singular}/{id}/void. An operation the resource does not support is
405 `<OP>_NOT_SUPPORTED`. Views parse, call one service, and map its errors.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterator
from typing import Any

from flask import Response, current_app, request

from nxus import capacity
from nxus.api.context import current_api_key
from nxus.api.errors import ApiError, validation_error
from nxus.api.helpers import ok, read_json_object, resolve_connection
from nxus.api.route import Route
from nxus.db import get_session, utcnow
from nxus.formats import iso
from nxus.models import Connection
from nxus.quickbooks import cursors as qb_cursors
from nxus.quickbooks import idempotency as qb_idempotency
from nxus.quickbooks import jobs as qb_jobs
from nxus.quickbooks import lookup as qb_lookup
from nxus.quickbooks import modified as qb_modified
from nxus.quickbooks.calls import Rendered, Settings, perform, submit
from nxus.resources import RESOURCES, Resource
from nxus.resources.deleted import DELETED
from nxus.resources.operation import Operation

PREFIX = "/api/v1"
TIMEOUT_HEADER = "X-Nxus-Timeout-Seconds"
_RESERVED_ARGS = frozenset({"cursor", "limit", "timeoutSeconds"})


def _settings() -> Settings:
    return Settings.from_config(current_app.config)


def _timeout(server_limit: float) -> float:
    """The caller's wait hint (header or ?timeoutSeconds=), clamped by the server's limit."""
    name, raw = TIMEOUT_HEADER, request.headers.get(TIMEOUT_HEADER)
    if raw is None:
        name, raw = "timeoutSeconds", request.args.get("timeoutSeconds")
    if raw is None or raw.strip() == "":
        return server_limit
    try:
        value = float(raw)
    except ValueError:
        raise validation_error(f"{name} must be a number of seconds, not {raw!r}.") from None
    if not math.isfinite(value) or value <= 0:
        raise validation_error(f"{name} must be a positive number of seconds.")
    return min(value, server_limit)


def _limit() -> int:
    raw = request.args.get("limit")
    maximum = int(current_app.config["API_PAGE_SIZE_MAX"])
    if raw is None or raw == "":
        return int(current_app.config["API_PAGE_SIZE_DEFAULT"])
    try:
        limit = int(raw)
    except ValueError:
        raise validation_error(f"limit must be an integer, not {raw!r}.") from None
    if not 1 <= limit <= maximum:
        raise validation_error(f"limit must be between 1 and {maximum}.")
    return limit


def _query_params() -> dict[str, Any]:
    params: dict[str, Any] = {}
    for name in request.args:
        if name in _RESERVED_ARGS:
            continue
        values = request.args.getlist(name)
        many = len(values) > 1 or name.endswith("[]")  # ownerIds[]=0&ownerIds[]={GUID}
        params[name.removesuffix("[]")] = values if many else values[0]
    return params


def _wants_async() -> bool:
    prefer = request.headers.get("Prefer", "")
    return any(p.strip().lower() == "respond-async" for p in prefer.split(","))


def _accepted(connection: Connection, op: Operation) -> Response:
    session = get_session()
    op = qb_modified.localize(current_app.config, connection, op)
    job = submit(session, connection, op, detached=True)  # read later through GET /jobs/{id}
    body = {"jobId": qb_jobs.public_id(job.id), "status": job.state, "objectType": "job"}
    response = ok(body, 202)
    response.headers["Location"] = f"{PREFIX}/jobs/{qb_jobs.public_id(job.id)}"
    return response


def _answer(rendered: Rendered, replayed: bool = False) -> Response:
    body = rendered.body if isinstance(rendered.body, dict) else {"data": rendered.body}
    response = ok(body, rendered.status)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


def _run(connection: Connection, op: Operation, timeout: float) -> Response:
    """One QuickBooks call: async (202), idempotent write, or a plain waiting call."""
    if _wants_async():
        return _accepted(connection, op)
    key = request.headers.get(qb_idempotency.HEADER)
    if key is not None and op.is_write:
        answer = qb_idempotency.run_write(
            current_app._get_current_object(),  # type: ignore[attr-defined]
            get_session(),
            current_api_key().id,
            connection,
            op,
            qb_idempotency.check_key(key),
            timeout,
            _settings(),
        )
        return _answer(answer.rendered, answer.replayed)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    return _answer(perform(app, get_session(), connection, op, timeout))


def _require(resource: Resource, action: str) -> None:
    if action not in resource.operations:
        raise ApiError(
            f"{action.upper()}_NOT_SUPPORTED",
            f"{resource.name} does not support {action}: QuickBooks' qbXML has no request"
            " for it, so nXus cannot send one.",
        )


# --- views, one factory per action ---------------------------------------------------------


def _list_view(resource: Resource) -> Callable[[], Response]:
    def view() -> Response:
        _require(resource, "list")
        connection = resolve_connection(operational=True)
        limit, timeout = _limit(), _timeout(_settings().list_timeout)
        token = request.args.get("cursor")
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        key_id = current_api_key().id
        if token:
            page = qb_cursors.next_page(
                app, get_session(), key_id, connection, resource, token, limit, timeout
            )
        elif _wants_async():
            op, _ = qb_cursors.first_operation(resource, _query_params(), limit, _settings())
            return _accepted(connection, op)
        else:
            page = qb_cursors.list_page(
                app,
                get_session(),
                key_id,
                connection,
                resource,
                _query_params(),
                limit,
                timeout,
                _settings(),
            )
        return ok(page.envelope(iso(utcnow()) or ""))

    return view


def _count_view(resource: Resource) -> Callable[[], Response]:
    def view() -> Response:
        _require(resource, "count")
        connection = resolve_connection(operational=True)
        timeout = _timeout(_settings().list_timeout)
        return _run(connection, Operation(resource.name, "count", params=_query_params()), timeout)

    return view


def _item_view(resource: Resource) -> Callable[[str], Response]:
    def view(object_id: str) -> Response:
        action = {"GET": "retrieve", "DELETE": "delete"}.get(request.method, "update")
        _require(resource, action)
        connection = resolve_connection(operational=True)
        timeout = _timeout(_settings().crud_timeout)
        data = read_json_object() if action == "update" else None
        op = Operation(resource.name, action, object_id=object_id, data=data)
        if action == "delete":  # terms: find the term's list first (one more round trip)
            app = current_app._get_current_object()  # type: ignore[attr-defined]
            op, timeout = qb_lookup.with_list_type(app, get_session(), connection, op, timeout)
        return _run(connection, op, timeout)

    return view


def _create_view(resource: Resource) -> Callable[[], Response]:
    def view() -> Response:
        _require(resource, "create")
        connection = resolve_connection(operational=True)
        timeout = _timeout(_settings().crud_timeout)
        op = Operation(resource.name, "create", data=read_json_object())
        return _run(connection, op, timeout)

    return view


def _void_view(resource: Resource) -> Callable[[str], Response]:
    def view(object_id: str) -> Response:
        _require(resource, "void")
        connection = resolve_connection(operational=True)
        timeout = _timeout(_settings().crud_timeout)
        return _run(connection, Operation(resource.name, "void", object_id=object_id), timeout)

    return view


def _waiting(view: Callable[..., Response]) -> Callable[..., Response]:
    """A view that may wait for QuickBooks holds one of the process's waiting slots
    (nxus.capacity) meanwhile; with none free it answers 429 + Retry-After at once, before
    anything is queued. `Prefer: respond-async` (202 at once) needs no slot."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Response:
        if _wants_async() and not request.args.get("cursor"):
            return view(*args, **kwargs)
        with capacity.waiting_calls().take() as got:
            if not got:
                retry_after = int(current_app.config["API_BUSY_RETRY_AFTER_SECONDS"])
                raise ApiError(
                    "RATE_LIMIT_EXCEEDED",
                    "This server is already waiting on QuickBooks for as many calls as it "
                    f"allows at once; retry after {retry_after} s, or send "
                    "'Prefer: respond-async' to get a job to poll instead.",
                    retry_after=retry_after,
                )
            return view(*args, **kwargs)

    return wrapped


def _route(path: str, endpoint: str, view: Callable[..., Response], methods: list[str]) -> Route:
    view = _waiting(view)
    view.__name__ = endpoint
    view.__doc__ = f"{', '.join(methods)} {PREFIX}{path} (generated from RESOURCES)."
    return Route(tuple(methods), path, view)


def resource_routes() -> Iterator[Route]:
    """Every resource's routes (paths from the table, ids as <object_id>), and the lists of
    deletions QuickBooks remembers (nxus.resources.deleted)."""
    for name, resource in RESOURCES.items():
        plural = resource.list_path.removeprefix(PREFIX)
        item = resource.item_path.removeprefix(PREFIX).replace("{id}", "<object_id>")
        create = resource.create_path.removeprefix(PREFIX)
        yield _route(plural, f"qb_{name}_list", _list_view(resource), ["GET"])
        yield _route(f"{plural}/count", f"qb_{name}_count", _count_view(resource), ["GET"])
        yield _route(create, f"qb_{name}_create", _create_view(resource), ["POST"])
        methods = ["GET", "POST", "PATCH", "DELETE"]
        yield _route(item, f"qb_{name}_item", _item_view(resource), methods)
        yield _route(f"{item}/void", f"qb_{name}_void", _void_view(resource), ["POST"])
    for name, gone in DELETED.items():
        path = gone.list_path.removeprefix(PREFIX)
        yield _route(path, f"qb_{name}_list", _list_view(gone), ["GET"])


# --- beyond nXus: raw qbXML, jobs, cursors -------------------------------------------------


@_waiting
def raw_qbxml() -> Response:
    """A raw qbXML request document (schema-checked) -> QuickBooks' raw response."""
    connection = resolve_connection(operational=True)
    timeout = _timeout(_settings().crud_timeout)
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if _wants_async():
        job_id = qb_jobs.submit_raw(get_session(), connection, request.get_data(), detached=True)
        body = {"jobId": qb_jobs.public_id(job_id), "status": "queued", "objectType": "job"}
        return ok(body, 202)
    text = qb_jobs.run_raw(app, get_session(), connection, request.get_data(), timeout)
    return Response(text, status=200, mimetype="application/xml")


def get_job(job_ref: str) -> Response:
    """A job of this key's organization: its state and, once finished, its result."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    from nxus.api.helpers import current_scope

    body = qb_jobs.describe(app, get_session(), current_scope(), job_ref)
    if body is None:
        raise ApiError("NOT_FOUND", f"No job {job_ref} exists for this API key.")
    return ok(body)


def close_cursor(token: str) -> Response:
    """Free a list cursor (and its QuickBooks iterator) before the last page."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    qb_cursors.close(app, get_session(), current_api_key().id, token)
    return ok({"objectType": "cursor", "id": token, "closed": True})
