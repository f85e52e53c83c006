"""Benchmark: full sendRequestXML + receiveResponseXML exchanges per second through nXus under
gunicorn, against a bare Flask endpoint answering a fixed SOAP reply under the same gunicorn
settings in the same run, driven by the same client loop (the bare endpoint answers each
method with a fixed reply of the same shape). Prints both rates and their ratio (no thresholds:
machines differ), and checks that every job, the session and every exchange row was stored.

    .venv/bin/python bench/qbwc_exchange.py [--jobs 300] [--threads 4]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._setup import BENCH_PASSWORD, add_connection, bench_app  # noqa: E402
from nxus.db import engine_for, new_session  # noqa: E402
from nxus.services import jobs  # noqa: E402

QUERY = (
    '<?qbxml version="13.0"?><QBXML><QBXMLMsgsRq onError="stopOnError"><CustomerQueryRq>'
    "<MaxReturned>1</MaxReturned></CustomerQueryRq></QBXMLMsgsRq></QBXML>"
)
# Untimed exchanges first on each server (imports, caches, connection pools).
WARM_UP = 20
ANSWER = (
    '<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><CustomerQueryRs requestID="{rid}" statusCode="0" '
    'statusSeverity="Info" statusMessage="Status OK"><CustomerRet><ListID>80000001-1</ListID>'
    "<Name>Abercrombie, Kristy</Name></CustomerRet></CustomerQueryRs></QBXMLMsgsRs></QBXML>"
)
BARE_APP = """
from flask import Flask, Response, request
app = Flask(__name__)
HEAD = (b'<?xml version="1.0" encoding="utf-8"?><soap:Envelope '
        b'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>')
TAIL = b'</soap:Body></soap:Envelope>'
SEND = (HEAD + b'<sendRequestXMLResponse xmlns="http://developer.intuit.com/"><sendRequestXMLResult>'
        b'&lt;?qbxml version="13.0"?&gt;&lt;QBXML&gt;&lt;QBXMLMsgsRq onError="stopOnError"&gt;'
        b'&lt;CustomerQueryRq requestID="x"&gt;&lt;MaxReturned&gt;1&lt;/MaxReturned&gt;'
        b'&lt;/CustomerQueryRq&gt;&lt;/QBXMLMsgsRq&gt;&lt;/QBXML&gt;'
        b'</sendRequestXMLResult></sendRequestXMLResponse>' + TAIL)
RECEIVE = (HEAD + b'<receiveResponseXMLResponse xmlns="http://developer.intuit.com/">'
           b'<receiveResponseXMLResult>0</receiveResponseXMLResult>'
           b'</receiveResponseXMLResponse>' + TAIL)
@app.post("/qbwc")
def qbwc():
    body = request.get_data()
    reply = RECEIVE if b"receiveResponseXML" in body else SEND
    return Response(reply, content_type="text/xml; charset=utf-8")
"""


def envelope(method: str, **params: str) -> bytes:
    from lxml import etree

    soap = "http://schemas.xmlsoap.org/soap/envelope/"
    intuit = "http://developer.intuit.com/"
    root = etree.Element(f"{{{soap}}}Envelope", nsmap={"soap": soap})
    op = etree.SubElement(
        etree.SubElement(root, f"{{{soap}}}Body"), f"{{{intuit}}}{method}", nsmap={None: intuit}
    )
    for name, value in params.items():
        etree.SubElement(op, f"{{{intuit}}}{name}").text = value or None
    return b'<?xml version="1.0" encoding="utf-8"?>' + etree.tostring(root)


def result_of(data: bytes, method: str) -> list[str] | str:
    from lxml import etree

    root = etree.fromstring(data)
    ns = "{http://developer.intuit.com/}"
    result = root.find(f".//{ns}{method}Result")
    assert result is not None, data[:300]
    items = result.findall(f"{ns}string")
    return [i.text or "" for i in items] if items else (result.text or "")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(
    app_spec: str, cwd: Path, env: dict[str, str], threads: int
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-k",
            "gthread",
            "-w",
            "1",
            "--threads",
            str(threads),
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app_spec,
        ],
        cwd=cwd,
        env=env,
    )
    url = f"http://127.0.0.1:{port}/qbwc"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            requests.post(url, data=b"", timeout=5)
            return proc, url
        except requests.RequestException:
            time.sleep(0.05)
    proc.terminate()
    raise RuntimeError(f"{app_spec} did not start")


def setup(tmp: Path, n_jobs: int) -> tuple[dict[str, str], str]:
    env = {
        **os.environ,
        "NXUS_DATABASE_URL": f"sqlite:///{tmp / 'bench.db'}",
        "NXUS_INSTANCE_PATH": str(tmp / "instance"),
        "NXUS_SECRET_KEY": "bench",
        "NXUS_ARGON2_TIME_COST": "1",
        "NXUS_ARGON2_MEMORY_COST": "8",
        "NXUS_ARGON2_PARALLELISM": "1",
        "NXUS_QBWC_KEEP_WARM_SECONDS": "0",
        "NXUS_LOG_LEVEL": "WARNING",
    }
    app = bench_app(env["NXUS_DATABASE_URL"], env["NXUS_INSTANCE_PATH"])
    with app.app_context(), new_session(app) as db:
        conn = add_connection(db, "production", "bench")
        for _ in range(n_jobs):
            jobs.submit_qbxml(db, conn.id, QUERY, commit=False)
        db.commit()
    engine_for(app).dispose()
    return env, "bench"


def exchange(http: requests.Session, url: str, send: bytes, ticket: str) -> int:
    """One sendRequestXML + receiveResponseXML as QBWC makes it: the same client work against
    either server (the bare one answers each method with a fixed reply of the same shape)."""
    request = result_of(http.post(url, data=send).content, "sendRequestXML")
    assert isinstance(request, str) and "CustomerQueryRq" in request, request[:200]
    rid = request.split('requestID="', 1)[1].split('"', 1)[0]
    receive = envelope(
        "receiveResponseXML", ticket=ticket, response=ANSWER.format(rid=rid), hresult="", message=""
    )
    progress = int(result_of(http.post(url, data=receive).content, "receiveResponseXML"))
    assert progress >= 0
    return progress


def send_envelope(ticket: str) -> bytes:
    return envelope(
        "sendRequestXML",
        ticket=ticket,
        strHCPResponse="",
        strCompanyFileName=r"C:\b.qbw",
        qbXMLCountry="US",
        qbXMLMajorVers="13",
        qbXMLMinorVers="0",
    )


def run(url: str, n: int, ticket: str, warm_up: int) -> float:
    """Exchanges per second over `n` exchanges, after `warm_up` untimed ones."""
    http = requests.Session()
    send = send_envelope(ticket)
    for _ in range(warm_up):
        exchange(http, url, send, ticket)
    t0 = time.perf_counter()
    for _ in range(n):
        exchange(http, url, send, ticket)
    return n / (time.perf_counter() - t0)


def authenticate(url: str) -> str:
    reply = requests.post(
        url, data=envelope("authenticate", strUserName="bench", strPassword=BENCH_PASSWORD)
    ).content
    ticket = result_of(reply, "authenticate")[0]
    assert ticket
    return ticket


def count_rows(database_url: str) -> dict[str, float]:
    """What the run left in the database: every job, ticket and exchange row is persisted."""
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as conn:
        counts = {
            "done": conn.scalar(text("SELECT count(*) FROM jobs WHERE state = 'done'")),
            "sessions": conn.scalar(text("SELECT count(*) FROM qbwc_sessions")),
            "exchanges": conn.scalar(text("SELECT count(*) FROM qbwc_exchanges")),
        }
        # The time each call spent in nXus's own code (parse to commit), as the log records it.
        spent = conn.execute(
            text(
                "SELECT method, avg(duration_ms) FROM qbwc_exchanges WHERE method IN"
                " ('sendRequestXML', 'receiveResponseXML') GROUP BY method"
            )
        ).all()
    engine.dispose()
    return {
        **{k: int(v or 0) for k, v in counts.items()},
        **{f"ms {method}": round(float(ms), 3) for method, ms in spent},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env, _user = setup(tmp, args.jobs + WARM_UP)
        (tmp / "bare.py").write_text(BARE_APP)
        nxus_proc, nxus_url = start("app:app", ROOT, env, args.threads)
        bare_proc, bare_url = start("bare:app", tmp, env, args.threads)
        try:
            rate_bare = run(bare_url, args.jobs, "t" * 43, WARM_UP)
            ticket = authenticate(nxus_url)
            rate_nxus = run(nxus_url, args.jobs, ticket, WARM_UP)
            requests.post(nxus_url, data=envelope("closeConnection", ticket=ticket))
            persisted = count_rows(env["NXUS_DATABASE_URL"])
        finally:
            for proc in (nxus_proc, bare_proc):
                proc.terminate()
                proc.wait(timeout=20)
    print(
        f"qbwc exchange (sendRequestXML + receiveResponseXML), {args.jobs} exchanges, "
        f"gunicorn gthread 1 worker x {args.threads} threads, SQLite"
    )
    print(f"  nXus /qbwc        : {rate_nxus:8.1f} exchanges/s")
    print(f"  bare Flask        : {rate_bare:8.1f} exchanges/s")
    print(f"  ratio nXus / bare : {rate_nxus / rate_bare:8.3f}")
    print(
        f"  persisted         : {persisted['done']} jobs done, {persisted['sessions']} session "
        f"(ticket), {persisted['exchanges']} exchange log rows"
    )
    logged = {k.removeprefix("ms "): v for k, v in persisted.items() if k.startswith("ms ")}
    print(f"  logged ms per call: {logged} (parse to commit, inside nXus)")
    expected = args.jobs + WARM_UP
    assert persisted["done"] == expected, persisted
    assert persisted["exchanges"] >= 2 * expected + 2, persisted


if __name__ == "__main__":
    main()
