"""Writing to the audit log."""
from __future__ import annotations

from flask import has_request_context, request

from sqlalchemy import insert

from portal.audit.models import AuditEntry
from portal.database import utcnow
from portal.extensions import db


def record(actor, action: str, target: str = "", **details) -> AuditEntry:
    """Add an audit entry to the current transaction; the caller commits."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        target=target,
        details=details,
        ip_address=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def record_many(actor, action: str, entries: list[tuple[str, dict]]) -> int:
    """Add one entry per (target, details) in one statement (a sweep over many rows); the caller commits."""
    if not entries:
        return 0
    ip_address = request.remote_addr if has_request_context() else None
    actor_id, now = getattr(actor, "id", None), utcnow()
    db.session.execute(insert(AuditEntry), [
        {"actor_id": actor_id, "action": action, "target": target, "details": details,
         "ip_address": ip_address, "created_at": now} for target, details in entries])
    return len(entries)


def recent_entries(page: int, per_page: int = 50):
    """Page through the log, newest first."""
    query = db.select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
