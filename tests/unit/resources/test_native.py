"""The C list renderer (nxus/resources/_native.c) against the Python path it accelerates.

Every list answer is rendered twice, once with the C module and once without, and the two
bodies must be the same bytes: the simulator's answers for every resource that lists, then
thousands of mutated records (attributes, repeats, CDATA, entities, odd numbers, booleans
and enum values, empty references, unknown and namespaced elements, ...). The C module may
decline a record (it then takes the Python path), so the tests also count what it rendered
itself: most of a normal answer, or the test fails.
"""

from __future__ import annotations

import os
import random
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from nxus.qbxml import _fast, spec
from nxus.qbxml.model import load
from nxus.quickbooks.calls import render
from nxus.resources import RESOURCES, native
from nxus.resources.operation import Operation, build
from nxus.simulator.quickbooks import SimulatedQuickBooks
from tests.unit.resources.conftest import RESPONSES

pytestmark = pytest.mark.skipif(
    not native.available() and os.environ.get("NXUS_REQUIRE_NATIVE") != "1",
    reason="the C module is not built (python tools/build_native.py)",
)

RENDER = native.render
LISTED = sorted(name for name, r in RESOURCES.items() if "list" in r.operations)
# Lists of a QuickBooks feature the sample company leaves off: empty, nothing to render.
FEATURE_OFF = {
    "currencies",
    "inventory_sites",
    "unit_of_measure_sets",
    "workers_comp_codes",
    "bar_codes",
}
WITH_RECORDS = [name for name in LISTED if name not in FEATURE_OFF]


def test_built_when_required() -> None:
    """CI and `make test` ask for the module: a failed build must not pass silently."""
    assert native.available()


class Counter:
    def __init__(self) -> None:
        self.native = 0
        self.declined = 0

    def __call__(self, rs: object, count: int, table: object, limit: int = -1) -> list[object]:
        items = RENDER(rs, count, table, limit)  # type: ignore[arg-type]
        self.native += sum(i[1] for i in items if isinstance(i, tuple))
        self.declined += sum(1 for i in items if isinstance(i, int))
        return items


def both(
    monkeypatch: pytest.MonkeyPatch, name: str, document: str, limit: int | None = None
) -> tuple[bytes, bytes, Counter]:
    """The list body of `document` with the C module, then without it."""
    op = Operation(name, "list", params={})
    counter = Counter()
    with monkeypatch.context() as m:
        m.setattr("nxus.quickbooks.calls.native.render", counter)
        fast = b"".join(render(op, document, limit=limit).body.chunks())
    with monkeypatch.context() as m:
        m.setattr("nxus.quickbooks.calls.native.programs", lambda *a: None)
        slow = b"".join(render(op, document, limit=limit).body.chunks())
    return fast, slow, counter


@pytest.fixture(scope="module")
def company() -> SimulatedQuickBooks:
    return SimulatedQuickBooks(records=1500)


def answer(company: SimulatedQuickBooks, name: str) -> str:
    resource = RESOURCES[name]
    lines = spec.exists(f"{resource.query_request}/IncludeLineItems")
    params: dict[str, object] = {"includeLineItems": True} if lines else {}
    if "vendorId" in resource.required_params:  # a vendor with open bills and a credit
        credit = next(iter(company.company.records["VendorCredit"].values()))
        params["vendorId"] = credit["VendorRef"]["ListID"]
    built = build(Operation(name, "list", params=params), "16.0", uuid.uuid4())
    request = f'<?xml version="1.0" encoding="utf-8"?><?qbxml version="16.0"?>{built.body}'.encode()
    return company.process(request).decode("utf-8")


@pytest.mark.parametrize("name", WITH_RECORDS)
def test_simulator_answers_render_the_same(
    monkeypatch: pytest.MonkeyPatch, company: SimulatedQuickBooks, name: str
) -> None:
    document = answer(company, name)
    fast, slow, counter = both(monkeypatch, name, document)
    assert fast == slow
    records = orjson.loads(fast)
    assert records, f"the sample company has no {name}"
    assert counter.native == len(records), f"{counter.declined} declined"


# --- mutated records ------------------------------------------------------------------------

LEAF = re.compile(r"<(\w+)>([^<]*)</\1>")
VALUES = [
    "",
    " ",
    "0",
    "-0",
    "-0.00",
    "007.50",
    "1e5",
    "+5",
    " 5",
    ".5",
    "5.",
    "1_000",
    "0.0001",
    "0.00001",
    "123456789012345",
    "1234567890123456",
    "12345678901234.56",
    "99999999999999999999",
    "\u0661\u0662",
    "true",
    " TRUE ",
    "True\t",
    "yes",
    "false",
    "NonCitizen",
    "SomethingNew2X",
    "\u00c4Bc",
    'quote " and \\ backslash',
    "tab\tnew\nline",
    "&amp; &lt;b&gt; &#9; &#x1F600; \u2028 \u00e9",
    "2024-02-30",
    "80000001-1234567890",
]


def mutate(ret: str, rng: random.Random) -> str:
    """One random change to one leaf element of a Ret (the document stays well-formed)."""
    leaves = list(LEAF.finditer(ret))
    if not leaves:
        return ret
    hit = rng.choice(leaves)
    tag, text = hit.group(1), hit.group(2)
    choice = rng.randrange(11)
    if choice == 0:
        new = f'<{tag} attr="1">{text}</{tag}>'
    elif choice == 1:
        new = hit.group(0) * 2
    elif choice == 2:
        new = f"<{tag}><![CDATA[{text}]]>{text}</{tag}>"
    elif choice == 3:
        new = f'<x:{tag} xmlns:x="urn:x">{text}</x:{tag}>'
    elif choice == 4:
        new = ""
    elif choice == 5:
        new = f"<{tag}><Inner>{text}</Inner></{tag}>"
    elif choice == 6:
        new = f"<{tag}/>"
    elif choice == 7:
        new = hit.group(0) + "<UnknownThing>1</UnknownThing>"
    else:
        value = rng.choice(VALUES)
        escaped = value if "&" in value else value.replace("<", "&lt;")
        new = f"<{tag}>{escaped}</{tag}>"
    return ret[: hit.start()] + new + ret[hit.end() :]


def mutated(document: str, rng: random.Random, per_record: int) -> Iterator[str]:
    head, _, rest = document.partition("Rs ")
    yield document
    for _ in range(3):
        parts = re.split(r"(<\w+Ret>.*?</\w+Ret>)", rest, flags=re.S)
        for i in range(1, len(parts), 2):
            for _ in range(rng.randrange(per_record + 1)):
                parts[i] = mutate(parts[i], rng)
        yield head + "Rs " + "".join(parts)


@pytest.mark.parametrize("name", WITH_RECORDS)
def test_mutated_records_render_the_same(
    monkeypatch: pytest.MonkeyPatch, company: SimulatedQuickBooks, name: str
) -> None:
    rng = random.Random(f"native-{name}")
    declined = rendered = 0
    for document in mutated(answer(company, name), rng, per_record=3):
        fast, slow, counter = both(monkeypatch, name, document)
        assert orjson.loads(fast) == orjson.loads(slow)
        assert fast == slow
        declined += counter.declined
        rendered += counter.native
    assert rendered  # a mutation makes the C module decline one record, not all


@pytest.mark.parametrize("name", sorted(FEATURE_OFF))
def test_a_feature_the_company_leaves_off_lists_nothing(
    company: SimulatedQuickBooks, name: str
) -> None:
    assert 'statusCode="1"' in answer(company, name)


def test_refs_and_nested_edges(monkeypatch: pytest.MonkeyPatch) -> None:
    """References without ids, with TxnID only, repeated parts; empty and text-only
    aggregates; a record with attributes."""
    records = [
        "<CustomerRet><ListID>1</ListID><ParentRef/></CustomerRet>",
        "<CustomerRet><ParentRef><ListID></ListID><TxnID>T</TxnID></ParentRef></CustomerRet>",
        "<CustomerRet><ParentRef><ListID></ListID></ParentRef></CustomerRet>",
        "<CustomerRet><ParentRef><ListID>A</ListID><ListID>B</ListID></ParentRef></CustomerRet>",
        "<CustomerRet><ParentRef><FullName a='1'>x</FullName></ParentRef></CustomerRet>",
        "<CustomerRet><ParentRef>text</ParentRef></CustomerRet>",
        "<CustomerRet><ParentRef><ListID>A</ListID></ParentRef><ParentRef/></CustomerRet>",
        "<CustomerRet><BillAddress/><ShipAddress>t</ShipAddress></CustomerRet>",
        "<CustomerRet><ShipToAddress/><ShipToAddress><Name>n</Name></ShipToAddress></CustomerRet>",
        "<CustomerRet><AdditionalNotesRet><NoteID>1</NoteID></AdditionalNotesRet></CustomerRet>",
        "<CustomerRet a='1'><Name>x</Name></CustomerRet>",
        "<CustomerRet>text only</CustomerRet>",
        "<CustomerRet/>",
    ]
    document = (
        '<?xml version="1.0"?><QBXML><QBXMLMsgsRs><CustomerQueryRs statusCode="0" '
        'statusSeverity="Info" statusMessage="OK">' + "".join(records) + "<Other/>"
        "</CustomerQueryRs></QBXMLMsgsRs></QBXML>"
    )
    fast, slow, counter = both(monkeypatch, "customers", document)
    assert fast == slow
    assert len(orjson.loads(fast)) == len(records)
    assert counter.native >= len(records) - 4


def test_programs_are_compiled_for_every_listed_variant() -> None:
    """Every Ret kind a list can hold has a program (else all its records go slow)."""
    for name in LISTED:
        resource = RESOURCES[name]
        rs = resource.query_request.removesuffix("Rq") + "Rs"
        table = native.programs(resource, _fast.response_table(load().schemas["160"], rs))
        assert table is not None
        assert sorted(table) == sorted(v.ret for v in resource.variants), name


@pytest.mark.parametrize("limit", [0, 1, 2, 7, 150, 10_000])
@pytest.mark.parametrize("size", [1 << 16, 300])
def test_a_page_limit_is_the_same_records(
    monkeypatch: pytest.MonkeyPatch, company: SimulatedQuickBooks, limit: int, size: int
) -> None:
    """A limit cuts the list at the same record with and without the module, also with
    declined records among them and small parser batches."""
    monkeypatch.setattr("nxus.qbxml.parser.CHUNK_SIZE", size)
    document = answer(company, "customers")
    document = document.replace("<CustomerRet>", "<!-- c --><CustomerRet>", 3)
    document = re.sub(r"<Name>", '<Name a="1">', document, count=5)
    fast, slow, counter = both(monkeypatch, "customers", document, limit)
    assert fast == slow
    everything = orjson.loads(both(monkeypatch, "customers", document)[0])
    assert orjson.loads(fast) == everything[:limit]
    assert counter.declined <= 5


def test_a_ret_without_a_program_takes_the_python_path(
    monkeypatch: pytest.MonkeyPatch, company: SimulatedQuickBooks
) -> None:
    """A Ret kind the C module cannot render (program None) is converted in Python, never
    dropped; a Ret the resource does not map is skipped by both paths."""
    real = native.programs
    monkeypatch.setattr(
        native,
        "programs",
        lambda resource, rs_table: {k: None for k in real(resource, rs_table) or {}},
    )
    document = answer(company, "items")
    document = document.replace(
        "<ItemServiceRet>", "<UnknownItemRet><Name>x</Name></UnknownItemRet><ItemServiceRet>", 1
    )
    fast, slow, counter = both(monkeypatch, "items", document)
    assert fast == slow
    assert counter.native == 0 and counter.declined == len(orjson.loads(fast)) > 0


QUERY_SAMPLES = {
    "account_query_rs.xml": "accounts",
    "customer_query_rs.xml": "customers",
    "customer_query_iterator_rs.xml": "customers",
    "purchase_order_query_rs.xml": "purchase_orders",
    "receive_payment_query_rs.xml": "receive_payments",
}


@pytest.mark.parametrize(("sample", "name"), sorted(QUERY_SAMPLES.items()))
def test_recorded_answers_render_the_same(
    monkeypatch: pytest.MonkeyPatch, sample: str, name: str
) -> None:
    """Answers as QuickBooks writes them (indented, CRLF or LF): the same bytes, all C."""
    assert_recorded_answer_renders_the_same(monkeypatch, RESPONSES / sample, name)


def assert_recorded_answer_renders_the_same(
    monkeypatch: pytest.MonkeyPatch, path: Path, name: str
) -> None:
    for document in (path.read_text(encoding="utf-8"), path.read_bytes().decode("utf-8")):
        fast, slow, counter = both(monkeypatch, name, document)
        assert fast == slow
        records = orjson.loads(fast)
        assert records and counter.native == len(records) and counter.declined == 0
