"""Benchmark: a 20,000-customer CustomerQueryRs (~20 MB of qbXML, ~28 MB of SOAP body) through
receiveResponseXML to the JSON the API returns, against lxml's bare parse of the same qbXML.
With --invoices N: N invoices of three lines each, each paid in part by a payment (a linked
transaction), listed with their lines and linked transactions (transactions, not lists).

Only production code is timed, through Flask's test client (WSGI, no sockets):
1. `POST /qbwc` receiveResponseXML with the SOAP body (envelope parse, status, job stored,
   exchange logged with the default body retention);
2. `GET /api/v1/jobs/job_<id>` with an API key: the job read back, its stored response parsed
   streaming, every Ret mapped to SDK JSON and encoded, the response body consumed chunk by
   chunk as a WSGI server would write it. The job is the list `quickbooks.submit` queues for
   the API (without a limit: a list page holds at most 150 or 500 records, the same code).
Prints the time of each stage (best of --runs) and the ratio of their sum to
`lxml.etree.fromstring(qbxml)` (best of --runs, same process; target <= 3x), and the peak Python
memory growth (tracemalloc, a separate run) as a ratio to the SOAP body size (target <= 3x).
No thresholds are asserted: machines differ.

    .venv/bin/python bench/big_response.py [--customers 20000] [--runs 3]
    .venv/bin/python bench/big_response.py --invoices 1000
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from lxml import etree  # noqa: E402

from bench._setup import BENCH_PASSWORD, add_connection, bench_app  # noqa: E402
from nxus.db import engine_for, new_session  # noqa: E402
from nxus.models import Connection  # noqa: E402
from nxus.quickbooks import calls as quickbooks  # noqa: E402
from nxus.resources import native  # noqa: E402
from nxus.resources.operation import Operation  # noqa: E402
from nxus.services import api_keys  # noqa: E402
from nxus.simulator.quickbooks import SimulatedQuickBooks  # noqa: E402
from nxus.simulator.soap_client import build_envelope, parse_result  # noqa: E402

CUSTOMERS = Operation("customers", "list", params={})
INVOICES = Operation(
    "invoices",
    "list",
    params={"includeLineItems": "true", "includeLinkedTransactions": "true"},
)


def qbxml(body: str) -> bytes:
    return (
        '<?xml version="1.0"?><?qbxml version="16.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">'
        f"{body}</QBXMLMsgsRq></QBXML>"
    ).encode()


CUSTOMER_QUERY = qbxml("<CustomerQueryRq/>")
INVOICE_QUERY = qbxml(
    "<InvoiceQueryRq><IncludeLineItems>true</IncludeLineItems>"
    "<IncludeLinkedTxns>true</IncludeLinkedTxns></InvoiceQueryRq>"
)


def add_invoices(qb: SimulatedQuickBooks, count: int) -> None:
    """`count` invoices of three lines, each paid in part (a ReceivePayment linked to it),
    written through the simulator's own qbXML requests."""
    customers = [c for c in qb.company.records["Customer"].values() if "ParentRef" not in c]
    items = list(qb.company.records["ItemService"].values())
    for n in range(count):
        customer = customers[n % len(customers)]["ListID"]
        lines = "".join(
            f"<InvoiceLineAdd><ItemRef><ListID>{items[(n + k) % len(items)]['ListID']}</ListID>"
            f"</ItemRef><Quantity>{k + 1}</Quantity><Rate>{40 + k}.00</Rate></InvoiceLineAdd>"
            for k in range(3)
        )
        answer = qb.process(
            qbxml(
                f"<InvoiceAddRq><InvoiceAdd><CustomerRef><ListID>{customer}</ListID></CustomerRef>"
                f"<RefNumber>B-{n}</RefNumber>{lines}</InvoiceAdd></InvoiceAddRq>"
            )
        )
        txn_id = etree.fromstring(answer).findtext(".//InvoiceRet/TxnID")
        qb.process(
            qbxml(
                f"<ReceivePaymentAddRq><ReceivePaymentAdd><CustomerRef><ListID>{customer}"
                "</ListID></CustomerRef><TotalAmount>20.00</TotalAmount><AppliedToTxnAdd>"
                f"<TxnID>{txn_id}</TxnID><PaymentAmount>20.00</PaymentAmount></AppliedToTxnAdd>"
                "</ReceivePaymentAdd></ReceivePaymentAddRq>"
            )
        )


@dataclass
class Bench:
    app: Flask
    client: FlaskClient
    username: str
    connection_id: uuid.UUID
    headers: dict[str, str]


def setup(tmp: str) -> Bench:
    app = bench_app(f"sqlite:///{tmp}/bench.db", tmp)
    with app.app_context(), new_session(app) as db:
        conn = add_connection(db, "development", f"bench-{uuid.uuid4().hex[:6]}")
        org_id = conn.organization_id
        key = api_keys.create_api_key(db, org_id, "bench", "test").secret
        headers = {"Authorization": f"Bearer {key}", "X-Connection-Id": conn.public_id}
        bench = Bench(app, app.test_client(), conn.qbwc_username, conn.id, headers)
    return bench


def call(client: FlaskClient, method: str, **params: str) -> Any:
    body = build_envelope(method, list(params.items()))
    response = client.post("/qbwc", data=body, content_type="text/xml; charset=utf-8")
    return parse_result(method, response.get_data())


def one_job(bench: Bench, qb: SimulatedQuickBooks, op: Operation) -> tuple[str, uuid.UUID, bytes]:
    """Queue the list as the API does, open a session and take the job; the ticket, the job
    id and the SOAP body that answers it."""
    with new_session(bench.app) as db:
        connection = db.get(Connection, bench.connection_id)
        assert connection is not None
        job_id = quickbooks.submit(db, connection, op).id
    ticket = call(
        bench.client, "authenticate", strUserName=bench.username, strPassword=BENCH_PASSWORD
    )[0]
    request = call(
        bench.client,
        "sendRequestXML",
        ticket=ticket,
        strHCPResponse=qb.hcp_response(),
        strCompanyFileName=qb.company_file,
        qbXMLCountry="US",
        qbXMLMajorVers="16",
        qbXMLMinorVers="0",
    )
    response = qb.process(str(request).encode("utf-8")).decode("utf-8")
    soap = build_envelope(
        "receiveResponseXML",
        [("ticket", ticket), ("response", response), ("hresult", ""), ("message", "")],
    )
    return ticket, job_id, soap


def receive(bench: Bench, soap_body: bytes) -> None:
    """Stage 1: the Web Connector brings the answer."""
    answer = bench.client.post("/qbwc", data=soap_body, content_type="text/xml; charset=utf-8")
    assert answer.status_code == 200


def api_json(bench: Bench, job_id: uuid.UUID) -> int:
    """Stage 2: the API answers with the job's records; the body is consumed chunk by chunk."""
    response = bench.client.get(f"/api/v1/jobs/job_{job_id.hex}", headers=bench.headers)
    assert response.status_code == 200
    size = 0
    for chunk in response.iter_encoded():
        size += len(chunk)
    response.close()
    return size


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--invoices", type=int, default=0, help="list invoices instead")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.invoices:
        qb = SimulatedQuickBooks(records=300)
        add_invoices(qb, args.invoices)
        op, raw = INVOICES, qb.process(INVOICE_QUERY)
        what = f"invoices: {len(qb.company.records['Invoice'])} (3+ lines, paid in part)"
    else:
        qb = SimulatedQuickBooks(customers=args.customers)
        op, raw = CUSTOMERS, qb.process(CUSTOMER_QUERY)
        what = f"customers: {args.customers}"
    receive_s, api_s, size = [], [], 0
    with tempfile.TemporaryDirectory() as tmp:
        bench = setup(tmp)
        bare = best_of(args.runs, lambda: etree.fromstring(raw))
        for _ in range(args.runs):
            ticket, job_id, soap = one_job(bench, qb, op)
            receive_s.append(best_of(1, lambda: receive(bench, soap)))  # noqa: B023
            gc.collect()
            started = time.perf_counter()
            size = api_json(bench, job_id)
            api_s.append(time.perf_counter() - started)
            call(bench.client, "closeConnection", ticket=ticket)
        ticket, job_id, soap = one_job(bench, qb, op)
        gc.collect()
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        receive(bench, soap)
        api_json(bench, job_id)
        peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
        engine_for(bench.app).dispose()
    mb = 1024 * 1024
    ours = min(receive_s) + min(api_s)
    print(
        f"{what}  qbXML: {len(raw) / mb:.1f} MB  SOAP body: "
        f"{len(soap) / mb:.1f} MB  JSON: {size / mb:.1f} MB  C module (nxus/_native.c): "
        f"{'built' if native.available() else 'NOT built: pure Python'}"
    )
    print(
        f"best of {args.runs}: receiveResponseXML {min(receive_s):.3f} s  "
        f"API job -> JSON bytes {min(api_s):.3f} s"
    )
    print(
        f"lxml bare parse: {bare:.3f} s  receiveResponseXML -> JSON: {ours:.3f} s  "
        f"ratio: {ours / bare:.1f}x (target <= 3x)"
    )
    print(
        f"peak memory growth: {peak / mb:.1f} MB  ratio to SOAP body: "
        f"{peak / len(soap):.2f}x (target <= 3x)"
    )


if __name__ == "__main__":
    main()
