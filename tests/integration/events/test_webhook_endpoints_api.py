"""POST/GET/DELETE /api/v1/webhook-endpoints: the secret is shown once, bad input is 400
naming the field (https to a public address only, unless NXUS_WEBHOOKS_ALLOW_PRIVATE), and
another organization's endpoints are 404."""

from __future__ import annotations

from typing import Any

import pytest

from nxus.services import webhooks
from tests.integration.api.conftest import Api, Tenant, assert_error


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "WEBHOOKS_ALLOW_PRIVATE": False}


@pytest.fixture
def public_dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Stand-in DNS: hooks.example.com is public, sneaky.example.com resolves to 10.0.0.5."""
    table = {"hooks.example.com": ["93.184.216.34"], "sneaky.example.com": ["10.0.0.5"]}
    monkeypatch.setattr(webhooks, "resolve", lambda host, port: table[host])
    return table


def _create(api: Api, **body: Any) -> Any:
    return api.post("/webhook-endpoints", json=body)


def test_create_list_roll_delete(api: Api, public_dns: Any) -> None:
    created = _create(
        api, url="https://hooks.example.com/nxus", events=["job.succeeded"], description="ERP"
    )
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["secret"].startswith("whsec_") and body["id"].startswith("we_")
    assert body["events"] == ["job.succeeded"] and body["status"] == "enabled"
    listed = api.get("/webhook-endpoints").get_json()
    assert [e["id"] for e in listed["data"]] == [body["id"]]
    assert "secret" not in listed["data"][0] and body["secret"] not in str(listed)
    one = api.get(f"/webhook-endpoints/{body['id']}").get_json()
    assert "secret" not in one
    rolled = api.post(f"/webhook-endpoints/{body['id']}/roll-secret").get_json()
    assert rolled["secret"].startswith("whsec_") and rolled["secret"] != body["secret"]
    gone = api.delete(f"/webhook-endpoints/{body['id']}")
    assert gone.status_code == 200 and gone.get_json()["deleted"] is True
    assert_error(api.get(f"/webhook-endpoints/{body['id']}"), 404, "NOT_FOUND")


def test_star_subscribes_to_everything(api: Api, public_dns: Any) -> None:
    body = _create(api, url="https://hooks.example.com/", events=["*", "job.failed"]).get_json()
    assert body["events"] == ["*"]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"url": "http://hooks.example.com/", "events": ["*"]}, "url: must start with https"),
        ({"url": "https://10.1.2.3/hook", "events": ["*"]}, "url: "),
        ({"url": "https://127.0.0.1/hook", "events": ["*"]}, "loopback"),
        ({"url": "https://169.254.169.254/latest", "events": ["*"]}, "link-local"),
        ({"url": "https://[::1]/hook", "events": ["*"]}, "loopback"),
        ({"url": "https://224.0.0.1/hook", "events": ["*"]}, "multicast"),
        ({"url": "https://sneaky.example.com/", "events": ["*"]}, "private address (10.0.0.5)"),
        ({"url": "https://hooks.example.com/" + "a" * 2048, "events": ["*"]}, "url: is 2074"),
        ({"url": "https://hooks.example.com/", "events": ["job.exploded"]}, "events: unknown"),
        ({"url": "https://hooks.example.com/", "events": []}, "events: list at least one"),
        ({"url": "https://hooks.example.com/", "events": [7]}, "events: each entry"),
        ({"url": "https://hooks.example.com/", "events": "*"}, "events must be an array"),
        ({"url": "https://u:p@hooks.example.com/", "events": ["*"]}, "url: must not hold"),
        ({"url": "https:///nohost", "events": ["*"]}, "url: has no host"),
        ({"events": ["*"]}, "url is required"),
        ({"url": "https://hooks.example.com/"}, "events is required"),
        (
            {"url": "https://hooks.example.com/", "events": ["*"], "description": "d" * 501},
            "description",
        ),
        ({"url": "https://hooks.example.com/", "events": ["*"], "secret": "x"}, "Unknown field"),
    ],
)
def test_bad_input_is_400_naming_the_field(
    api: Api, public_dns: Any, body: dict[str, Any], fragment: str
) -> None:
    assert_error(_create(api, **body), 400, "VALIDATION_ERROR", fragment)


def test_other_organizations_and_modes_see_nothing(
    api: Api, tenant: Tenant, other_tenant: Tenant, public_dns: Any
) -> None:
    body = _create(api, url="https://hooks.example.com/", events=["*"]).get_json()
    path = f"/webhook-endpoints/{body['id']}"
    assert_error(api.get(path, key=other_tenant.test_key), 404, "NOT_FOUND")
    assert_error(api.delete(path, key=other_tenant.test_key), 404, "NOT_FOUND")
    assert_error(api.post(f"{path}/roll-secret", key=other_tenant.test_key), 404, "NOT_FOUND")
    assert_error(api.get(path, key=tenant.live_key), 404, "NOT_FOUND")
    assert api.get("/webhook-endpoints", key=other_tenant.test_key).get_json()["data"] == []
    assert api.get(path).status_code == 200
