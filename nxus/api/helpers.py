"""Helpers for every /api/v1 route module: the caller's scope, connection lookup, strict JSON
bodies, JSON answers that carry the request id, timestamps, and the public base URL."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from flask import Response, current_app, g, request

from nxus.api.context import current_api_key
from nxus.api.errors import ApiError, validation_error
from nxus.db import get_session, request_reader
from nxus.logs import request_id
from nxus.models import Connection
from nxus.resources import encoding as qb_json
from nxus.services import connections
from nxus.services.api_keys import CONNECTION_MODE
from nxus.services.errors import NotFound

CONNECTION_HEADER = "X-Connection-Id"

_TYPE_NAMES: dict[type, str] = {
    str: "a string",
    int: "an integer",
    bool: "true or false",
    float: "a number",
    dict: "an object",
    list: "an array",
}


def current_scope() -> connections.Scope:
    """The caller's organization and the connection mode its key may see."""
    api_key = current_api_key()
    return connections.Scope(api_key.organization_id, CONNECTION_MODE[api_key.mode])


def resolve_connection(ref: str | None = None, *, operational: bool = False) -> Connection:
    """The connection named by `ref` (a path id), else by the X-Connection-Id header: a
    `conn_<hex>` id, a raw UUID or an externalId, within the caller's organization and mode
    (anything else is 404 NOT_FOUND). With `operational`, an archived connection is 403
    CONNECTION_ARCHIVED and a disabled one 403 CONNECTION_RESTRICTED (QuickBooks calls).
    Without the header, the organization's one connection (of the key's mode, not archived)
    when it has exactly one; with none or several, 400 naming the header."""
    scope = current_scope()
    if ref is None:
        ref = request.headers.get(CONNECTION_HEADER, "").strip()
        if not ref:
            only = connections.sole(request_reader(), scope)
            if only is None:
                raise validation_error(
                    f"The {CONNECTION_HEADER} header is required when the organization has "
                    "no connection or several: send the connection's id (conn_…), its UUID "
                    "or its externalId."
                )
            ref = str(only.id)
    reader, session = request_reader(), get_session()  # the key's lookup's transaction
    try:
        found = connections.find(reader, scope, ref)
    except NotFound as exc:
        _refuse_other_mode(scope, ref)
        raise ApiError("NOT_FOUND", str(exc)) from None
    connection = found if reader is session else session.merge(found, load=False)
    g.nxus_connection_id = connection.id  # for the request log
    if operational and connection.archived_at is not None:
        raise ApiError(
            "CONNECTION_ARCHIVED",
            f"Connection {connection.public_id} is archived; restore it to use it.",
        )
    if operational and not connection.is_active:
        raise ApiError(
            "CONNECTION_RESTRICTED",
            f"Connection {connection.public_id} is disabled (isActive false).",
        )
    return connection


def _refuse_other_mode(scope: connections.Scope, ref: str) -> None:
    """A connection of the caller's own organization in the other mode is a key mismatch (401
    KEY_MODE_MISMATCH), not a missing connection; another organization's stays 404."""
    other = "production" if scope.mode == "development" else "development"
    try:
        connection = connections.find(
            get_session(), connections.Scope(scope.organization_id, other), ref
        )
    except NotFound:
        return
    have, need = ("sk_test_", "sk_live_") if other == "production" else ("sk_live_", "sk_test_")
    raise ApiError(
        "KEY_MODE_MISMATCH",
        f"Connection {connection.public_id} is a {other} connection; a {have} key reaches "
        f"{scope.mode} connections only. Use a {need} key for it.",
    )


@dataclass(frozen=True)
class Field:
    """One accepted member of a JSON body: its JSON type(s) and limits."""

    types: tuple[type, ...]
    nullable: bool = True
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None

    def check(self, name: str, value: Any) -> Any:
        if value is None:
            if self.nullable:
                return None
            raise validation_error(f"{name} must not be null.")
        # bool is an int in Python, never in JSON.
        if not isinstance(value, self.types) or (
            isinstance(value, bool) and bool not in self.types
        ):
            expected = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in self.types)
            raise validation_error(f"{name} must be {expected}, not {_json_type(value)}.")
        if isinstance(value, str) and "\x00" in value:
            raise validation_error(f"{name} must not contain a NUL character.")
        if self.max_length is not None and isinstance(value, str) and len(value) > self.max_length:
            raise validation_error(
                f"{name} is {len(value)} characters long; the limit is {self.max_length}."
            )
        if isinstance(value, int) and not isinstance(value, bool):
            if self.minimum is not None and value < self.minimum:
                raise validation_error(f"{name} must be at least {self.minimum}.")
            if self.maximum is not None and value > self.maximum:
                raise validation_error(f"{name} must be at most {self.maximum}.")
        return value


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def read_json_object() -> dict[str, Any]:
    """The request body as a JSON object; an empty body is {}. 400 for a body that is not
    JSON, not UTF-8, not sent as application/json, or not an object."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    mimetype = request.mimetype or ""
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        raise validation_error(
            f"Send the body as JSON with Content-Type: application/json (got {mimetype or 'none'})."
        )
    try:
        body = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise validation_error("The body is not valid UTF-8.") from None
    except json.JSONDecodeError as exc:
        raise validation_error(
            f"Malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}."
        ) from None
    except RecursionError:
        raise validation_error("The JSON body is nested too deeply.") from None
    except ValueError:  # an integer past Python's int_max_str_digits (4,300 digits)
        raise _long_number_error(raw.decode("utf-8")) from None
    if not isinstance(body, dict):
        raise validation_error(f"The body must be a JSON object, not {_json_type(body)}.")
    return body


_INT_DIGITS_LIMIT = 4300  # Python's default sys.get_int_max_str_digits()


class _LongNumber:
    """Stands for an integer too long to convert, so its place in the body can be named."""

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _parse_int(text: str) -> int | _LongNumber:
    digits = len(text.lstrip("-"))
    return _LongNumber(digits) if digits > _INT_DIGITS_LIMIT else int(text)


def _long_number_error(text: str) -> ApiError:
    """400 naming where the over-long integer is (`amount`, `lines[2].quantity`)."""
    found: list[tuple[str, int]] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, _LongNumber):
            found.append((path, value.digits))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{path}[{index}]")

    walk(json.loads(text, parse_int=_parse_int), "")
    if not found:
        return validation_error("The JSON body holds a number that cannot be read.")
    path, digits = found[0]
    return validation_error(
        f"{path or 'The body'} is a number {digits} digits long; "
        f"integers are accepted up to {_INT_DIGITS_LIMIT} digits."
    )


def json_body(fields: Mapping[str, Field], required: Iterable[str] = ()) -> dict[str, Any]:
    """The body checked against `fields`: unknown members, wrong types, out-of-range values
    and missing required members are 400 VALIDATION_ERROR naming the member. Returns only
    the members that were sent."""
    body = read_json_object()
    unknown = sorted(set(body) - set(fields))
    if unknown:
        raise validation_error(
            f"Unknown field{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
            f"Allowed: {', '.join(fields)}."
        )
    for name in required:
        if body.get(name) is None:
            raise validation_error(f"{name} is required.")
    return {name: fields[name].check(name, value) for name, value in body.items()}


def ok(body: dict[str, Any], status: int = 200) -> Response:
    """A JSON answer carrying the request id (orjson; keys sorted as `jsonify` did; dates,
    Decimals and the like as Flask's JSON provider writes them). A QuickBooks list inside is
    already JSON (`EncodedList`): its bytes go out as chunks of their own, never copied into
    one string; the body is a sequence, so Content-Length is still set."""
    chunks = qb_json.encode({**body, "requestId": request_id()}, current_app.json.default)  # type: ignore[attr-defined]
    return Response(chunks, status=status, mimetype="application/json")
