"""`flask nxus simulate CONNECTION`: run the simulated Web Connector + QuickBooks against a
running nXus server (registered on the `nxus` group by nxus/cli.py)."""

from __future__ import annotations

import os
import threading
import urllib.error
import urllib.request
from collections.abc import Callable

import click
from flask import current_app
from flask.cli import with_appcontext

from nxus.db import get_session, new_session
from nxus.models import Connection
from nxus.services import connections, sample_company
from nxus.services.errors import ServiceError
from nxus.simulator.report import CallRecord, SessionReport
from nxus.simulator.scheduler import WebConnectorScheduler
from nxus.simulator.web_connector import SimulatedWebConnector


def _print_call(record: CallRecord) -> None:
    outcome = record.error or (
        record.result if isinstance(record.result, str) else ", ".join(record.result or [])
    )
    if isinstance(outcome, str) and len(outcome) > 100:
        outcome = f"{outcome[:60]}… ({len(outcome)} chars)"
    click.echo(f"  {record.method} → {outcome!r} ({record.seconds * 1000:.0f} ms)")


def _status_line(connection_id: object) -> str:
    with new_session() as session:
        connection = session.get(Connection, connection_id)
        if connection is None:
            return "The connection no longer exists."
        if connection.last_connected_at is None:
            return f"Connection {connection.public_id}: not connected yet."
        sample = "yes" if connection.is_sample_file else "no"
        return (
            f"Connection {connection.public_id}: connected to {connection.company_name!r} "
            f"(sample file: {sample})."
        )


def default_url(public_url: str | None) -> str:
    """Where `make run` serves: NXUS_PUBLIC_URL, else the HOST and PORT it binds (as
    config/gunicorn.conf.py does; a wildcard bind is reached on 127.0.0.1)."""
    if public_url:
        return public_url.rstrip("/")
    host = os.environ.get("HOST", "").strip() or "127.0.0.1"
    if host in ("0.0.0.0", "::"):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{os.environ.get('PORT', '').strip() or '8000'}"


def check_reachable(base: str, timeout: float = 5.0) -> None:
    """Ask the server's /qbwc probe; a ClickException (nothing changed) when nothing answers
    there."""
    try:
        url = sample_company.qbwc_url(base)
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from None
    why: str | None = None
    try:
        with urllib.request.urlopen(url, timeout=timeout):  # noqa: S310 (http/s only)
            pass
    except urllib.error.HTTPError as exc:
        exc.close()  # an HTTP answer, whatever its status: the server is there
    except (urllib.error.URLError, OSError) as exc:
        why = str(getattr(exc, "reason", exc))
    if why is not None:
        raise click.ClickException(
            f"Cannot reach nXus at {base} ({why}). No password was changed. Start the server "
            "(make run), or give its address with --url or NXUS_PUBLIC_URL (PORT and HOST as "
            "for make run)."
        )


def _prepare(
    ref: str, password: str | None, before_changes: Callable[[], None]
) -> tuple[Connection, str]:
    """The connection and the password to use; `before_changes` runs once the connection is
    known to be usable and before anything is written (the server's reachability check)."""
    session = get_session()
    try:
        connection = connections.find_any(session, ref)
        if password is None:
            try:
                sample_company.check_usable(connection)
            except sample_company.ProductionConnectionRefused:
                raise click.ClickException(
                    "A production connection needs an explicit --password (nXus will not "
                    "replace the password its real Web Connector uses)."
                ) from None
        before_changes()
        if password is None:
            password = connections.generate_password(session, connection)
            click.echo(
                f"Generated a new Web Connector password for {connection.public_id} "
                "(the previous one no longer works)."
            )
        if connections.queue_first_exchange(session, connection):
            click.echo("Queued a CompanyQueryRq so that the first session reads the company.")
        # End the transaction now: never hold it (on SQLite: the write lock) while the
        # server works. Commit, not rollback: the loaded connection must stay loaded.
        session.commit()
    except ServiceError as exc:
        session.rollback()
        raise click.ClickException(str(exc)) from None
    except click.ClickException:
        session.rollback()
        raise
    return connection, password


class _Progress:
    """Short live notes while a session runs (every call too, with -v)."""

    def __init__(self, verbose: bool, stop: threading.Event) -> None:
        self.verbose = verbose
        self.stop = stop
        self.exchanged = False
        self.warm = False

    def __call__(self, record: CallRecord) -> None:
        if self.verbose:
            _print_call(record)
        if record.method == "receiveResponseXML" and not self.exchanged and not record.error:
            self.exchanged = True
            click.echo("First request answered: the connection is connected.")
        noop = record.method == "getLastError" and record.result == "NoOp"
        if noop and not self.warm and not self.stop.is_set():
            self.warm = True
            click.echo(
                "The server keeps the session warm for new work (NoOp pauses, like QBWC); "
                "press Ctrl-C to end it now."
            )


def _in_background(connector: SimulatedWebConnector, target: Callable[[], object]) -> None:
    """Run `target` in a thread so that Ctrl-C stops the connector cleanly (the session in
    progress ends with closeConnection at its next step)."""
    done = threading.Event()

    def work() -> None:
        try:
            target()
        finally:
            done.set()

    # Wait on an Event, not Thread.join: an interrupted join can leave the thread looking
    # finished while it still runs (Python < 3.12).
    threading.Thread(target=work, name="nxus-simulate", daemon=True).start()
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        click.echo("Stopping: the session in progress ends first…")
        connector.stop()
        done.wait()


def _run(connector: SimulatedWebConnector, once: bool, every: float) -> SessionReport | None:
    scheduler = WebConnectorScheduler(connector, every, keep_reports=1)
    if once:
        _in_background(connector, lambda: scheduler.run(1))
        if scheduler.reports:
            click.echo(scheduler.reports[-1].summary())
    else:
        scheduler.on_report = lambda done: click.echo(done.summary().splitlines()[0])
        _in_background(connector, lambda: scheduler.run_forever(connector.stop_event))
    return scheduler.reports[-1] if scheduler.reports else None


@click.command("simulate")
@click.argument("connection_ref", metavar="CONNECTION")
@click.option(
    "--url",
    default=None,
    help="nXus address [NXUS_PUBLIC_URL, else http://$HOST:$PORT as make run binds, "
    "127.0.0.1:8000].",
)
@click.option("--password", default=None, help="QBWC password (default: generate a new one).")
@click.option("--once/--forever", default=True, help="One update session, or poll until Ctrl-C.")
@click.option("--qb-year", type=click.IntRange(2006, 2024), default=2024, show_default=True)
@click.option("--records", type=click.IntRange(min=1), default=3000, show_default=True)
@click.option("--every", type=click.FloatRange(min=0.1), default=60.0, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True, help="Sample company seed.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=100.0, show_default=True)
@click.option("-v", "--verbose", is_flag=True, help="Print every SOAP call.")
@with_appcontext
def simulate(
    connection_ref: str,
    url: str | None,
    password: str | None,
    once: bool,
    qb_year: int,
    records: int,
    every: float,
    seed: int,
    timeout: float,
    verbose: bool,
) -> None:
    """Connect CONNECTION (conn_<hex>, UUID or externalId) to a simulated QuickBooks sample
    company through a simulated Web Connector, like QBWC on Windows would. Without
    --password a new Web Connector password is generated (development connections only)."""
    base = url or default_url(current_app.config.get("PUBLIC_URL"))
    connection, password = _prepare(connection_ref, password, lambda: check_reachable(base))
    try:
        connector = sample_company.build_connector(
            connection,
            password,
            base,
            records=records,
            qb_year=qb_year,
            seed=seed,
            http_timeout=timeout,
        )
    except ServiceError as exc:
        raise click.ClickException(str(exc)) from None
    connector.on_call = _Progress(verbose, connector.stop_event)
    qb = connector.quickbooks
    click.echo(f"Simulating QuickBooks {qb.edition} {qb.qb_year}, company {qb.company_name!r}")
    click.echo(f"Web Connector → {connector.url} as {connector.username}")
    last = _run(connector, once, every)
    click.echo(_status_line(connection.id))
    if last is not None and not last.ok:
        raise click.exceptions.Exit(1)
