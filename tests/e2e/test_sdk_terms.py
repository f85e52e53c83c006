"""Terms through the SDK: a create goes to StandardTerms or DateDrivenTerms by its fields, a
delete looks the term's list up first, and the writes qbXML lacks are honest 405s."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from nxus_qbd import NxusClient
from nxus_qbd.errors import NxusApiError

from tests.e2e.test_sdk_quickbooks import raw, sdk, unique
from tests.integration.quickbooks import conftest as qb_fixtures
from tests.integration.quickbooks.conftest import QbEnv

qb_env = qb_fixtures.qb_env
schema_check = qb_fixtures.schema_check
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(qb_env: QbEnv) -> Iterator[NxusClient]:
    with sdk(qb_env) as c:
        yield c


@pytest.mark.parametrize(
    ("body", "object_type", "due"),
    [
        ({"dueDays": 30, "discountDays": 10, "discountPercentage": 2}, "qbd_standard_term", {
            "dueDays": 30, "discountDays": 10, "discountPercentage": 2}),
        ({"dueDayOfMonth": 15, "gracePeriodDays": 5}, "qbd_date_driven_term", {
            "dueDayOfMonth": 15, "gracePeriodDays": 5}),
    ],
)  # fmt: skip
def test_create_retrieve_delete_a_term(
    client: NxusClient,
    qb_env: QbEnv,
    body: dict[str, Any],
    object_type: str,
    due: dict[str, Any],
) -> None:
    created = raw(client, qb_env, "POST", "/api/v1/term", json={"name": unique("T"), **body})
    assert created["objectType"] == object_type
    assert {k: created[k] for k in due} == due
    term_id = created["id"]
    listed = raw(client, qb_env, "GET", "/api/v1/terms", params={"ids": term_id})
    assert [t["objectType"] for t in listed["data"]] == [object_type]
    deleted = client.terms.delete(term_id, connection_id=qb_env.public_id)
    assert deleted["deleted"] is True and deleted["id"] == term_id
    with pytest.raises(NxusApiError) as gone:
        client.terms.delete(term_id, connection_id=qb_env.public_id)
    assert (gone.value.status, gone.value.code) == (404, "QBD_OBJECT_NOT_FOUND")


def test_term_writes_qbxml_cannot_do_are_refused(client: NxusClient, qb_env: QbEnv) -> None:
    both = {"name": unique("T"), "dueDays": 30, "dueDayOfMonth": 15}
    with pytest.raises(NxusApiError) as ambiguous:
        raw(client, qb_env, "POST", "/api/v1/term", json=both)
    assert (ambiguous.value.status, ambiguous.value.code) == (400, "VALIDATION_ERROR")
    assert "dueDays, dueDayOfMonth" in str(ambiguous.value)
    terms = raw(client, qb_env, "GET", "/api/v1/terms")["data"]
    with pytest.raises(NxusApiError) as update:
        client.terms.update(
            terms[0]["id"],
            revision_number=terms[0]["revisionNumber"],
            connection_id=qb_env.public_id,
        )
    assert (update.value.status, update.value.code) == (405, "UPDATE_NOT_SUPPORTED")
    methods = raw(client, qb_env, "GET", "/api/v1/payment-methods")["data"]
    with pytest.raises(NxusApiError) as no_mod:
        client.payment_methods.update(
            methods[0]["id"],
            revision_number=methods[0]["revisionNumber"],
            connection_id=qb_env.public_id,
        )
    assert (no_mod.value.status, no_mod.value.code) == (405, "UPDATE_NOT_SUPPORTED")
