"""A QuickBooks call without X-Connection-Id uses the organization's connection when it has
exactly one (of the key's mode, not archived); with several it is 400 naming the header."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.quickbooks.conftest import QbEnv

pytestmark = pytest.mark.slow


def test_the_sole_connection_is_used_and_several_need_the_header(qb_env: QbEnv) -> None:
    auth = {"Authorization": f"Bearer {qb_env.key}"}
    with httpx.Client(base_url=qb_env.base, headers=auth, trust_env=False, timeout=60) as http:
        plain = http.get("/customers", params={"limit": 3})
        assert plain.status_code == 200, plain.text
        named = http.get("/customers", params={"limit": 3}, headers=qb_env.headers())
        assert [c["id"] for c in plain.json()["data"]] == [c["id"] for c in named.json()["data"]]

        second = http.post("/connections", json={"description": "second"})
        assert second.status_code == 201, second.text
        several = http.get("/customers", params={"limit": 3})
        assert several.status_code == 400, several.text
        error = several.json()["error"]
        assert error["code"] == "VALIDATION_ERROR" and "X-Connection-Id" in error["message"]

        # Archived connections do not count: one usable connection again.
        archived = http.delete(f"/connections/{second.json()['id']}")
        assert archived.status_code == 200, archived.text
        again = http.get("/customers", params={"limit": 3})
        assert again.status_code == 200, again.text


def test_an_organization_with_no_connection_gets_400(qb_env: QbEnv) -> None:
    other = {"Authorization": f"Bearer {qb_env.other_key}"}
    with httpx.Client(base_url=qb_env.base, headers=other, trust_env=False) as http:
        response = http.get("/customers")
    assert response.status_code == 400, response.text
    assert "X-Connection-Id" in response.json()["error"]["message"]
