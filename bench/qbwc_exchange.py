"""Benchmark: full sendRequestXML + receiveResponseXML exchanges per second through nXus under
gunicorn, against a bare Flask endpoint answering a fixed SOAP reply under the same gunicorn
settings in the same run. Prints both rates and their ratio (no thresholds: machines differ).

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
ANSWER = (
    '<?xml version="1.0" ?><QBXML><QBXMLMsgsRs><CustomerQueryRs requestID="{rid}" statusCode="0" '
    'statusSeverity="Info" statusMessage="Status OK"><CustomerRet><ListID>80000001-1</ListID>'
    "<Name>Abercrombie, Kristy</Name></CustomerRet></CustomerQueryRs></QBXMLMsgsRs></QBXML>"
)
BARE_APP = """
from flask import Flask, Response, request
app = Flask(__name__)
REPLY = (b'<?xml version="1.0" encoding="utf-8"?><soap:Envelope '
         b'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
         b'<sendRequestXMLResponse xmlns="http://developer.intuit.com/"><sendRequestXMLResult>'
         b'x</sendRequestXMLResult></sendRequestXMLResponse></soap:Body></soap:Envelope>')
@app.post("/qbwc")
def qbwc():
    request.get_data()
    return Response(REPLY, content_type="text/xml; charset=utf-8")
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


def run_nxus(url: str, n_jobs: int) -> float:
    http = requests.Session()
    ticket = result_of(
        http.post(
            url, data=envelope("authenticate", strUserName="bench", strPassword=BENCH_PASSWORD)
        ).content,
        "authenticate",
    )[0]
    assert ticket
    done = 0
    t0 = time.perf_counter()
    while done < n_jobs:
        request = result_of(
            http.post(
                url,
                data=envelope(
                    "sendRequestXML",
                    ticket=ticket,
                    strHCPResponse="",
                    strCompanyFileName=r"C:\b.qbw",
                    qbXMLCountry="US",
                    qbXMLMajorVers="13",
                    qbXMLMinorVers="0",
                ),
            ).content,
            "sendRequestXML",
        )
        assert isinstance(request, str) and "CustomerQueryRq" in request, request[:200]
        rid = request.split('requestID="', 1)[1].split('"', 1)[0]
        progress = int(
            result_of(
                http.post(
                    url,
                    data=envelope(
                        "receiveResponseXML",
                        ticket=ticket,
                        response=ANSWER.format(rid=rid),
                        hresult="",
                        message="",
                    ),
                ).content,
                "receiveResponseXML",
            )
        )
        done += 1
        assert progress >= 0
    elapsed = time.perf_counter() - t0
    http.post(url, data=envelope("closeConnection", ticket=ticket))
    return n_jobs / elapsed


def run_bare(url: str, n: int) -> float:
    http = requests.Session()
    send = envelope(
        "sendRequestXML",
        ticket="t" * 43,
        strHCPResponse="",
        strCompanyFileName=r"C:\b.qbw",
        qbXMLCountry="US",
        qbXMLMajorVers="13",
        qbXMLMinorVers="0",
    )
    receive = envelope(
        "receiveResponseXML",
        ticket="t" * 43,
        response=ANSWER.format(rid="x"),
        hresult="",
        message="",
    )
    t0 = time.perf_counter()
    for _ in range(n):
        assert http.post(url, data=send).status_code == 200
        assert http.post(url, data=receive).status_code == 200
    return n / (time.perf_counter() - t0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        env, _user = setup(tmp, args.jobs + 20)
        (tmp / "bare.py").write_text(BARE_APP)
        nxus_proc, nxus_url = start("app:app", ROOT, env, args.threads)
        bare_proc, bare_url = start("bare:app", tmp, env, args.threads)
        try:
            run_bare(bare_url, 20)  # warm-up both
            rate_bare = run_bare(bare_url, args.jobs)
            rate_nxus = run_nxus(nxus_url, args.jobs)
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


if __name__ == "__main__":
    main()
