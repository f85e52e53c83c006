"""What a simulated Web Connector session did, in a form tests and the CLI can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

REDACTED = "********"
_SUMMARY_LIMIT = 120
# A session's lists keep their first entries only: a keep-warm session (the sample company in
# the portal, `simulate --forever`, the benchmarks) runs for hours, and kept every call with
# its qbXML in memory (~300 MB after 100,000 requests).
HISTORY_LIMIT = 1000

T = TypeVar("T")


class History(list[T]):
    """The first HISTORY_LIMIT entries of what a session did, and `total`: how many there were."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0

    def append(self, item: T) -> None:
        self.total += 1
        if len(self) < HISTORY_LIMIT:
            super().append(item)


class SessionState(StrEnum):
    """How an update session ended (what QBWC's status column would show)."""

    COMPLETED = "completed"  # progress 100 (or no more work) and closeConnection called
    NO_WORK = "no_work"  # authenticate: none
    BUSY = "busy"  # authenticate: busy (postponed)
    INVALID_USER = "invalid_user"  # authenticate: nvu
    VERSION_REJECTED = "version_rejected"  # clientVersion E: or O:
    CONNECTION_ERROR = "connection_error"  # QuickBooks could not open the company file
    SERVER_ERROR = "server_error"  # negative progress, an error text, an unusable answer
    TRANSPORT_ERROR = "transport_error"  # HTTP failure, timeout, SOAP fault
    STOPPED = "stopped"  # stop requested while the session ran


# End states that are not a failure: the Web Connector would show no error.
OK_STATES = frozenset(
    {SessionState.COMPLETED, SessionState.NO_WORK, SessionState.BUSY, SessionState.STOPPED}
)


def summarize(name: str, value: str) -> str:
    """An argument as the report keeps it: passwords redacted, long texts shortened."""
    if name == "strPassword":
        return REDACTED
    if len(value) <= _SUMMARY_LIMIT:
        return value
    return f"{value[:60]}… ({len(value)} chars)"


@dataclass
class CallRecord:
    """One SOAP call: method, summarized arguments, result, duration, error."""

    method: str
    args: dict[str, str]
    result: str | list[str] | None = None
    seconds: float = 0.0
    http_status: int | None = None
    error: str | None = None
    error_kind: str | None = None  # transport | timeout | http | fault | protocol
    request_bytes: int = 0
    response_bytes: int = 0


@dataclass
class AuthOutcome:
    """What authenticate answered, decoded the way QBWC reads it."""

    raw: list[str]
    ticket: str
    # ok ("" or a company file path) | none | nvu | busy
    status: str
    company_file: str = ""
    postpone_seconds: int | None = None
    min_run_every_seconds: int | None = None


@dataclass
class Exchange:
    """One request handed out by sendRequestXML and what went back in receiveResponseXML."""

    request: str
    response: str
    hresult: str = ""
    message: str = ""
    progress: int | None = None


@dataclass
class SessionReport:
    url: str
    username: str
    started_at: datetime
    finished_at: datetime | None = None
    state: SessionState = SessionState.STOPPED
    calls: History[CallRecord] = field(default_factory=History)
    server_version: str | None = None
    client_version_result: str | None = None
    auth: AuthOutcome | None = None
    company_file: str | None = None  # the file the simulated QuickBooks opened
    hcp_sent: bool = False
    exchanges: History[Exchange] = field(default_factory=History)
    progress: History[int] = field(default_factory=History)
    errors: History[str] = field(default_factory=History)
    warnings: History[str] = field(default_factory=History)
    last_errors: History[str] = field(default_factory=History)  # getLastError answers
    connection_error: tuple[str, str] | None = None  # (hresult, message) sent
    noop_pauses: int = 0
    delivered: int = 0  # receiveResponseXML calls that went through
    closed: bool = False
    close_result: str | None = None

    @property
    def ok(self) -> bool:
        return self.state in OK_STATES

    @property
    def methods(self) -> list[str]:
        return [call.method for call in self.calls]

    @property
    def requests(self) -> int:
        """qbXML requests received from sendRequestXML."""
        return self.exchanges.total

    @property
    def responses(self) -> int:
        """Responses (or HRESULTs) delivered with receiveResponseXML."""
        return self.delivered

    @property
    def ticket(self) -> str | None:
        return self.auth.ticket if self.auth else None

    def call(self, method: str) -> CallRecord:
        """The first call of `method` (KeyError when there was none)."""
        for record in self.calls:
            if record.method == method:
                return record
        raise KeyError(method)

    def summary(self) -> str:
        """A few human lines: outcome, company file, calls, errors."""
        lines = [f"Session {self.state.value}: {self.calls.total} SOAP calls, "]
        lines[0] += f"{self.requests} requests, {self.responses} responses"
        if self.company_file:
            lines.append(f"Company file: {self.company_file}")
        if self.progress:
            lines.append("Progress: " + " ".join(str(p) for p in self.progress))
        lines.extend(f"Warning: {w}" for w in self.warnings)
        lines.extend(f"Error: {e}" for e in self.errors)
        return "\n".join(lines)
