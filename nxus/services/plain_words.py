"""The portal's logs in plain words: what each Web Connector call did, why a row counts as a
problem, what a job asked QuickBooks for and how it ended. The raw values (method names,
qbXML status codes, QuickBooks' own messages) stay beside these words for whoever needs them.
Pure: reads rows, never the database."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nxus.models.qbwc import Job, QbwcExchange
from nxus.qbxml.status import status_info
from nxus.services import diagnostics

METHODS: dict[str, str] = {
    "serverVersion": "Asked for nXus's version",
    "clientVersion": "Told nXus its own version",
    "authenticate": "Signed in",
    "sendRequestXML": "Asked for work",
    "receiveResponseXML": "Delivered QuickBooks' answer",
    "connectionError": "Reported that QuickBooks could not be reached",
    "getLastError": "Asked what went wrong",
    "closeConnection": "Ended the session",
}
# Exchange results (nxus.qbwc.*) -> (words, problem?)
_RESULTS: dict[str, tuple[str, bool]] = {
    "ok": ("accepted", False),
    "upgrade recommended": ("accepted; a newer Web Connector is recommended", False),
    "upgrade required": ("refused: this Web Connector is too old, upgrade it", True),
    "nvu": ("refused: wrong user name or password", True),
    "nvu (throttled)": ("refused: too many wrong passwords, locked for a while", True),
    "nvu (connection disabled)": ("refused: the connection is archived or turned off", True),
    "busy": ("another session of this connection is running; asked to come back later", False),
    "none": (
        "nothing was waiting; the Web Connector comes back at its next scheduled visit",
        False,
    ),
    "ticket": ("a session opened for the requests waiting", False),
    "ticket (first connection)": ("a first session opened, to learn the company file", False),
    "held: NoOp": (
        "nothing to send yet: asked the Web Connector to wait a moment and ask again "
        "(keeps the session ready for new requests)",
        False,
    ),  # fmt: skip
    "NoOp": ("pause a moment, then ask again for work", False),
    "final request": ("sent one last small request to end the session", False),
    "session ended": ("the session was already over", False),
    "unknown ticket": ("refused: an unknown or expired session", True),
    "unknown ticket: 100": ("ignored: an unknown or expired session", True),
    "stale job": ("an answer nobody waited for any more (the request had been given up)", False),
    "unreadable response": ("QuickBooks' answer could not be read", True),
    "error text": ("told it what went wrong", False),
    "no error": ("nothing went wrong", False),
    "done": ("the session ends", False),
    "done (unknown ticket)": ("the session ends (it was already unknown)", True),
    "OK (unknown ticket)": ("the session was already unknown", False),
    "Done": ("done", False),
    "rejected": ("refused: nXus does not use interactive mode", False),
    "no interactive mode": ("refused: nXus does not use interactive mode", False),
}
_JOB_RESULT = re.compile(r"^job [0-9a-f-]{36}$")


@dataclass(frozen=True)
class Words:
    text: str
    problem: str | None = None  # why this row is a problem, in words


def method_words(method: str) -> str:
    return METHODS.get(method, method)


def _result_words(method: str, result: str) -> tuple[str, str | None]:
    """(words, problem) for the result column of one call."""
    if method == "serverVersion" and result:
        return f"answered {result}", None
    if method == "closeConnection" and result.startswith("closed ("):
        state = result[len("closed (") : -1]
        return "session closed" + ("" if state == "closed" else f" ({state})"), None
    if _JOB_RESULT.match(result):
        return "sent a request to QuickBooks", None
    if method == "receiveResponseXML" and result.lstrip("-").isdigit():
        progress = int(result)
        if progress >= 100:
            return "QuickBooks answered; nothing more waiting", None
        if progress >= 0:
            return f"QuickBooks answered; more requests waiting ({progress}% done)", None
        return "QuickBooks could not answer", "QuickBooks could not answer"
    for prefix, words in (
        ("-101 ", lambda rest: "QuickBooks reported an error: "
         + diagnostics.explain_hresult(rest).title),
        ("refused: ", lambda rest: "refused: " + rest.replace("_", " ")),
        ("fault", lambda rest: "nXus could not understand the call"
         + (f" ({rest.lstrip(': ')})" if rest.strip(": ") else "")),
    ):  # fmt: skip
        if result.startswith(prefix):
            text = words(result[len(prefix) :])
            return text, text
    if result in _RESULTS:
        text, is_problem = _RESULTS[result]
        return text, text if is_problem else None
    return result or "—", None


def exchange_words(x: QbwcExchange) -> Words:
    """What the call did, and why it is a problem when it is one (the same rows as the log's
    "Problems only" filter)."""
    text, problem = _result_words(x.method, (x.result or "").strip())
    if x.method == "connectionError":
        text = problem = (
            f"QuickBooks could not be reached: {diagnostics.explain_hresult(x.hresult).title}"
        )
    elif x.hresult and problem is None:
        problem = f"error {x.hresult}: {diagnostics.explain_hresult(x.hresult).title}"
    if x.status_code not in (None, 0) and problem is None:
        problem = f"QuickBooks status {x.status_code}: {status_info(x.status_code).message()}"
    if x.http_status != 200 and problem is None:
        problem = f"answered with HTTP {x.http_status}"
    return Words(text, problem)


# --- jobs ---------------------------------------------------------------------------------
_VERBS = {"Query": "Read", "Add": "Create", "Mod": "Change", "Del": "Delete", "Void": "Void"}
_REQUEST = re.compile(r"^(?P<noun>[A-Z][A-Za-z]*?)(?P<verb>Query|Add|Mod|Del|Void)Rq$")
_SPECIAL = {
    "CompanyQueryRq": "read the company's details",
    "HostQueryRq": "read QuickBooks' version",
}


def _noun(camel: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", " ", camel).lower()


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def request_words(names: str) -> str:
    """ "CustomerQueryRq InvoiceAddRq" -> "Read customers, create an invoice"."""
    parts: list[str] = []
    for name in names.split():
        match = _REQUEST.match(name)
        if name in _SPECIAL:
            parts.append(_SPECIAL[name])
        elif match is None:
            parts.append(name.removesuffix("Rq"))
        elif match["verb"] == "Query":
            parts.append(f"read {_plural(_noun(match['noun']))}")
        else:
            noun = _noun(match["noun"])
            article = "an" if noun[:1] in "aeiou" else "a"
            parts.append(f"{_VERBS[match['verb']].lower()} {article} {noun}")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Outcome:
    headline: str
    tone: str  # ok | warn | bad | idle (badge classes)
    raw: str | None = None  # QuickBooks' or the Web Connector's own words, verbatim


def job_outcome(job: Job) -> Outcome:
    raw_status = (
        f"status {job.status_code}: {job.status_message}"
        if job.status_code not in (None, 0)
        else None
    )
    if job.state == "queued":
        return Outcome("Waiting for the Web Connector's next visit", "warn")
    if job.state == "sent":
        return Outcome("With QuickBooks, waiting for its answer", "warn")
    if job.state == "cancelled":
        return Outcome("Cancelled before QuickBooks received it", "idle")
    if job.state == "unknown":
        return Outcome(
            "Unknown: the session ended before QuickBooks answered. Check QuickBooks before "
            "sending a write again.",
            "bad",
            job.error_message,
        )
    if job.state == "failed":
        if job.error_kind == "validation":
            return Outcome(
                "Not sent: this QuickBooks cannot take the request as written", "bad",
                job.error_message,
            )  # fmt: skip
        if job.hresult:
            explained = diagnostics.explain_hresult(job.hresult, job.error_message)
            return Outcome(f"Failed: {explained.title}", "bad", job.error_message or job.hresult)
        return Outcome("Failed: " + (job.error_message or "no answer from QuickBooks"), "bad")
    # done
    if job.status_code in (None, 0):
        return Outcome("Done: QuickBooks answered", "ok")
    info = status_info(job.status_code)
    if info.kind == "no_match":
        return Outcome("Done: nothing in QuickBooks matched", "ok", raw_status)
    if info.severity == "Error":
        explained = diagnostics.explain_status(job.status_code)
        reason = explained.title if explained else "QuickBooks refused the request"
        return Outcome(f"Refused by QuickBooks: {reason}", "bad", raw_status)
    return Outcome("Done, with a warning from QuickBooks", "warn", raw_status)
