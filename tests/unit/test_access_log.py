"""The access log's atoms (nxus.gunicorn_logging): whatever a log format reads that can carry
a URL or a header is redacted; the plain atoms are read as gunicorn gives them."""

from __future__ import annotations

from nxus.gunicorn_logging import RedactedAtoms

KEY = "sk_live_" + "Q" * 43


def test_every_atom_a_format_reads_is_redacted() -> None:
    atoms = RedactedAtoms(
        {
            "h": "127.0.0.1",
            "r": f"GET /api/v1/customers?api_key={KEY} HTTP/1.1",
            "q": "token=abc&limit=5",
            "s": "200",
            "L": "0.012000",
            "{referer}i": f"https://example.com/?password=hunter2&k={KEY}",
            "{x-request-id}o": "req_1",
            "{raw_uri}e": "/x?secret=s3",
        }
    )
    # As logging formats gunicorn's access_log_format: % with the atoms as the mapping.
    form = "%(h)s %(r)s %(q)s %(s)s %(L)s %({Referer}i)s %({x-request-id}o)s %({raw_uri}e)s"
    line = form % atoms  # noqa: UP031
    for secret in (KEY, "abc", "hunter2", "s3"):
        assert secret not in line
    assert line.startswith("127.0.0.1 GET /api/v1/customers?api_key=[redacted] HTTP/1.1")
    assert "req_1" in line and "0.012000" in line
    assert atoms["{absent}i"] == "-"
