"""One commit per request, command or task, made here; retried here on a database conflict.

Services only flush. A unit of work runs an action, commits once, and only then runs what the
action asked to happen after a successful commit (queueing mail delivery, say): a failed or
rolled-back transaction runs none of it. This is Indico's request handler (commit once, then
flush the email queue) as one wrapper for views, CLI commands and background tasks alike.
"""
from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from functools import wraps

from flask import current_app, request
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from portal.extensions import db

log = logging.getLogger(__name__)

ATTEMPTS = 5
#: Methods that only read: their unit of work never commits, and writing in one is a bug.
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_HOOKS = "after_commit_hooks"
_UNDO = "after_rollback_hooks"
_WROTE = "wrote"


class WriteOnRead(RuntimeError):
    """A GET or HEAD request tried to change stored data."""


def after_commit(callback: Callable[[], object]) -> None:
    """Run `callback` once the current transaction has committed; never if it rolls back."""
    db.session.info.setdefault(_HOOKS, []).append(callback)


def on_rollback(callback: Callable[[], object]) -> None:
    """Run `callback` if the current transaction rolls back: undo what it did outside the database.

    A file written for a row that is never committed (the view raised, the commit failed) would
    otherwise stay on disk with nothing pointing to it. A commit forgets the callbacks.
    """
    db.session.info.setdefault(_UNDO, []).append(callback)


def is_conflict(error: OperationalError) -> bool:
    """Tell a conflict worth retrying (SQLite busy, PostgreSQL deadlock or serialisation) from a fault."""
    text = str(error.orig).lower()
    return "database is locked" in text or "deadlock detected" in text or "could not serialize" in text


def run(action: Callable, *args, **kwargs):
    """Run `action` as one transaction: commit once, retry it whole on a conflict, then the hooks."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            result = action(*args, **kwargs)
            db.session.commit()
        except OperationalError as error:
            db.session.rollback()
            if attempt == ATTEMPTS or not is_conflict(error):
                raise
            log.info("Database conflict (attempt %s of %s): %s", attempt, ATTEMPTS, error.orig)
            time.sleep(random.uniform(0.05, 0.2) * attempt)
            continue
        except BaseException:
            db.session.rollback()
            raise
        _run_hooks()
        return result
    raise AssertionError("unreachable")  # pragma: no cover


def transactional(func: Callable) -> Callable:
    """Make `func` (a CLI command or a task) one unit of work."""

    @wraps(func)
    def wrapped(*args, **kwargs):
        return run(func, *args, **kwargs)

    return wrapped


def read_only(action: Callable, *args, **kwargs):
    """Run `action` that must not write; roll back whatever it read, refuse what it wrote."""
    db.session.info.pop(_WROTE, None)
    try:
        return action(*args, **kwargs)
    finally:
        wrote = db.session.info.pop(_WROTE, False) or _has_pending_changes()
        db.session.rollback()
        if wrote:
            message = f"{request.method} {request.path} tried to change stored data"
            if current_app.config["ENV"] in ("testing", "development"):
                raise WriteOnRead(message)
            log.error("%s; rolled back", message)


def wrap_views(app) -> None:
    """Give every view of `app` its unit of work: reads roll back, writes commit once."""
    for endpoint, view in list(app.view_functions.items()):
        if endpoint == "static":
            continue
        app.view_functions[endpoint] = request_unit(view)


def request_unit(view: Callable) -> Callable:
    """Wrap one view: a read rolls back and must not write; a write is one unit of work."""

    @wraps(view)
    def unit(*args, **kwargs):
        if request.method in READ_METHODS:
            return read_only(view, *args, **kwargs)
        # A retry runs the view again; a rate limit decorating it then counts the request twice,
        # which only a conflict (rare: SQLite's single writer under a burst) can cause.
        return run(view, *args, **kwargs)

    return unit


def _has_pending_changes() -> bool:
    session = db.session
    return bool(session.new or session.deleted or any(session.is_modified(o) for o in session.dirty))


def _run_hooks() -> None:
    hooks = db.session.info.pop(_HOOKS, [])
    for hook in hooks:
        try:
            hook()
        except Exception:  # the data is committed; a hook that fails must not undo the answer
            log.exception("After-commit hook %r failed", hook)


@event.listens_for(db.session, "after_rollback")
def _drop_hooks(session) -> None:
    session.info.pop(_HOOKS, None)
    for undo in session.info.pop(_UNDO, []):
        try:
            undo()
        except Exception:  # the rollback itself has happened; one undo failing must not stop the others
            log.exception("After-rollback hook %r failed", undo)


@event.listens_for(db.session, "after_commit")
def _keep_done(session) -> None:
    session.info.pop(_UNDO, None)


@event.listens_for(db.session, "after_flush")
def _note_flush(session, flush_context) -> None:
    session.info[_WROTE] = True


@event.listens_for(db.session, "do_orm_execute")
def _note_statement(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True
