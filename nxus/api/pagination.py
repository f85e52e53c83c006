"""Cursor pagination for platform lists: the query parameters, an opaque cursor, and the
nXus list envelope `{success, requestId, data, nextCursor, page, count, limit, totalCount,
pageCount, hasMore, remainingCount, timestamp}` that the SDK's CursorPage reads."""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass
from typing import Any

from flask import current_app, request

from nxus.api.context import request_id
from nxus.api.errors import validation_error
from nxus.db import utcnow
from nxus.formats import iso


@dataclass(frozen=True)
class PageRequest:
    limit: int
    # The decoded cursor (None on the first page) and the 1-based page number it leads to.
    cursor: dict[str, Any] | None
    page: int


def encode_cursor(state: dict[str, Any]) -> str:
    raw = json.dumps(state, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def decode_cursor(token: str) -> dict[str, Any]:
    try:
        padded = token + "=" * (-len(token) % 4)
        state = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, binascii.Error, UnicodeError):
        raise validation_error("cursor is not a cursor returned by this API.") from None
    if not isinstance(state, dict) or not isinstance(state.get("page"), int):
        raise validation_error("cursor is not a cursor returned by this API.")
    return state


def page_request(default: int | None = None, maximum: int | None = None) -> PageRequest:
    """`limit` (1..maximum, default from config) and `cursor` from the query string."""
    cfg = current_app.config
    maximum = maximum or cfg["API_PAGE_SIZE_MAX"]
    default = default or cfg["API_PAGE_SIZE_DEFAULT"]
    raw_limit = request.args.get("limit")
    if raw_limit is None or raw_limit == "":
        limit = min(default, maximum)
    else:
        try:
            limit = int(raw_limit)
        except ValueError:
            raise validation_error(f"limit must be an integer, not {raw_limit!r}.") from None
        if not 1 <= limit <= maximum:
            raise validation_error(f"limit must be between 1 and {maximum}.")
    token = request.args.get("cursor")
    if token:
        state = decode_cursor(token)
        return PageRequest(limit, state, state["page"])
    return PageRequest(limit, None, 1)


def envelope(
    data: list[Any], page: PageRequest, total_count: int, next_state: dict[str, Any] | None
) -> dict[str, Any]:
    """The list page; `next_state` (without the page number) becomes nextCursor."""
    seen = (page.page - 1) * page.limit + len(data)
    remaining = max(0, total_count - seen)
    has_more = next_state is not None and remaining > 0
    next_cursor = encode_cursor({**next_state, "page": page.page + 1}) if has_more else None
    return {
        "success": True,
        "requestId": request_id(),
        "data": data,
        "nextCursor": next_cursor,
        "page": page.page,
        "count": len(data),
        "limit": page.limit,
        "totalCount": total_count,
        "pageCount": max(1, math.ceil(total_count / page.limit)) if total_count else 0,
        "hasMore": has_more,
        "remainingCount": remaining,
        "timestamp": iso(utcnow()),
    }
