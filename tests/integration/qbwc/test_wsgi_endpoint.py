"""POST /qbwc is answered beside Flask's dispatch (nxus.qbwc.wsgi): it keeps what every answer
keeps (security headers, request metrics, the body limit, the NUL refusal, the hooks every
request runs), and everything else under /qbwc still goes through Flask."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from nxus.extensions import on_every_request
from tests.integration.ops.test_metrics import scrape, value
from tests.integration.qbwc.conftest import envelope, fault_of, parse_result

HEADERS = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '"x"'}


def test_an_answer_carries_the_security_headers_and_a_length(client: FlaskClient) -> None:
    response = client.post("/qbwc", data=envelope("serverVersion"), headers=HEADERS)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert int(response.headers["Content-Length"]) == len(response.data)
    assert "Set-Cookie" not in response.headers  # no session, no remember cookie
    assert parse_result(response.data, "serverVersion") is not None


def test_posts_are_counted_under_the_route_like_any_request(client: FlaskClient) -> None:
    before = scrape(client)
    assert client.post("/qbwc", data=envelope("serverVersion"), headers=HEADERS).status_code == 200
    assert client.post("/qbwc", data=b"<not-soap/>", headers=HEADERS).status_code == 400
    after = scrape(client)
    for status in ("200", "400"):
        labels = {"method": "POST", "route": "/qbwc", "status": status}
        assert value(after, "nxus_http_requests_total", **labels) == (
            value(before, "nxus_http_requests_total", **labels) + 1
        ), status
    count = "nxus_http_request_duration_seconds_count"
    assert value(after, count, route="/qbwc") == value(before, count, route="/qbwc") + 2


def test_a_body_over_the_limit_is_a_413_fault(app: Flask, client: FlaskClient) -> None:
    limit = app.config["MAX_CONTENT_LENGTH"]
    response = client.post("/qbwc", data=b"<x>" + b"y" * limit, headers=HEADERS)
    assert response.status_code == 413
    code, message = fault_of(response.data)
    assert code.endswith("Client") and "MAX_CONTENT_LENGTH" in message


def test_a_nul_in_the_query_or_a_header_is_a_400_fault(client: FlaskClient) -> None:
    for path, headers in (
        ("/qbwc?x=%00", HEADERS),
        ("/qbwc", {**HEADERS, "SOAPAction": '"a\x00b"'}),
    ):
        response = client.post(path, data=envelope("serverVersion"), headers=headers)
        assert response.status_code == 400, path
        assert "NUL" in fault_of(response.data)[1]


def test_hooks_every_request_runs_run_for_soap_calls_too(app: Flask, client: FlaskClient) -> None:
    calls: list[str] = []
    on_every_request(app, lambda: calls.append("hook"))
    client.post("/qbwc", data=envelope("serverVersion"), headers=HEADERS)
    client.get("/qbwc?wsdl")
    assert calls == ["hook", "hook"]


def test_the_wsdl_and_other_methods_still_go_through_flask(client: FlaskClient) -> None:
    wsdl = client.get("/qbwc?wsdl")
    assert wsdl.status_code == 200 and b"definitions" in wsdl.data
    assert wsdl.headers["X-Frame-Options"] == "DENY"
    put = client.put("/qbwc", data=b"x")
    assert put.status_code == 405 and "POST" in fault_of(put.data)[1]
    assert client.post("/qbwc/", data=envelope("serverVersion")).status_code == 404
