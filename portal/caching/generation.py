"""The page generation: a token that every committed write to what public pages show replaces.

Stored pages are keyed by it, so replacing it retires every stored page at once, in every
worker process: the token lives where they all read it (a file in instance/, or Redis when the
page cache is in Redis). A page rendered while a write commits is stored under the token read
before rendering, which the write has replaced by then: it is never served.
"""
from __future__ import annotations

import logging
import os
import secrets
import tempfile

from flask import current_app
from sqlalchemy import event
from sqlalchemy.sql.dml import UpdateBase

from portal.extensions import db

log = logging.getLogger(__name__)

#: Tables no public page shows: writing to them leaves stored pages as they are. A new table is
#: assumed to be shown (a needless re-render, never a stale page).
UNSHOWN_TABLES = frozenset({
    "users", "recovery_codes", "audit_entries",
    "outbox_bodies", "outbox_attachments", "outbox_messages", "outbox_inline_parts",
    "subscribers", "mailing_suppressions", "mailings", "mailing_recipients", "mailing_opt_outs",
    "membership_applications", "membership_payments", "membership_reminders", "bulletin_imports",
})
_CHANGED = "public_pages_changed"


class FileGeneration:
    """The token in a file, replaced atomically: shared by the processes of one host."""

    def __init__(self, path: str):
        self.path = path

    def current(self) -> str:
        try:
            with open(self.path, encoding="ascii") as file:
                return file.read()
        except FileNotFoundError:
            return "0"

    def bump(self) -> None:
        folder = os.path.dirname(self.path)
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".page-generation-")
        with os.fdopen(handle, "w", encoding="ascii") as file:
            file.write(secrets.token_hex(8))
        os.replace(temporary, self.path)


class RedisGeneration:
    """The token as a Redis counter: shared by every host that uses the same Redis."""

    def __init__(self, url: str, key: str = "portal:page-generation"):
        import redis

        self.client = redis.Redis.from_url(url)
        self.key = key

    def current(self) -> str:
        value = self.client.get(self.key)
        return value.decode() if value else "0"

    def bump(self) -> None:
        self.client.incr(self.key)


def generation():
    return current_app.extensions["page_generation"]


def _is_shown(table_name: str | None) -> bool:
    return table_name not in UNSHOWN_TABLES


@event.listens_for(db.session, "before_flush")
def _note_changed_objects(session, flush_context, instances) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        if _is_shown(getattr(obj, "__tablename__", None)):
            session.info[_CHANGED] = True
            return


@event.listens_for(db.session, "do_orm_execute")
def _note_changed_rows(state) -> None:
    statement = state.statement
    if isinstance(statement, UpdateBase) and _is_shown(getattr(getattr(statement, "table", None), "name", None)):
        state.session.info[_CHANGED] = True


@event.listens_for(db.session, "after_commit")
def _retire_stored_pages(session) -> None:
    if not session.info.pop(_CHANGED, False):
        return
    try:
        generation().bump()
    except Exception:  # the data is committed; stored pages then live out their minute
        log.exception("Could not retire the stored pages")


@event.listens_for(db.session, "after_rollback")
def _forget_changes(session) -> None:
    session.info.pop(_CHANGED, None)
