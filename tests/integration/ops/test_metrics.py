"""/metrics: Prometheus text with request counts by URL rule (never raw ids), a duration
histogram, /qbwc exchanges, and gauges read from the database at scrape time."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from nxus.metrics import qbwc_result_label
from tests.integration.ops.conftest import add_job, connection_row, make_tenant

SERVER_VERSION = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
    b'<soap:Body><serverVersion xmlns="http://developer.intuit.com/" /></soap:Body>'
    b"</soap:Envelope>"
)


def scrape(client: FlaskClient, **headers: str) -> dict[tuple[str, tuple[Any, ...]], float]:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.content_type.startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.get_data(as_text=True)):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict[tuple[str, tuple[Any, ...]], float], name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_are_counted_by_url_rule_never_by_raw_path(migrated_app: Flask) -> None:
    tenant = make_tenant(migrated_app)
    client = migrated_app.test_client()
    auth = {"Authorization": f"Bearer {tenant.key}"}
    rule = "/api/v1/connections/<ref>"
    before = scrape(client)
    assert (
        client.get(f"/api/v1/connections/{tenant.connection_id}", headers=auth).status_code == 200
    )
    missing = "conn_" + "0" * 32
    assert client.get(f"/api/v1/connections/{missing}", headers=auth).status_code == 404
    assert client.get("/no/such/page/raw-path-marker").status_code == 404
    after = scrape(client)
    labels = {"method": "GET", "route": rule}
    assert value(after, "nxus_http_requests_total", status="200", **labels) == (
        value(before, "nxus_http_requests_total", status="200", **labels) + 1
    )
    assert value(after, "nxus_http_requests_total", status="404", **labels) == (
        value(before, "nxus_http_requests_total", status="404", **labels) + 1
    )
    unmatched = {"method": "GET", "route": "unmatched", "status": "404"}
    assert value(after, "nxus_http_requests_total", **unmatched) >= 1
    count = "nxus_http_request_duration_seconds_count"
    assert value(after, count, route=rule) == value(before, count, route=rule) + 2
    assert value(after, "nxus_http_request_duration_seconds_bucket", route=rule, le="+Inf") >= 2
    text = client.get("/metrics").get_data(as_text=True)
    assert tenant.connection_id not in text.replace(
        f'connection="{tenant.connection_id}"', ""
    )  # the id appears only as the check-in gauge's label
    assert missing not in text
    assert "raw-path-marker" not in text  # (a number could hold any digits: a word cannot)


def test_qbwc_exchanges_are_counted_by_method_and_result(migrated_app: Flask) -> None:
    client = migrated_app.test_client()
    before = scrape(client)
    headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '"x"'}
    assert client.post("/qbwc", data=SERVER_VERSION, headers=headers).status_code == 200
    assert client.post("/qbwc", data=b"<not-soap/>", headers=headers).status_code >= 400
    after = scrape(client)
    name = "nxus_qbwc_exchanges_total"
    for labels in ({"method": "serverVersion", "result": "other"},
                   {"method": "invalid", "result": "fault"}):  # fmt: skip
        assert value(after, name, **labels) == value(before, name, **labels) + 1, labels


def test_qbwc_result_labels_stay_few() -> None:
    assert qbwc_result_label("job 0b3c…", 200) == "job"
    assert qbwc_result_label("ticket (first connection)", 200) == "ticket"
    assert qbwc_result_label("nvu (throttled)", 200) == "nvu"
    assert qbwc_result_label("-101 0x80040400", 200) == "error"
    assert qbwc_result_label("100", 200) == "progress"
    assert qbwc_result_label("held: NoOp", 200) == "held"
    assert qbwc_result_label("refused: FILE_MISMATCH", 200) == "refused"
    assert qbwc_result_label("closed (open)", 200) == "closed"
    assert qbwc_result_label("fault: the body is not SOAP", 400) == "fault"
    assert qbwc_result_label("anything a peer made up", 200) == "other"
    assert qbwc_result_label("ok", 500) == "server_error"


def test_database_gauges_are_read_at_scrape_time(migrated_app: Flask) -> None:
    tenant = make_tenant(migrated_app, polled_seconds_ago=42)
    waiting = make_tenant(migrated_app, "Other Org", polled_seconds_ago=None)
    client = migrated_app.test_client()
    samples = scrape(client)
    assert value(samples, "nxus_database_up") == 1
    assert value(samples, "nxus_jobs", state="queued") == 2
    assert value(samples, "nxus_jobs", state="done") == 2
    assert value(samples, "nxus_jobs", state="failed") == 0
    assert value(samples, "nxus_connections", state="active") == 2
    assert value(samples, "nxus_connections", state="connected") == 1
    assert value(samples, "nxus_connections", state="waiting") == 1
    assert value(samples, "nxus_connections", state="archived") == 0
    age = value(
        samples, "nxus_connection_last_checkin_age_seconds", connection=tenant.connection_id
    )
    assert 41 <= age < 120
    key = ("nxus_connection_last_checkin_age_seconds", (("connection", waiting.connection_id),))
    assert key not in samples  # never checked in: no age at all

    add_job(migrated_app, connection_row(migrated_app, tenant.connection_id).id, "failed")
    response = client.delete(
        f"/api/v1/connections/{waiting.connection_id}",
        headers={"Authorization": f"Bearer {waiting.key}"},
    )
    assert response.status_code == 200, response.get_json()
    samples = scrape(client)
    assert value(samples, "nxus_jobs", state="failed") == 1
    assert value(samples, "nxus_connections", state="archived") == 1
    assert value(samples, "nxus_connections", state="active") == 1


def test_metrics_token_is_required_when_set(app_factory: Any, migrated_app: Flask) -> None:
    guarded = app_factory(METRICS_TOKEN="s3cret-scrape-token")
    client = guarded.test_client()
    missing = client.get("/metrics")
    assert missing.status_code == 401
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in missing.get_json()["reason"]
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/metrics", headers={"Authorization": "s3cret-scrape-token"}).status_code == (
        401
    )
    samples = scrape(client, Authorization="Bearer s3cret-scrape-token")
    assert value(samples, "nxus_database_up") == 1
    assert "Set-Cookie" not in missing.headers


def test_metrics_answers_when_the_database_is_down(app_factory: Any) -> None:
    down = app_factory(DATABASE_URL="sqlite:////nonexistent-folder/nxus.db")
    samples = scrape(down.test_client())
    assert value(samples, "nxus_database_up") == 0
    assert ("nxus_jobs", (("state", "queued"),)) not in samples
