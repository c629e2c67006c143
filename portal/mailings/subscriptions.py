"""Subscribing with double opt-in, unsubscribing by a signed link, and addresses that bounce."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from portal.database import utcnow
from portal.extensions import db
from portal.mail.services import queue_message
from portal.mailings.models import Subscriber, Suppression
from portal.mailings.states import SuppressionReason
from portal.signing import sign, unsign
from portal.urls import site_url

_CONFIRM_SALT = "mailings-subscribe"
_UNSUBSCRIBE_SALT = "mailings-unsubscribe"


def normalise_address(address: str) -> str:
    return (address or "").strip().lower()


def subscribe(address: str, locale: str) -> None:
    """Record the wish and email the confirmation link; a confirmed address is left as it is."""
    address = normalise_address(address)
    subscriber = db.session.scalar(db.select(Subscriber).where(Subscriber.email == address))
    if subscriber is None:
        subscriber = Subscriber(email=address, locale=locale)
        db.session.add(subscriber)
        db.session.flush()
    elif subscriber.confirmed_at is not None:
        return  # the page answers the same: nothing tells a stranger the address is known
    else:
        subscriber.locale, subscriber.consent_at = locale, utcnow()
    token = confirmation_token(subscriber.email)
    hours = int(current_app.config["SUBSCRIBE_CONFIRM_HOURS"])
    queue_message(subscriber.email, "subscription_confirm", _l("Please confirm your subscription"),
                  subscriber.locale, link=site_url("mailings.confirm", token=token), hours=hours)


def confirmation_token(address: str) -> str:
    """The signed, dated token of the confirmation link (it lapses after SUBSCRIBE_CONFIRM_HOURS)."""
    return sign(normalise_address(address), _CONFIRM_SALT, dated=True)


def subscriber_for_token(token: str) -> Subscriber | None:
    """The subscriber a confirmation link names, or None when it is forged, lapsed or purged."""
    max_age = int(current_app.config["SUBSCRIBE_CONFIRM_HOURS"]) * 3600
    address = unsign(token, _CONFIRM_SALT, max_age=max_age)
    if not isinstance(address, str):
        return None
    return db.session.scalar(db.select(Subscriber).where(Subscriber.email == address))


def confirm(subscriber: Subscriber) -> None:
    """Count the subscription; the address proved it receives mail, so earlier suppressions lapse."""
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = utcnow()
    db.session.execute(delete(Suppression).where(Suppression.address == subscriber.email))
    db.session.flush()


def unsubscribe_token(address: str) -> str:
    return sign(normalise_address(address), _UNSUBSCRIBE_SALT)


def address_for_unsubscribe_token(token: str) -> str | None:
    address = unsign(token, _UNSUBSCRIBE_SALT)
    return address if isinstance(address, str) else None


def _suppress(address: str, reason: SuppressionReason) -> None:
    address = normalise_address(address)
    found = db.session.scalar(db.select(Suppression).where(Suppression.address == address))
    if found is None:
        db.session.add(Suppression(address=address, reason=reason))
    elif reason == SuppressionReason.UNSUBSCRIBED:
        found.reason = reason  # the person's own word outranks a bounce
    db.session.flush()


def unsubscribe(address: str) -> None:
    """Stop every later mailing to the address (transactional mail is not affected)."""
    _suppress(address, SuppressionReason.UNSUBSCRIBED)


def mark_bouncing(address: str) -> None:
    """Skip the address in later mailings: its server refused it permanently."""
    _suppress(address, SuppressionReason.BOUNCING)


def suppression_of(address: str) -> Suppression | None:
    return db.session.scalar(db.select(Suppression).where(Suppression.address == normalise_address(address)))
