"""Stored qbXML round-trips through `CompressedText` on every database: compressed on SQLite
(a BLOB with a header), as text on PostgreSQL (lz4 TOAST), and rows written before compression
are read as they are."""

from __future__ import annotations

import uuid

import pytest
from flask import Flask
from sqlalchemy import text

from nxus.db import engine_for, new_session
from nxus.models import Job
from nxus.payload import COMPRESS_MIN_CHARS, HEADER, compress, decompress
from tests.integration.qbwc.conftest import make_connection


def _connection(app: Flask) -> uuid.UUID:
    return make_connection(app).id


def _big_answer(megabytes: int) -> str:
    rows = []
    size, n = 0, 0
    while size < megabytes * 1024 * 1024:
        row = f"<CustomerRet><ListID>{n:08X}-1</ListID><Name>Customer {n} ö€😀</Name></CustomerRet>"
        rows.append(row)
        size += len(row)
        n += 1
    return (
        "<QBXML><QBXMLMsgsRs><CustomerQueryRs>"
        + "".join(rows)
        + "</CustomerQueryRs></QBXMLMsgsRs></QBXML>"
    )


def _store(app: Flask, connection_id: uuid.UUID, request: str, response: str | None) -> uuid.UUID:
    with new_session(app) as db:
        job = Job(
            connection_id=connection_id,
            request_names="CustomerQueryRq",
            request_body=request,
            response_body=response,
        )
        db.add(job)
        db.commit()
        return job.id


def _read(app: Flask, job_id: uuid.UUID) -> tuple[str, str | None]:
    with new_session(app) as db:
        job = db.get(Job, job_id)
        assert job is not None
        return job.request_body, job.response_body


def _stored_types(app: Flask, job_id: uuid.UUID) -> tuple[str, str]:
    with engine_for(app).connect() as conn:
        if conn.dialect.name == "sqlite":
            sql = "SELECT typeof(request_body), typeof(response_body) FROM jobs WHERE id = :id"
        else:
            sql = (
                "SELECT pg_typeof(request_body)::text, pg_typeof(response_body)::text"
                " FROM jobs WHERE id = :id"
            )
        row = conn.execute(
            text(sql), {"id": job_id.hex if conn.dialect.name == "sqlite" else job_id}
        ).one()
        return row[0], row[1]


@pytest.mark.parametrize(
    "value",
    [
        "",
        "<QBXML/>",
        "<QBXML><Name>Zoë &amp; Søren — 東京 😀</Name></QBXML>" * 40,
        "x" * COMPRESS_MIN_CHARS,
    ],
    ids=["empty", "short", "non-ascii", "threshold"],
)
def test_values_round_trip(app: Flask, value: str) -> None:
    job_id = _store(app, _connection(app), value or "<QBXML/>", value)
    assert _read(app, job_id)[1] == value


def test_a_17_mb_answer_round_trips_and_is_stored_compressed(app: Flask) -> None:
    answer = _big_answer(17)
    job_id = _store(app, _connection(app), "<QBXML><CustomerQueryRq/></QBXML>", answer)
    assert _read(app, job_id) == ("<QBXML><CustomerQueryRq/></QBXML>", answer)
    kinds = _stored_types(app, job_id)
    with engine_for(app).connect() as conn:
        if conn.dialect.name == "sqlite":
            assert kinds == ("text", "blob")  # short request: text; the answer compressed
            size = conn.execute(
                text("SELECT length(response_body) FROM jobs WHERE id = :id"), {"id": job_id.hex}
            ).scalar()
            assert size < len(answer.encode()) / 5
        else:
            assert kinds == ("text", "text")  # PostgreSQL compresses in TOAST (lz4)


def test_rows_written_before_compression_are_read_as_they_are(app: Flask) -> None:
    """A row stored as plain text (an older nXus) is read back unchanged, big or small."""
    connection_id = _connection(app)
    job_id = uuid.uuid4()
    answer = _big_answer(1)
    with engine_for(app).begin() as conn:
        sqlite = conn.dialect.name == "sqlite"
        conn.execute(
            text(
                "INSERT INTO jobs (id, connection_id, kind, state, request_names, is_write,"
                " request_body, response_body, attempts, created_at, detached)"
                " VALUES (:id, :conn, 'qbxml', 'done', 'CustomerQueryRq', :f, :req, :resp, 1,"
                " :now, :f)"
            ),
            {
                "id": job_id.hex if sqlite else job_id,
                "conn": connection_id.hex if sqlite else connection_id,
                "f": False,
                "req": "<QBXML>old ö</QBXML>",
                "resp": answer,
                "now": "2026-01-01 00:00:00" if sqlite else "2026-01-01T00:00:00Z",
            },
        )
    assert _read(app, job_id) == ("<QBXML>old ö</QBXML>", answer)


def test_compress_refuses_what_it_did_not_write() -> None:
    assert decompress(compress("ö" * 5000)) == "ö" * 5000
    assert compress("").startswith(HEADER) and decompress(compress("")) == ""
    with pytest.raises(ValueError, match="not a stored payload"):
        decompress(b"plain bytes")
    with pytest.raises(ValueError, match="damaged"):
        decompress(HEADER + b"not zlib")
