"""The contract's JSON error, `{"error": {"code", "message"}}`, for arguments the schemas refuse."""
from __future__ import annotations

from flask import jsonify
from marshmallow import Schema, fields
from werkzeug.exceptions import BadRequest


class ErrorBody(Schema):
    code = fields.String(required=True, metadata={"description": "bad_request, not_found, too_many_requests…"})
    message = fields.String(required=True)


class ErrorSchema(Schema):
    """Every error under /api/v1 (400, 404, 429, 500); portal.errors writes all but the 400s below."""

    error = fields.Nested(ErrorBody, required=True)


def describe(messages: dict) -> str:
    """Join webargs' messages ({location: {field: [text]}}) into one line naming each field."""
    parts = []
    for by_field in messages.values():
        for name, texts in by_field.items():
            parts.append(f"'{name}': {' '.join(_flatten(texts))}")
    return "; ".join(parts)


def _flatten(texts) -> list[str]:
    if isinstance(texts, dict):
        return [text for value in texts.values() for text in _flatten(value)]
    if isinstance(texts, (list, tuple)):
        return [text for value in texts for text in _flatten(value)]
    return [str(texts)]


def handle_bad_arguments(error: BadRequest):
    """Answer the arguments webargs refused with what is wrong with each; other 400s as the site does."""
    messages = (getattr(error, "data", None) or {}).get("messages")
    if not messages:
        from portal.errors import handle_http_error

        return handle_http_error(error)
    return jsonify(error={"code": "bad_request", "message": describe(messages)}), 400
