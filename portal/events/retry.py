"""Retry a write when SQLite answers "database is locked" under a burst of writers."""
from __future__ import annotations

import random
import time

from sqlalchemy.exc import OperationalError

from portal.extensions import db

ATTEMPTS = 5


def _is_lock_error(error: OperationalError) -> bool:
    text = str(error.orig).lower()
    # SQLite's busy timeout ran out; PostgreSQL's deadlock or serialization failure (never expected).
    return "database is locked" in text or "deadlock detected" in text or "could not serialize" in text


def retrying(action):
    """Run `action` (a whole transaction); on a lock error roll back and run it again."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return action()
        except OperationalError as error:
            db.session.rollback()
            if attempt == ATTEMPTS or not _is_lock_error(error):
                raise
            time.sleep(random.uniform(0.05, 0.2) * attempt)
