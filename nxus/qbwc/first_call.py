"""The first sendRequestXML of a session: read strHCPResponse, check the company file (one per
connection: same path, or our FileID stamped in it), negotiate the qbXML version, and store
what the connection's status reports (company, edition, version, country, sample flag)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from nxus.models.connections import Connection
from nxus.models.qbwc import QbwcSession
from nxus.qbwc.common import REFUSED, Outcome, base
from nxus.qbwc.qbxml_in import HostCompany, QbxmlReadError, parse_hcp
from nxus.qbxml import versions
from nxus.services import diagnostics

log = logging.getLogger("nxus.qbwc")


@dataclass(frozen=True)
class SendParams:
    ticket: str
    hcp_response: str
    company_file: str
    country: str
    major: str
    minor: str


def first_call(db: Session, qs: QbwcSession, p: SendParams, now: datetime) -> Outcome | None:
    """Read the HCP response, check the company file, choose the qbXML version; an Outcome
    when the session is refused, None when it goes on."""
    conn = qs.connection
    host: HostCompany | None = None
    if p.hcp_response.strip():
        try:
            host = parse_hcp(p.hcp_response)
        except QbxmlReadError as exc:
            log.warning("connection %s: unreadable strHCPResponse: %s", conn.id, exc)
    seen_file = p.company_file.strip()
    if conn.company_file and not same_file(conn, seen_file, host):
        return refuse(
            db, qs, diagnostics.file_mismatch(conn.company_file, seen_file or "(no file name)"), now
        )
    try:
        version = versions.negotiate(
            host.supported_versions if host else [], p.major or None, p.minor or None
        )
    except versions.VersionError as exc:
        return refuse(db, qs, diagnostics.version_unsupported(str(exc)), now)
    qs.hcp_received = True
    qs.qbxml_version = version
    qs.company_file = seen_file or None
    conn.last_connected_at = now
    conn.last_poll_at = now
    conn.qbxml_version = version
    conn.country = ((host.country if host else None) or p.country or conn.country or "")[:8] or None
    if host is not None:
        _store_host_facts(conn, host)
    if not conn.company_file and seen_file:
        conn.company_file = seen_file
        conn.file_bound_at = now
    diagnostics.resolve_all(db, conn.id, now)
    return None


def _store_host_facts(conn: Connection, host: HostCompany) -> None:
    conn.company_name = host.company_name or conn.company_name
    conn.edition = host.product_name or conn.edition
    conn.product_version = host.product_version or conn.product_version
    conn.is_sample_file = host.is_sample
    if host.supported_versions:
        conn.supported_qbxml_versions = " ".join(host.supported_versions)[:255]


def _normalize_path(path: str) -> str:
    return path.strip().replace("/", "\\").casefold()


def same_file(conn: Connection, seen_file: str, host: HostCompany | None) -> bool:
    ours = f"{{{conn.file_id}}}".casefold()
    if host is not None and any(fid.casefold() == ours for fid in host.file_ids):
        return True  # our FileID stamp: the same file, even if it moved
    return bool(seen_file) and _normalize_path(seen_file) == _normalize_path(
        conn.company_file or ""
    )


def refuse(
    db: Session, qs: QbwcSession, explanation: diagnostics.Explanation, now: datetime
) -> Outcome:
    qs.state = REFUSED
    qs.closed_at = now
    qs.last_error = explanation.text()
    diagnostics.record(db, qs.connection_id, explanation, source="sendRequestXML", session_id=qs.id)
    return Outcome("", result=f"refused: {explanation.code}", **base(qs))
