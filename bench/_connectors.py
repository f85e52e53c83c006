"""Simulated Web Connectors for the load benchmarks: one thread per connector in this process,
each behaving like QBWC (authenticate per session, NoOp -> 5 s pause, the .qwc schedule,
postpone / minimum run interval from authenticate), each session sent to a host picked at
random from --urls (hosts without a balancer). Stops on SIGINT/SIGTERM.

    python bench/_connectors.py --urls http://127.0.0.1:8001,http://127.0.0.1:8002 \
        --connector USER:FILEID:SEED [--connector ...] [--records 600] [--every 60]
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import random
import signal
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._server import WC_PASSWORD  # noqa: E402
from nxus.simulator.quickbooks import SimulatedQuickBooks  # noqa: E402
from nxus.simulator.report import SessionState  # noqa: E402
from nxus.simulator.scheduler import WebConnectorScheduler  # noqa: E402
from nxus.simulator.soap_client import SoapTransport  # noqa: E402
from nxus.simulator.web_connector import SimulatedWebConnector  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--urls", required=True)
    parser.add_argument("--connector", action="append", required=True)
    parser.add_argument("--records", type=int, default=600)
    parser.add_argument("--every", type=float, default=60.0)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    urls = [u.rstrip("/") + "/qbwc" for u in args.urls.split(",")]
    alive = list(urls)
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threads = []
    for spec in args.connector:
        username, file_id, seed = spec.split(":")
        connector = SimulatedWebConnector(
            random.choice(urls),
            username,
            WC_PASSWORD,
            SimulatedQuickBooks(records=args.records, seed=int(seed)),
            file_id=file_id,
            stop_event=stop,
        )

        def next_host(report: Any, connector: SimulatedWebConnector = connector) -> None:
            """A random host for the next session; one that could not be reached is left out
            from then on (a balancer's health check would do the same)."""
            if report.state == SessionState.TRANSPORT_ERROR and len(alive) > 1:
                with contextlib.suppress(ValueError):
                    alive.remove(connector.url)
            url = random.choice(alive)
            connector.url = url
            connector.transport = SoapTransport(url, timeout=connector.http_timeout)

        scheduler = WebConnectorScheduler(connector, args.every, on_report=next_host)
        thread = threading.Thread(target=scheduler.run_forever, args=(stop,), daemon=True)
        thread.start()
        threads.append(thread)
        stop.wait(0.02)  # a staggered start, as real machines would be
    stop.wait()
    for thread in threads:
        thread.join(timeout=20)


if __name__ == "__main__":
    main()
