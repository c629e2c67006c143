"""Signed values for the links the portal mails out: one place that holds the secret and the ways a token fails."""
from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer


def _serializer(purpose: str, dated: bool) -> URLSafeSerializer:
    # The purpose is the salt: a token made for one kind of link never opens another.
    kind = URLSafeTimedSerializer if dated else URLSafeSerializer
    return kind(current_app.config["SECRET_KEY"], salt=purpose)


def sign(value: Any, purpose: str, *, dated: bool = False) -> str:
    """Sign a JSON-able value for a link; a dated token can later be refused for its age."""
    return _serializer(purpose, dated).dumps(value)


def unsign(token: str, purpose: str, *, max_age: int | None = None) -> Any | None:
    """Return the signed value, or None when the token is forged, damaged or older than max_age seconds."""
    dated = max_age is not None
    try:
        return _serializer(purpose, dated).loads(token, **({"max_age": max_age} if dated else {}))
    except (BadSignature, ValueError, TypeError):
        return None
