"""A route of /api/v1: its methods, its path under the prefix, its view (the endpoint is the
view's name). The table of them all is nxus.api.routes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Response


@dataclass(frozen=True)
class Route:
    methods: tuple[str, ...]
    path: str
    view: Callable[..., Response]
