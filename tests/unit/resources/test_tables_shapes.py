"""The response tables are composed from shared groups (defs/shapes.py): the composition keeps
the SDK's key order, and the helpers refuse aliases their template does not have."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nxus.resources import RESOURCES, to_json
from nxus.resources.defs.shapes import absent, drop, filled, renamed, under
from nxus.resources.model import Nest, Shape
from tests.unit.resources.test_tables import NAMES, _variant_models

TEMPLATE: Shape = {"a": "A", "b": "B", "c": "C"}


@pytest.mark.parametrize("name", NAMES)
def test_response_keys_come_in_the_sdk_field_order(name: str) -> None:
    """objectType is last: the engine sets it after the table's fields."""
    for ret, model in _variant_models(name):
        keys = list(to_json(RESOURCES[name], ret, {}))
        sdk = [f.alias or k for k, f in model.model_fields.items()]
        assert keys[-1] == "objectType"
        assert keys[:-1] == [alias for alias in sdk if alias != "objectType"], ret


@pytest.mark.parametrize(
    ("derived", "expected"),
    [
        (filled(TEMPLATE, {"c": "X", "a": None}), [("a", None), ("b", "B"), ("c", "X")]),
        (absent(TEMPLATE, "b"), [("a", "A"), ("b", None), ("c", "C")]),
        (drop(TEMPLATE, "a", "c"), [("b", "B")]),
        (renamed(TEMPLATE, {"b": "bee"}), [("a", "A"), ("bee", "B"), ("c", "C")]),
        (under("P", {"a": "A", "n": None}), [("a", "P/A"), ("n", None)]),
    ],
)
def test_helpers_keep_the_template_order(
    derived: Shape, expected: list[tuple[str, str | None]]
) -> None:
    assert list(derived.items()) == expected


@pytest.mark.parametrize(
    "derive",
    [
        lambda: filled(TEMPLATE, {"z": "Z"}),
        lambda: absent(TEMPLATE, "z"),
        lambda: drop(TEMPLATE, "z"),
        lambda: renamed(TEMPLATE, {"z": "y"}),
    ],
)
def test_helpers_refuse_unknown_aliases(derive: Callable[[], Shape]) -> None:
    with pytest.raises(KeyError, match="'z'"):
        derive()


def test_under_takes_element_paths_only() -> None:
    with pytest.raises(TypeError):
        under("P", {"a": Nest("A", TEMPLATE)})
