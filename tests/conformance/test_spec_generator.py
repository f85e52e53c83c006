"""tools/gen_qbxml_spec.py reads the reference folder and reproduces nxus/qbxml/data/."""

from __future__ import annotations


def test_generator_output_is_committed_and_deterministic() -> None:
    """Regenerating the spec data from $NXUS_REFERENCE_DIR gives exactly the committed file."""
    import importlib.util
    import sys
    from pathlib import Path

    tool = Path(__file__).resolve().parents[2] / "tools" / "gen_qbxml_spec.py"
    module_spec = importlib.util.spec_from_file_location("gen_qbxml_spec", tool)
    assert module_spec is not None and module_spec.loader is not None
    gen = importlib.util.module_from_spec(module_spec)
    sys.modules["gen_qbxml_spec"] = gen
    module_spec.loader.exec_module(gen)
    assert gen.render(gen.generate()) == gen.OUT.read_bytes()
