"""Accounts as personal data: a person's export and erasure (PIPL); registers with portal.privacy."""
from __future__ import annotations

from portal.audit.models import AuditEntry
from portal.auth.models import RecoveryCode, User
from portal.database import utcnow
from portal.extensions import db
from portal.privacy import PersonalData, register


def _export_account(user: User) -> dict:
    return {"email": user.email, "name": user.name, "role": user.role, "locale": user.locale,
            "firm": user.firm.slug if user.firm else None, "created_at": user.created_at.isoformat(),
            "last_login_at": user.last_login_at.isoformat() if user.last_login_at else None,
            "privacy_consent_at": user.privacy_consent_at.isoformat() if user.privacy_consent_at else None,
            "two_step_sign_in_since": user.totp_enrolled_at.isoformat() if user.totp_enrolled_at else None,
            "logins": [{"at": e.created_at.isoformat(), "action": e.action, "address": e.ip_address}
                       for e in db.session.scalars(db.select(AuditEntry).where(
                           AuditEntry.actor_id == user.id, AuditEntry.action.like("auth.%"))
                           .order_by(AuditEntry.id))]}


def _erase_account(user: User) -> None:
    # The audit log stays (the association must be able to show who changed what), but the
    # addresses it recorded for this person's logins go.
    db.session.execute(db.update(AuditEntry).where(AuditEntry.actor_id == user.id).values(ip_address=None))
    user.email = f"erased-{user.id}@invalid"
    user.name, user.password_hash, user.is_enabled = "", None, False
    user.totp_secret = user.totp_last_step = user.totp_enrolled_at = None
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    user.erased_at = utcnow()
    user.end_sessions()


register(PersonalData("account", _export_account, _erase_account))
