"""The OpenAPI 3 description of /api/v1; each feature adds its paths to PATHS."""
from __future__ import annotations

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            "required": ["code", "message"],
        }
    },
    "required": ["error"],
}

#: path -> path item; filled by the feature modules that serve them.
PATHS: dict[str, dict] = {}
SCHEMAS: dict[str, dict] = {"Error": ERROR_SCHEMA}


def openapi_document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Association portal API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "paths": dict(sorted(PATHS.items())),
        "components": {"schemas": SCHEMAS},
    }
