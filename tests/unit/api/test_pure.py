"""Pure pieces of the API: the error table, cursors, URL rules, the .qwc builder, key format."""

from __future__ import annotations

import uuid

import pytest
from lxml import etree

from nxus.api.pagination import decode_cursor, encode_cursor
from nxus.error_codes import ERRORS, kind_of
from nxus.models import Connection
from nxus.services import api_keys, connections, qwc

SPEC_TABLE = {
    400: ("VALIDATION_ERROR_TYPE", ["VALIDATION_ERROR"]),
    401: (
        "AUTHENTICATION_ERROR_TYPE",
        [
            "API_KEY_REQUIRED",
            "API_KEY_INVALID",
            "API_KEY_EXPIRED",
            "API_KEY_REVOKED",
            "KEY_MODE_MISMATCH",
        ],
    ),
    403: ("RESTRICTION_ERROR_TYPE", ["CONNECTION_RESTRICTED", "CONNECTION_ARCHIVED"]),
    404: ("NOT_FOUND_ERROR_TYPE", ["NOT_FOUND", "QBD_OBJECT_NOT_FOUND"]),
    405: ("APPLICATION_ERROR_TYPE", ["METHOD_NOT_ALLOWED", "VOID_NOT_SUPPORTED"]),
    408: ("TIMEOUT_ERROR_TYPE", ["REQUEST_TIMEOUT"]),
    409: (
        "INTEGRATION_RESPONSE_ERROR_TYPE",
        ["QBD_STALE_EDIT_SEQUENCE", "QBD_OBJECT_IN_USE", "QBD_NAME_NOT_UNIQUE"],
    ),
    422: ("INTEGRATION_RESPONSE_ERROR_TYPE", ["QBD_XML_RESPONSE_ERROR"]),
    429: ("RATE_LIMIT_ERROR_TYPE", ["RATE_LIMIT_EXCEEDED"]),
    500: ("UNEXPECTED_ERROR_TYPE", ["INTERNAL_ERROR"]),
    502: ("INTEGRATION_CONNECTION_ERROR_TYPE", ["QBD_CONNECTION_ERROR"]),
}


@pytest.mark.parametrize(
    ("status", "type_", "code"),
    [(s, t, c) for s, (t, codes) in SPEC_TABLE.items() for c in codes],
)
def test_error_table_matches_the_spec(status: int, type_: str, code: str) -> None:
    kind = kind_of(code)
    assert (kind.status, kind.type) == (status, type_)


def test_retry_hints() -> None:
    retry = {code for code, kind in ERRORS.items() if kind.should_retry}
    assert retry == {
        "REQUEST_TIMEOUT",
        "QBD_OBJECT_IN_USE",
        "RATE_LIMIT_EXCEEDED",
        "QBD_CONNECTION_ERROR",
    }
    with pytest.raises(KeyError):
        kind_of("MADE_UP")


def test_cursor_round_trip() -> None:
    state = {"page": 3, "t": "2026-01-01T00:00:00+00:00", "i": "ab"}
    assert decode_cursor(encode_cursor(state)) == state


@pytest.mark.parametrize(
    ("url", "count"),
    [
        ("https://qb.example.com", 0),
        ("http://localhost", 0),
        ("http://LOCALHOST:8000", 0),
        ("http://127.0.0.1:8000", 2),
        ("https://10.0.0.1", 1),
        ("http://qb.example.com", 1),
    ],
)
def test_url_warnings(url: str, count: int) -> None:
    assert len(qwc.url_warnings(url)) == count


def _connection(description: str = "Books") -> Connection:
    return Connection(
        id=uuid.UUID("12345678123456781234567812345678"),
        organization_id=uuid.uuid4(),
        description=description,
        mode="development",
        qbwc_username="nxus-abc",
        file_id=uuid.UUID("87654321876543218765432187654321"),
    )


def test_qwc_builder_escapes_and_shortens_names() -> None:
    connection = _connection("<Tom & Jerry's> " + "x" * 100)
    document = qwc.build_qwc(
        connection, base_url="https://h.example/", owner=uuid.UUID(int=1), run_every_seconds=30
    )
    root = etree.fromstring(document)
    name = root.findtext("AppName") or ""
    assert name.startswith("nXus – <Tom & Jerry's> ") and name.endswith("… (12345678)")
    assert root.findtext("AppURL") == "https://h.example/qbwc"
    assert root.findtext("FileID") == "{87654321-8765-4321-8765-432187654321}"
    assert root.findtext("OwnerID") == "{00000000-0000-0000-0000-000000000001}"
    assert qwc.filename(connection) == "nxus-12345678.qwc"


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("conn_" + "a" * 32, uuid.UUID("a" * 32)),
        (str(uuid.UUID(int=5)), uuid.UUID(int=5)),
        ("conn_short", None),
        ("customer-17", None),
    ],
)
def test_connection_ids(ref: str, expected: uuid.UUID | None) -> None:
    assert connections.parse_id(ref) == expected


def test_key_modes_and_display_prefix() -> None:
    assert api_keys.mode_of("sk_live_abc") == "live" and api_keys.mode_of("sk_test_x") == "test"
    assert api_keys.mode_of("pk_live_abc") is None
    assert api_keys.display_prefix("sk_test_ABCDEFGH") == "sk_test_ABCD…"
