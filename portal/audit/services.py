"""Writing to the audit log."""
from __future__ import annotations

from flask import has_request_context, request

from portal.audit.models import AuditEntry
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


def recent_entries(page: int, per_page: int = 50):
    """Page through the log, newest first."""
    query = db.select(AuditEntry).order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
