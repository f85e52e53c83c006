"""JSON encoding of API answers (orjson): one code path for every /api/v1 body.

QuickBooks lists are encoded record by record as they are converted (`EncodedList`), so a big
answer is held as its JSON bytes, never as a list of dicts; `encode` splices those bytes into
the body as chunks, without copying them into one string.

    records = EncodedList()
    records.append({"id": "80000001-1", ...})     # encoded now; the dict can go
    chunks = encode({"data": records, "count": len(records)}, default)
    b"".join(chunks) == b'{"count":1,"data":[{"id":"80000001-1",...}]}\n'

Keys are sorted at every level and a body ends with a newline, as Flask's `jsonify` did;
unlike it, non-ASCII text is UTF-8 rather than \\u escapes (the same JSON).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import orjson

# Flask's jsonify sorted keys; dates go to the caller's `default` (Flask's HTTP-date format).
OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
CHUNK_BYTES = 1 << 16  # records are joined into chunks of about this size
_MARK = b"\x00"  # orjson never writes a raw NUL (it escapes control characters in strings)


class EncodedList:
    """A JSON array whose items are encoded (sorted keys) when they are appended."""

    __slots__ = ("_chunks", "_count", "_pending", "_pending_bytes")

    def __init__(self) -> None:
        self._chunks: list[bytes] = []  # each: items joined by commas
        self._pending: list[bytes] = []
        self._pending_bytes = 0
        self._count = 0

    def append(self, item: Any) -> None:
        self.append_run(orjson.dumps(item, option=OPTIONS), 1)

    def append_run(self, encoded: bytes, count: int) -> None:
        """`count` items already encoded and joined by commas (sorted keys, no newline)."""
        self._pending.append(encoded)
        self._pending_bytes += len(encoded)
        self._count += count
        if self._pending_bytes >= CHUNK_BYTES:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._chunks.append(b",".join(self._pending))
            self._pending = []
            self._pending_bytes = 0

    def __len__(self) -> int:
        return self._count

    def chunks(self) -> list[bytes]:
        """The array as byte chunks: "[", items, ",", items, ..., "]"."""
        self._flush()
        out = [b"["]
        for i, chunk in enumerate(self._chunks):
            if i:
                out.append(b",")
            out.append(chunk)
        out.append(b"]")
        return out

    def __iter__(self) -> Iterator[Any]:
        """The items decoded again (for callers that need values, not the body)."""
        self._flush()
        for chunk in self._chunks:
            yield from orjson.loads(b"[" + chunk + b"]")


def encode(body: Any, default: Callable[[Any], Any] | None = None) -> list[bytes]:
    """`body` as JSON byte chunks (a trailing newline); `EncodedList` values anywhere in it are
    spliced in as their own chunks."""
    spliced: list[EncodedList] = []

    def hook(value: Any) -> Any:
        if isinstance(value, EncodedList):
            spliced.append(value)
            return orjson.Fragment(_MARK)
        if default is None:
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
        return default(value)

    head = orjson.dumps(body, default=hook, option=OPTIONS | orjson.OPT_APPEND_NEWLINE)
    if not spliced:
        return [head]
    parts = head.split(_MARK)
    out = [parts[0]]
    for encoded, after in zip(spliced, parts[1:], strict=True):
        out.extend(encoded.chunks())
        out.append(after)
    return out
