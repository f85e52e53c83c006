"""Where Intuit's reference files are: $NXUS_REFERENCE_DIR (`make conformance` defaults it to
../shared/reference). Only the conformance suite reads them; `make test` never does."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from lxml import etree

from nxus.qbxml.versions import version_key

ENV = "NXUS_REFERENCE_DIR"
# What must be there: the schemas, the OSR documents, the samples, the envelopes, the .qwc files.
EXPECTED = (
    "qbxml/xsd130/qbxmlops130.xsd",
    "qbxml/xsd160/qbxmlops160.xsd",
    "qbxml/osr",
    "qbxml/samples/intuit-sdk-samples",
    "qbxml/samples/qbwc-qbxml",
    "qbxml/samples/hcp",
    "qbwc/envelopes",
    "qbwc/qwc",
    "qbwc/wsdl",
)


def problem() -> str | None:
    """Why the reference folder cannot be used (None: it can)."""
    raw = os.environ.get(ENV, "")
    if not raw:
        return (
            f"the conformance suite compares nXus with Intuit's own files: set {ENV} to the "
            "reference folder (`make conformance` defaults it to ../shared/reference)"
        )
    root = Path(raw)
    if not root.is_dir():
        return (
            f"{ENV}={raw}: no such folder. The conformance suite needs the reference files "
            "(Intuit's qbXML schemas and samples, QBWC envelopes, WSDL and .qwc examples): "
            f"point {ENV} at them, e.g. make conformance {ENV}=/path/to/reference"
        )
    missing = [name for name in EXPECTED if not (root / name).exists()]
    if missing:
        return f"{ENV}={raw} is not the reference folder: missing {', '.join(missing)}"
    return None


REFERENCE = Path(os.environ.get(ENV) or "/nonexistent").resolve()
QBXML = REFERENCE / "qbxml"
QBWC = REFERENCE / "qbwc"
SAMPLES = QBXML / "samples"


@cache
def xsd(schema: str) -> etree.XMLSchema:
    """Intuit's schema set: "130" (qbXML up to 13.0) or "160" (14.0 and later)."""
    return etree.XMLSchema(etree.parse(str(QBXML / f"xsd{schema}" / f"qbxmlops{schema}.xsd")))


def schema_for(version: str) -> str:
    return "130" if version_key(version) <= (13, 0) else "160"


def xsd_problem(doc: bytes, version: str, kind: str) -> str | None:
    """The second opinion of tests/qbxml_checks.py: Intuit's XSD for the version's schema set
    (responses: the 16.0 set, the order the simulator answers in). The XSD ignores the
    `<?qbxml?>` instruction, so a 5.0 request is checked against the 13.0 set."""
    schema = "160" if kind == "response" else schema_for(version)
    root = etree.fromstring(doc, etree.XMLParser(resolve_entities=False, no_network=True))
    checker = xsd(schema)
    if checker.validate(etree.ElementTree(root)):
        return None
    return f"XSD {schema} ({kind}, qbXML {version}): {checker.error_log.last_error}"
