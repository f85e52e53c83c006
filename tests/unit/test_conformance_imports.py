"""`make test` does not collect tests/conformance (it needs Intuit's files), but those modules
import tests of the main suite by name: a renamed test would only break `make conformance`.
Importing each module here (no reference folder needed to import) catches that in `make test`."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

CONFORMANCE = Path(__file__).resolve().parents[1] / "conformance"
MODULES = sorted(p.stem for p in CONFORMANCE.glob("*.py") if p.stem != "__init__")


def test_the_conformance_folder_has_modules() -> None:
    assert "test_xsd_second_opinion" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_each_conformance_module_imports(name: str) -> None:
    importlib.import_module(f"tests.conformance.{name}")
