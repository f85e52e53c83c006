"""The .qwc file the Web Connector loads (SPEC §4), the installation's OwnerID, and the
checks of the public URL against the Web Connector's rules."""

from __future__ import annotations

import ipaddress
import uuid
from urllib.parse import urlsplit

from lxml import etree
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from nxus.models import Connection, InstallationSetting

OWNER_ID_KEY = "qwc_owner_id"
APP_NAME_DESCRIPTION_MAX = 60
_LOCAL_HOSTS = {"localhost"}


def owner_id(session: Session) -> uuid.UUID:
    """One GUID per installation, created on first use and kept in installation_settings."""
    for _attempt in range(3):
        setting = session.get(InstallationSetting, OWNER_ID_KEY)
        if setting is not None:
            return uuid.UUID(setting.value)
        session.add(InstallationSetting(key=OWNER_ID_KEY, value=str(uuid.uuid4())))
        try:
            session.commit()
        except IntegrityError:
            # Another process created it first: read theirs.
            session.rollback()
    raise RuntimeError("could not create the installation's OwnerID")


def short_id(connection: Connection) -> str:
    return connection.id.hex[:8]


def app_name(connection: Connection) -> str:
    """Unique per connection: QBWC and QuickBooks list applications by this name."""
    description = connection.description or connection.external_id or "QuickBooks"
    if len(description) > APP_NAME_DESCRIPTION_MAX:
        description = description[: APP_NAME_DESCRIPTION_MAX - 1].rstrip() + "…"
    return f"nXus – {description} ({short_id(connection)})"


def filename(connection: Connection) -> str:
    return f"nxus-{short_id(connection)}.qwc"


def _guid(value: uuid.UUID) -> str:
    return "{" + str(value).upper() + "}"


def build_qwc(
    connection: Connection, *, base_url: str, owner: uuid.UUID, run_every_seconds: int
) -> bytes:
    """The .qwc document, UTF-8 with an XML declaration, elements in the order of a production
    .qwc (`make conformance` compares; QBWC itself reads them in any order)."""
    base = base_url.rstrip("/")
    root = etree.Element("QBWCXML")

    def add(parent: etree._Element, tag: str, text: str) -> etree._Element:
        element = etree.SubElement(parent, tag)
        element.text = text
        return element

    add(root, "AppName", app_name(connection))
    add(root, "AppID", "nXus")
    add(root, "AppURL", f"{base}/qbwc")
    add(root, "AppDescription", f"nXus JSON API for QuickBooks ({connection.mode} connection)")
    add(root, "AppSupport", f"{base}/support")
    add(root, "UserName", connection.qbwc_username)
    add(root, "OwnerID", _guid(owner))
    add(root, "FileID", _guid(connection.file_id))
    add(root, "QBType", "QBFS")
    scheduler = etree.SubElement(root, "Scheduler")
    add(scheduler, "RunEveryNSeconds", str(run_every_seconds))
    add(root, "IsReadOnly", "false")
    add(root, "PersonalDataPref", "pdpOptional")
    add(root, "UnattendedModePref", "umpOptional")
    add(root, "Style", "Document")
    add(root, "AuthFlags", "0xF")
    # The declaration in double quotes, as in Intuit's own .qwc files (lxml writes single ones).
    body = etree.tostring(root, encoding="utf-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def url_warnings(base_url: str) -> list[str]:
    """Why the Web Connector would refuse this base URL (empty when it is fine): plain http
    is accepted for localhost only, and a host written as an IP address is refused."""
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    warnings: list[str] = []
    try:
        ipaddress.ip_address(host)
        is_ip = True
    except ValueError:
        is_ip = False
    if is_ip:
        warnings.append(
            f"The public URL {base_url} uses an IP address ({host}); the Web Connector refuses "
            "IP-address hosts. Set NXUS_PUBLIC_URL to an https:// address with a host name."
        )
    if parts.scheme != "https" and host not in _LOCAL_HOSTS:
        warnings.append(
            f"The public URL {base_url} is not https; the Web Connector accepts plain http only "
            "for localhost. Set NXUS_PUBLIC_URL to an https:// address."
        )
    return warnings


def url_fix(base_url: str) -> str:
    """How to give the Web Connector an address it accepts, for the warnings above."""
    parts = urlsplit(base_url)
    host = (parts.hostname or "").lower()
    if host in ("127.0.0.1", "::1") and parts.scheme == "http":
        local = f"http://localhost{':' + str(parts.port) if parts.port else ''}"
        return (
            f"If the Web Connector runs on this computer, open nXus at {local} (the .qwc file "
            "then uses that address, which it accepts). Otherwise set NXUS_PUBLIC_URL to an "
            "https:// address with a host name (see “Production behind TLS” in the README)."
        )
    return (
        "Set NXUS_PUBLIC_URL to an https:// address with a host name that the Web Connector's "
        "computer can reach, then download the .qwc file again."
    )
