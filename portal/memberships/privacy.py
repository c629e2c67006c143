"""Applications as personal data: the contact's export and erasure, and the licence's retention (PIPL)."""
from __future__ import annotations

from datetime import timedelta

from portal.database import utcnow
from portal.extensions import db
from portal.memberships.licence import delete_licence
from portal.memberships.models import MembershipApplication
from portal.memberships.states import ApplicationStatus
from portal.privacy import PersonalData, register


def _theirs(user):
    if user.email.endswith("@invalid"):  # an erased account no longer names its address
        return None
    return (db.select(MembershipApplication).where(MembershipApplication.contact_email == user.email.lower())
            .order_by(MembershipApplication.id))


def export_applications(user) -> list[dict]:
    def when(value):
        return value.isoformat() if value else None

    query = _theirs(user)
    return [] if query is None else [
        {"firm": a.name, "name_en": a.name_en, "credit_code": a.credit_code, "tier": a.tier, "website": a.website,
         "contact_name": a.contact_name, "contact_email": a.contact_email, "contact_phone": a.contact_phone,
         "status": a.status, "applied_at": when(a.created_at), "consented_at": when(a.consent_at),
         "decided_at": when(a.decided_at), "decision_note": a.decision_note,
         "licence_held": a.licence_file is not None, "licence_purged_at": when(a.licence_purged_at)}
        for a in db.session.scalars(query)]


def purge_licence(application: MembershipApplication) -> None:
    """Delete the licence file now; the row keeps that it had one and when it went."""
    # The file goes before the commit: if the commit failed, the next purge finds the row again,
    # whereas a file left behind a committed row would be kept past its retention unseen.
    delete_licence(application.licence_file)
    application.licence_file, application.licence_purged_at = None, utcnow()


def erase_applications(user) -> None:
    """Remove who the contact was and their firm's licence; the firm's own name and code stay."""
    query = _theirs(user)
    for application in ([] if query is None else db.session.scalars(query).all()):
        if application.licence_file is not None:
            purge_licence(application)
        application.contact_name, application.contact_phone = "", ""
        application.contact_email = f"erased-{application.id}@invalid"
    db.session.flush()


def purge_licences(settings) -> int:
    """Delete the licence files of applications decided more than LICENCE_RETENTION_DAYS ago."""
    before = utcnow() - timedelta(days=int(settings.get("LICENCE_RETENTION_DAYS", 90)))
    due = db.session.scalars(db.select(MembershipApplication).where(
        MembershipApplication.status != ApplicationStatus.PENDING, MembershipApplication.decided_at < before,
        MembershipApplication.licence_file.is_not(None))).all()
    for application in due:
        purge_licence(application)
    db.session.flush()
    return len(due)


register(PersonalData("membership_applications", export_applications, erase_applications, purge_licences))
