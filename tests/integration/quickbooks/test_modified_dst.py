"""`updatedAfter`/`updatedBefore` with explicit offsets across both daylight saving changes of
the company's zone (America/Los_Angeles, the sample company's and COMPANY_TIME_ZONE's default).

The simulated QuickBooks behaves as QuickBooks does: it keeps wall-clock times, reads
FromModifiedDate/ToModifiedDate as local time whatever offset they carry, and states the
offset of an ambiguous wall time's first reading (an hour wrong for the second). Records are
modified at chosen instants (a hand-moved clock); each window's answer must be exactly the
records modified inside it, never one more or one fewer.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from nxus_qbd import NxusClient

from tests.integration.quickbooks.conftest import CheckedQuickBooks, QbEnv, start_env, stop_env

pytestmark = pytest.mark.slow


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 5, tzinfo=UTC).timestamp()

    def __call__(self) -> float:
        return self.now


TAG = f"D{uuid.uuid4().hex[:5]}"
# (name, instant in UTC): made in this order (QuickBooks' clock only moves forward).
SPRING = [("s1", "2026-03-08T09:50:00"), ("s2", "2026-03-08T10:10:00"), ("s3", "10:50")]
FALL = [
    ("f1", "2026-11-01T08:10:00"),  # 01:10 PDT
    ("f2", "2026-11-01T08:40:00"),  # 01:40 PDT
    ("f3", "2026-11-01T09:10:00"),  # 01:10 PST: the same wall time as f1
    ("f4", "2026-11-01T09:40:00"),  # 01:40 PST: the same wall time as f2
    ("f5", "2026-11-01T10:10:00"),  # 02:10 PST
]


def _instant(text: str, day: str) -> float:
    full = text if "T" in text else f"{day}T{text}:00"
    return datetime.fromisoformat(full).replace(tzinfo=UTC).timestamp()


@pytest.fixture(scope="module")
def dst_env(
    tmp_path_factory: pytest.TempPathFactory, postgres_base_url: str | None
) -> Iterator[tuple[QbEnv, dict[str, str]]]:
    clock = Clock()
    quickbooks = CheckedQuickBooks(records=60, qb_year=2024, clock=clock)
    env = start_env(tmp_path_factory.mktemp("dst"), postgres_base_url, quickbooks)
    ids: dict[str, str] = {}
    with env.http() as http:
        for day, records in (("2026-03-08", SPRING), ("2026-11-01", FALL)):
            for name, when in records:
                clock.now = _instant(when, day)
                made = http.post("/customer", json={"name": f"{TAG} {name}"})
                assert made.status_code == 201, made.text
                ids[made.json()["id"]] = name
    yield env, ids
    stop_env(env)


def found(env: QbEnv, ids: dict[str, str], **params: str) -> set[str]:
    with env.http() as http:
        response = http.get("/customers", params={"nameStartsWith": TAG, **params})
        assert response.status_code == 200, response.text
        return {ids[c["id"]] for c in response.json()["data"]}


def counted(env: QbEnv, **params: str) -> int:
    with env.http() as http:
        response = http.get("/customers/count", params={"nameStartsWith": TAG, **params})
        assert response.status_code == 200, response.text
        return int(response.json()["count"])


def test_quickbooks_states_the_wrong_offset_in_the_repeated_hour(
    dst_env: tuple[QbEnv, dict[str, str]],
) -> None:
    env, ids = dst_env
    with env.http() as http:
        rows = http.get("/customers", params={"nameStartsWith": TAG}).json()["data"]
    stamps = {ids[r["id"]]: r["updatedAt"] for r in rows}
    assert stamps["f1"] == stamps["f3"] == "2026-11-01T01:10:00-07:00"  # f3 was at -08:00
    assert stamps["f5"] == "2026-11-01T02:10:00-08:00"
    assert stamps["s2"] == "2026-03-08T03:10:00-07:00"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # the repeated hour: by wall time the window is empty (01:30 .. 01:20)
        (
            {"updatedAfter": "2026-11-01T08:30:00Z", "updatedBefore": "2026-11-01T09:20:00Z"},
            {"f2", "f3"},
        ),
        # after the change: f1 and f2 have later wall times than 01:05 PST, but are earlier
        ({"updatedAfter": "2026-11-01T01:05:00-08:00"}, {"f3", "f4", "f5"}),
        # before the change: f3 and f4 have earlier wall times than 01:50 PDT, but are later
        (
            {"updatedAfter": "2026-11-01T00:00:00-07:00", "updatedBefore": "2026-11-01T08:50:00Z"},
            {"f1", "f2"},
        ),
        (
            {"updatedAfter": "2026-11-01T10:05:00+01:00", "updatedBefore": "2026-11-01T09:45:00Z"},
            {"f3", "f4"},
        ),
        # the skipped hour of spring: the same instant in any offset
        (
            {"updatedAfter": "2026-03-08T09:55:00Z", "updatedBefore": "2026-03-08T12:00:00Z"},
            {"s2", "s3"},
        ),
        (
            {
                "updatedAfter": "2026-03-08T03:05:00-07:00",
                "updatedBefore": "2026-03-08T03:30-07:00",
            },
            {"s2"},
        ),
        (
            {
                "updatedAfter": "2026-03-08T00:00:00-08:00",
                "updatedBefore": "2026-03-08T11:55:00+02:00",
            },
            {"s1"},
        ),
        ({"updatedAfter": "2026-03-08T10:20:00Z", "updatedBefore": "2026-03-08T10:40:00Z"}, set()),
    ],
)
def test_windows_around_both_changes_are_exact(
    dst_env: tuple[QbEnv, dict[str, str]], params: dict[str, str], expected: set[str]
) -> None:
    env, ids = dst_env
    assert found(env, ids, **params) == expected
    assert counted(env, **params) == len(expected)


def test_local_times_without_an_offset_go_as_they_are(
    dst_env: tuple[QbEnv, dict[str, str]],
) -> None:
    """Without an offset the caller speaks the company's wall time, as QuickBooks does."""
    env, ids = dst_env
    walls = {"updatedAfter": "2026-11-01T01:05:00", "updatedBefore": "2026-11-01T01:20:00"}
    assert found(env, ids, **walls) == {"f1", "f3"}


def test_a_bad_date_time_names_the_parameter(dst_env: tuple[QbEnv, dict[str, str]]) -> None:
    env, _ = dst_env
    with env.http() as http:
        response = http.get("/customers", params={"updatedAfter": "2026-11-01T25:00:00Z"})
    assert response.status_code == 400
    assert "updatedAfter" in response.json()["error"]["message"]


def test_the_sdk_sends_offsets_and_gets_the_exact_window(
    dst_env: tuple[QbEnv, dict[str, str]],
) -> None:
    env, ids = dst_env
    client = NxusClient(
        api_key=env.key,
        base_url=env.server.url + "/",
        max_retries=0,
        http_client_options={"trust_env": False},
    )
    with client:
        client.customers._model = None  # type: ignore[attr-defined]  # docs/sdk.md: null fields
        page = client.customers.list(
            name_starts_with=TAG,
            updated_after="2026-11-01T08:30:00Z",
            updated_before="2026-11-01T09:20:00Z",
            connection_id=env.public_id,
        )
    assert {ids[c["id"]] for c in page.data} == {"f2", "f3"}


def test_quickbooks_reads_an_offset_bound_as_wall_time() -> None:
    """What a bridge that passes the offset on gets: QuickBooks reads 01:05 as wall time, so
    f1 (01:10 PDT, an hour before the bound) comes back with f3 (01:10 PST)."""
    clock = Clock()
    quickbooks = CheckedQuickBooks(records=10, qb_year=2024, clock=clock)
    ids = []
    for when in ("2026-11-01T08:10:00", "2026-11-01T09:10:00"):
        clock.now = _instant(when, "")
        answer = quickbooks.process(
            b'<?xml version="1.0"?><?qbxml version="16.0"?><QBXML><QBXMLMsgsRq onError="stop'
            b'OnError"><CustomerAddRq><CustomerAdd><Name>W' + when[-8:-6].encode() + b"</Name>"
            b"</CustomerAdd></CustomerAddRq></QBXMLMsgsRq></QBXML>"
        )
        ids.append(answer.split(b"<ListID>")[1].split(b"</ListID>")[0])
    query = (
        b'<?xml version="1.0"?><?qbxml version="16.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">'
        b"<CustomerQueryRq><FromModifiedDate>2026-11-01T01:05:00-08:00</FromModifiedDate>"
        b"<NameFilter><MatchCriterion>StartsWith</MatchCriterion><Name>W</Name></NameFilter>"
        b"</CustomerQueryRq></QBXMLMsgsRq></QBXML>"
    )
    answer = quickbooks.process(query)
    assert ids[0] in answer and ids[1] in answer  # f1 (01:10 PDT) wrongly in: wall 01:10


def test_a_connection_keeps_its_own_time_zone(dst_env: tuple[QbEnv, dict[str, str]]) -> None:
    """PATCH /connections/{id} {"timeZone"}: the company file's zone, when QuickBooks runs
    elsewhere than COMPANY_TIME_ZONE says ("" goes back to it)."""
    env, ids = dst_env
    after = {"updatedAfter": "2026-11-01T09:05:00Z"}
    assert found(env, ids, **after) == {"f3", "f4", "f5"}
    with env.http() as http:
        path = f"/connections/{env.public_id}"
        bad = http.patch(path, json={"timeZone": "Pacific/Atlantis"})
        assert bad.status_code == 400 and "timeZone" in bad.json()["error"]["message"]
        changed = http.patch(path, json={"timeZone": "Europe/Berlin"})
        assert changed.status_code == 200 and changed.json()["timeZone"] == "Europe/Berlin"
        assert http.get(path).json()["timeZone"] == "Europe/Berlin"
        try:
            # 10:05 in Berlin: later than every Pacific wall time of that night
            assert found(env, ids, **after) == set()
        finally:
            reset = http.patch(path, json={"timeZone": ""})
            assert reset.status_code == 200 and reset.json()["timeZone"] is None
    assert found(env, ids, **after) == {"f3", "f4", "f5"}
