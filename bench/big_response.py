"""Benchmark: a 20,000-customer CustomerQueryRs (~20 MB of qbXML, ~28 MB of SOAP body) through
receiveResponseXML to the JSON the API returns, against lxml's bare parse of the same qbXML.

Pipeline measured: POST /qbwc receiveResponseXML (envelope parse, job completed, stored) ->
the waiting API call's outcome (streaming parse of the stored response, every Ret mapped to
SDK JSON) -> json.dumps. Prints the time ratio to `lxml.etree.fromstring(qbxml)` (target <= 3x)
and the peak Python memory growth (tracemalloc, a separate run) as a ratio to the SOAP body
size (target <= 3x). No thresholds are asserted: machines differ.

    .venv/bin/python bench/big_response.py [--customers 20000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from nxus import create_app  # noqa: E402
from nxus.db import Base, engine_for, new_session  # noqa: E402
from nxus.models import Connection, Job, Organization  # noqa: E402
from nxus.security import hash_password  # noqa: E402
from nxus.services import jobs, quickbooks  # noqa: E402
from nxus.services.jobs import JobResult  # noqa: E402
from nxus.services.qb_requests import Operation  # noqa: E402
from nxus.simulator.quickbooks import SimulatedQuickBooks  # noqa: E402
from nxus.simulator.soap_client import build_envelope, parse_result  # noqa: E402

OP = Operation("customers", "list", params={}, built_for="16.0")


def setup(tmp: str, qbxml_response: str) -> tuple[object, object, str]:
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp}/bench.db",
            "INSTANCE_PATH": tmp,
            "SECRET_KEY": "bench",
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 8,
            "ARGON2_PARALLELISM": 1,
            "QBWC_KEEP_WARM_SECONDS": 0,
            "QBWC_EXCHANGE_BODY_RETENTION_DAYS": 0,
        }
    )
    Base.metadata.create_all(engine_for(app))
    with app.app_context(), new_session(app) as db:
        org = Organization(name="Bench")
        db.add(org)
        db.flush()
        conn = Connection(
            organization_id=org.id,
            mode="development",
            qbwc_username=f"bench-{uuid.uuid4().hex[:6]}",
            qbwc_password_hash=hash_password("pw"),
        )
        db.add(conn)
        db.commit()
        username = conn.qbwc_username
    return app, app.test_client(), username


def call(client: object, method: str, **params: str) -> object:
    body = build_envelope(method, list(params.items()))
    response = client.post("/qbwc", data=body, content_type="text/xml; charset=utf-8")  # type: ignore[attr-defined]
    return parse_result(method, response.get_data())


def one_job(app: object, client: object, username: str, qb: SimulatedQuickBooks) -> bytes:
    """Queue a customer list, open a session and take the job; the SOAP body to answer it."""
    with new_session(app) as db:  # type: ignore[arg-type]
        conn_id = db.query(Connection.id).filter_by(qbwc_username=username).scalar()
        jobs.submit_qbxml(
            db,
            conn_id,
            '<?qbxml version="16.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">'
            "<CustomerQueryRq/></QBXMLMsgsRq></QBXML>",
            operation=OP.to_json(),
        )
    ticket = call(client, "authenticate", strUserName=username, strPassword="pw")[0]  # type: ignore[index]
    request = call(
        client,
        "sendRequestXML",
        ticket=ticket,
        strHCPResponse=qb.hcp_response(),
        strCompanyFileName=qb.company_file,
        qbXMLCountry="US",
        qbXMLMajorVers="16",
        qbXMLMinorVers="0",
    )
    response = qb.process(str(request).encode("utf-8")).decode("utf-8")
    return ticket, build_envelope(  # type: ignore[return-value]
        "receiveResponseXML",
        [("ticket", ticket), ("response", response), ("hresult", ""), ("message", "")],
    )


def pipeline(app: object, client: object, soap_body: bytes) -> int:
    answer = client.post("/qbwc", data=soap_body, content_type="text/xml; charset=utf-8")  # type: ignore[attr-defined]
    assert answer.status_code == 200
    with new_session(app) as db:  # type: ignore[arg-type]
        job = db.query(Job).filter(Job.state == "done").order_by(Job.finished_at.desc()).first()
        result = JobResult.of(job)
        db.rollback()
    rendered = quickbooks.outcome(app, OP, result)  # type: ignore[arg-type]
    return len(json.dumps({"data": rendered.body}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=20_000)
    args = parser.parse_args()
    qb = SimulatedQuickBooks(customers=args.customers)
    raw = qb.process(
        b'<?xml version="1.0"?><?qbxml version="16.0"?><QBXML><QBXMLMsgsRq onError="stopOnError">'
        b"<CustomerQueryRq/></QBXMLMsgsRq></QBXML>"
    )
    with tempfile.TemporaryDirectory() as tmp:
        app, client, username = setup(tmp, raw.decode())
        ticket, soap = one_job(app, client, username, qb)
        started = time.perf_counter()
        etree.fromstring(raw)
        bare = time.perf_counter() - started
        started = time.perf_counter()
        size = pipeline(app, client, soap)
        ours = time.perf_counter() - started
        call(client, "closeConnection", ticket=ticket)
        _, soap2 = one_job(app, client, username, qb)
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        pipeline(app, client, soap2)
        peak = tracemalloc.get_traced_memory()[1] - base
        tracemalloc.stop()
        engine_for(app).dispose()
    mb = 1024 * 1024
    print(
        f"customers: {args.customers}  qbXML: {len(raw) / mb:.1f} MB  SOAP body: "
        f"{len(soap) / mb:.1f} MB  JSON: {size / mb:.1f} MB"
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
