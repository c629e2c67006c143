"""Signed, expiring, single-use links for password resets and invitations."""
from __future__ import annotations

import hashlib

from portal.auth.models import User
from portal.extensions import db
from portal.signing import sign, unsign

RESET = "password-reset"
INVITATION = "invitation"


def _fingerprint(user: User) -> str:
    # Tied to the current password: once it changes, every earlier link stops working.
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def make_token(user: User, purpose: str) -> str:
    return sign([user.id, _fingerprint(user)], purpose, dated=True)


def load_token(token: str, purpose: str, max_age: int) -> User | None:
    """Return the user a still-valid token names, or None."""
    try:
        user_id, fingerprint = unsign(token, purpose, max_age=max_age)
    except (TypeError, ValueError):  # refused, or not the pair this module signs
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_enabled or _fingerprint(user) != fingerprint:
        return None
    return user
