"""Subscriptions as personal data: export, erasure, and purging those never confirmed (PIPL)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete

from portal.database import utcnow
from portal.extensions import db
from portal.mailings.models import MailingOptOut, Subscriber
from portal.privacy import PersonalData, register


def _theirs(user):
    return db.select(Subscriber).where(Subscriber.email == (user.email or "").lower())


def export_subscription(user) -> list[dict]:
    def when(value):
        return value.isoformat() if value else None

    return [{"email": s.email, "locale": s.locale, "consented_at": when(s.consent_at),
             "confirmed_at": when(s.confirmed_at)} for s in db.session.scalars(_theirs(user))]


def erase_subscription(user) -> None:
    # The suppression of an unsubscribed address stays: without it, mail would start again.
    db.session.execute(delete(Subscriber).where(Subscriber.email == (user.email or "").lower()))
    db.session.flush()


def purge_unconfirmed(settings) -> int:
    """Delete subscriptions whose link was never followed within UNCONFIRMED_RETENTION_DAYS."""
    before = utcnow() - timedelta(days=int(settings.get("UNCONFIRMED_RETENTION_DAYS", 7)))
    return db.session.execute(delete(Subscriber).where(
        Subscriber.confirmed_at.is_(None), Subscriber.created_at < before)
        .execution_options(synchronize_session=False)).rowcount


def export_mailing_choices(user) -> list[str]:
    """The kinds of mailing the address declined (bulletins, event notices, association notices)."""
    return list(db.session.scalars(db.select(MailingOptOut.kind)
                                   .where(MailingOptOut.address == (user.email or "").strip().lower())
                                   .order_by(MailingOptOut.kind)))


def keep_mailing_choices(user) -> None:
    # Like an unsubscription, a refusal outlives the account: without it the mailings would start again.
    return None


register(PersonalData("subscription", export_subscription, erase_subscription, purge_unconfirmed))
register(PersonalData("mailing_opt_outs", export_mailing_choices, keep_mailing_choices))
