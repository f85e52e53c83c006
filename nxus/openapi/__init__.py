"""The OpenAPI 3.1 document of /api/v1, generated from the resource registry
(nxus.resources.RESOURCES and its field tables) and the platform table in `paths.PLATFORM`.

`document()` is built once per process (the tables are constants)."""

from __future__ import annotations

import functools
from typing import Any

from nxus.openapi import custom_fields
from nxus.openapi.components import components
from nxus.openapi.deleted import deleted_paths, deleted_schemas
from nxus.openapi.paths import platform_paths, resource_paths
from nxus.openapi.reports import REPORT, REPORT_ROW, report_paths
from nxus.openapi.schemas import create_schema, record_schema, update_schema
from nxus.resources import RESOURCES

TITLE = "nXus API"
VERSION = "1"


@functools.cache
def document() -> dict[str, Any]:
    parts = components()
    schemas = parts["schemas"]
    paths: dict[str, Any] = {}
    for name, resource in RESOURCES.items():
        schemas[name] = record_schema(resource)
        if "create" in resource.operations:
            schemas[f"{name}_create"] = create_schema(resource)
        if "update" in resource.operations:
            schemas[f"{name}_update"] = update_schema(resource)
        paths.update(resource_paths(resource))
    paths.update(platform_paths())
    schemas.update(deleted_schemas())
    paths.update(deleted_paths())
    paths.update(report_paths())
    schemas["Report"], schemas["ReportRow"] = REPORT, REPORT_ROW
    paths.update(custom_fields.paths())
    schemas.update(custom_fields.schemas())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": TITLE,
            "version": VERSION,
            "description": (
                "QuickBooks Desktop company files behind a JSON REST API, through the "
                "QuickBooks Web Connector. Every call but this document needs an API key "
                "(Authorization: Bearer); QuickBooks calls name their connection in "
                "X-Connection-Id. Errors share one envelope (components.schemas.Error)."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}],
        "paths": dict(sorted(paths.items())),
        "components": parts,
    }
