"""qbXML versions: which exist, which QuickBooks release speaks which, and negotiation.

Sources: the HostQueryRs that real QuickBooks returns (a recorded strHCPResponse: QuickBooks
Pro 2014 lists 1.0 … 13.0) and CData's QuickBooks driver documentation (QBXMLVersion: 2018 ->
14.0, 2022 -> 15.0, 2023 -> 16.0; 16.0 arrived with 2023 R3).  See docs/qbxml.md.
"""

from __future__ import annotations

# Every qbXML version QuickBooks Desktop (US) has spoken, oldest first.  There was never a 9.0
# *specification*, but QuickBooks 2010 reports and accepts "9.0" (same elements as 8.0).
ALL_VERSIONS: tuple[str, ...] = (
    "1.0",
    "1.1",
    "2.0",
    "2.1",
    "3.0",
    "4.0",
    "4.1",
    "5.0",
    "6.0",
    "7.0",
    "8.0",
    "9.0",
    "10.0",
    "11.0",
    "12.0",
    "13.0",
    "14.0",
    "15.0",
    "16.0",
)

# The versions nXus can build and validate (1.x predates the OSR material we derive from).
SUPPORTED_VERSIONS: tuple[str, ...] = ALL_VERSIONS[ALL_VERSIONS.index("2.0") :]
LATEST_VERSION = "16.0"

# Versions with no element data of their own borrow that of an older one:
#   2.1 was a bug-fix release of 2.0; 9.0 (QuickBooks 2010) had no new spec; for 15.0 there is
#   no public OSR or XSD, so nXus assumes the 14.0 element set (conservative: never sends an
#   element a 15.0 QuickBooks might not know).
DATA_VERSION: dict[str, str] = {"2.1": "2.0", "9.0": "8.0", "15.0": "14.0"}

# Highest qbXML version per QuickBooks Desktop (US) release year.
QB_YEAR_TO_MAX_VERSION: dict[int, str] = {
    2002: "1.1",
    2003: "2.1",
    2004: "3.0",
    2005: "4.1",
    2006: "5.0",
    2007: "6.0",
    2008: "7.0",
    2009: "8.0",
    2010: "9.0",
    2011: "10.0",
    2012: "11.0",
    2013: "12.0",
    2014: "13.0",
    2015: "13.0",
    2016: "13.0",
    2017: "13.0",
    2018: "14.0",
    2019: "14.0",
    2020: "14.0",
    2021: "14.0",
    2022: "15.0",
    2023: "16.0",
    2024: "16.0",
}


class VersionError(ValueError):
    """A version string nXus does not know or cannot use."""


def version_key(version: str) -> tuple[int, int]:
    """Sort key for "13.0"-style strings; raises VersionError on anything else."""
    major, dot, minor = version.strip().partition(".")
    if not dot or not major.isdigit() or not minor.isdigit():
        raise VersionError(f"not a qbXML version: {version!r}")
    return int(major), int(minor)


def is_supported(version: str) -> bool:
    return version in SUPPORTED_VERSIONS


def data_version(version: str) -> str:
    """The version whose element data describes `version` (itself unless borrowed)."""
    if version not in SUPPORTED_VERSIONS:
        raise VersionError(f"unsupported qbXML version: {version!r}")
    return DATA_VERSION.get(version, version)


def supported_versions_for_year(year: int) -> list[str]:
    """The SupportedQBXMLVersion list a HostQueryRs of that QuickBooks release would show."""
    if year < min(QB_YEAR_TO_MAX_VERSION):
        raise VersionError(f"QuickBooks {year} predates qbXML")
    top = QB_YEAR_TO_MAX_VERSION[min(year, max(QB_YEAR_TO_MAX_VERSION))]
    return [v for v in ALL_VERSIONS if version_key(v) <= version_key(top)]


def negotiate(host_supported: list[str], major: str | None = None, minor: str | None = None) -> str:
    """Highest version both QuickBooks and nXus support.

    `host_supported` is the SupportedQBXMLVersion list of HostQueryRs; when it is empty (QBWC
    sometimes only passes qbXMLMajorVers/qbXMLMinorVers to sendRequestXML) the major/minor pair
    is used as QuickBooks' highest version.
    """
    offered: set[str] = set()
    for raw in host_supported:
        try:
            major_v, minor_v = version_key(raw)
        except VersionError:
            continue  # QuickBooks adds odd entries (e.g. "CA3.0") for other editions
        offered.add(f"{major_v}.{minor_v}")
    if not offered and major is not None:
        ceiling = version_key(f"{major}.{minor or 0}")
        offered = {v for v in ALL_VERSIONS if version_key(v) <= ceiling}
    common = [v for v in SUPPORTED_VERSIONS if v in offered]
    if not common:
        raise VersionError(
            f"no common qbXML version: QuickBooks offers {sorted(offered, key=version_key)}, "
            f"nXus supports {SUPPORTED_VERSIONS[0]}..{LATEST_VERSION}"
        )
    return max(common, key=version_key)


def first_release(version: str) -> str:
    """The first QuickBooks Desktop (US) release speaking `version` ("2009"), else
    "a newer release"."""
    years = [
        year
        for year, top in QB_YEAR_TO_MAX_VERSION.items()
        if version_key(top) >= version_key(version)
    ]
    return str(min(years)) if years else "a newer release"


def needs(needed: str, have: str | None) -> str:
    """The one wording of every version gate: what a request, field or value needs, and
    what the connection's QuickBooks speaks (its negotiated qbXML version)."""
    spoken = f"; this connection's QuickBooks speaks qbXML {have}" if have else ""
    return f"needs QuickBooks {first_release(needed)} or newer (qbXML {needed}){spoken}"


def too_new(needed: str, have: str | None) -> bool:
    """Whether `needed` is past `have` (False when either is unknown or unreadable)."""
    if not have:
        return False
    try:
        return version_key(needed) > version_key(have)
    except VersionError:
        return False
