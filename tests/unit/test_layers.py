"""The house rules of docs/architecture.md, read from the code: every import between nXus's
packages points down the layers, and no two modules import each other (not even through an
import inside a function or under TYPE_CHECKING)."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

NXUS = Path(__file__).resolve().parents[2] / "nxus"

# Higher imports lower, never the other way. Units of the same layer do not import each other,
# except in the foundation (small modules with no cycle between them).
FOUNDATION = 0
LAYERS: dict[str, int] = {
    **dict.fromkeys(
        (
            "_native",
            "settings",
            "formats",
            "logs",
            "security",
            "payload",
            "error_codes",
            "capacity",
            "wakeup",
            "extensions",
            "db",
            "migrate",
            "plain_http",
            "errors",
            "gunicorn_logging",
            "malloc",
        ),
        FOUNDATION,
    ),
    "models": 1,
    "backup": 2,
    "metrics": 2,
    "qbxml": 2,
    "simulator": 3,  # a leaf: the test below also keeps it to qbxml alone
    "resources": 3,
    "reports": 4,
    "openapi": 5,
    "services": 6,
    "quickbooks": 7,
    "qbwc": 8,
    "api": 9,
    "web": 9,
    "ops": 10,
    "cli": 10,
    "__init__": 11,  # create_app
}


def _module(path: Path) -> str:
    parts = list(path.relative_to(NXUS.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    """module -> the nxus modules it imports (a `from pkg import name` counts `pkg.name` when
    that is a module)."""
    modules = {_module(p): p for p in NXUS.rglob("*.py")}
    modules["nxus._native"] = NXUS / "_native.c"  # the optional C renderer (an extension)
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        if path.suffix != ".py":
            continue
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                names = [f"{base}.{a.name}" for a in node.names]
                targets = [t for t in names if t in modules] or [base]
            else:
                continue
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target.startswith("nxus") and target != name:
                    edges[name].add(target)
    return edges


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_unit_has_a_layer() -> None:
    units = {_unit(_module(p)) for p in NXUS.rglob("*.py")}
    assert units <= set(LAYERS), f"give these a layer: {sorted(units - set(LAYERS))}"


def test_imports_point_down() -> None:
    wrong = []
    for source, targets in _imports().items():
        for target in targets:
            a, b = _unit(source), _unit(target)
            if a == b:
                continue
            if LAYERS[a] == LAYERS[b] == FOUNDATION:
                continue
            if LAYERS[b] >= LAYERS[a]:
                wrong.append(f"{source} -> {target}")
    assert not wrong, "imports running back up:\n" + "\n".join(sorted(wrong))


def test_the_simulator_is_a_leaf() -> None:
    wrong = [
        f"{source} -> {target}"
        for source, targets in _imports().items()
        if _unit(source) == "simulator"
        for target in targets
        if _unit(target) not in ("simulator", "qbxml", "formats")
    ]
    assert not wrong, "the simulator imports only nxus.qbxml:\n" + "\n".join(sorted(wrong))
    # nxus.formats (the hardened parser, ISO times) is as pure as qbxml/: lxml and the stdlib.
    assert not _imports().get("nxus.formats")
    assert "flask" not in (NXUS / "formats.py").read_text()


def test_no_module_imports_itself_through_others() -> None:
    edges = _imports()
    seen: dict[str, int] = {}  # 1: on the path, 2: done
    path: list[str] = []
    circles: list[str] = []

    def visit(module: str) -> None:
        seen[module] = 1
        path.append(module)
        for target in sorted(edges.get(module, ())):
            if seen.get(target) == 1:
                circles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in seen:
                visit(target)
        path.pop()
        seen[module] = 2

    for module in sorted(edges):
        if module not in seen:
            visit(module)
    assert not circles, "import circles:\n" + "\n".join(circles)


def test_docs_architecture_shows_these_layers() -> None:
    """docs/architecture.md draws the same table: each package on a line with its layer."""
    doc = (NXUS.parent / "docs" / "architecture.md").read_text()
    table = doc.split("## Packages", 1)[1].split("```")[1]
    drawn: dict[str, int] = {}
    for line in table.splitlines():
        match = re.match(r"^  (\S[^0-9]*?)\s+(\d+)\s", line)
        if match:
            for name in re.split(r",\s*", match.group(1)):
                drawn[name.removesuffix("/").removesuffix(".py")] = int(match.group(2))
    expected = {unit: layer for unit, layer in LAYERS.items() if layer != FOUNDATION}
    expected["foundation"] = FOUNDATION
    assert drawn == expected
