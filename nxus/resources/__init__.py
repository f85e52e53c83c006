"""JSON (nxus-qbd SDK aliases) <-> qbXML body dicts, per resource: data tables + one engine."""

from nxus.resources.engine import (
    QbxmlCall,
    build_count,
    build_create,
    build_delete,
    build_query,
    build_retrieve,
    build_update,
    build_void,
    converters,
    to_json,
)
from nxus.resources.model import Resource, ResourceValidationError, Variant
from nxus.resources.registry import RESOURCES, resource

__all__ = [
    "RESOURCES",
    "QbxmlCall",
    "Resource",
    "ResourceValidationError",
    "Variant",
    "build_count",
    "build_create",
    "build_delete",
    "build_query",
    "build_retrieve",
    "build_update",
    "build_void",
    "converters",
    "resource",
    "to_json",
]
