"""Which kinds of mailing an address receives, as its owner chose, and the language to ask them in."""
from __future__ import annotations

from sqlalchemy import delete, func

from portal.auth.models import User
from portal.extensions import db
from portal.mailings.models import MailingOptOut, Subscriber, Suppression
from portal.mailings.states import MailingKind, SuppressionReason
from portal.mailings.subscriptions import normalise_address


def wanted_kinds(address: str) -> set[MailingKind]:
    """The kinds of mailing the address receives: none once it unsubscribed, else all it did not opt out of."""
    address = normalise_address(address)
    if _suppression_reason(address) == SuppressionReason.UNSUBSCRIBED:
        return set()
    opted_out = set(db.session.scalars(db.select(MailingOptOut.kind).where(MailingOptOut.address == address)))
    return {kind for kind in MailingKind if kind.value not in opted_out}


def choose(address: str, wanted: set[MailingKind]) -> None:
    """Receive the `wanted` kinds and no others; wanting any ends an earlier unsubscription from everything."""
    address = normalise_address(address)
    unwanted = {kind.value for kind in MailingKind} - {kind.value for kind in wanted}
    db.session.execute(delete(MailingOptOut).where(MailingOptOut.address == address,
                                                   MailingOptOut.kind.not_in(unwanted))
                       .execution_options(synchronize_session=False))
    have = set(db.session.scalars(db.select(MailingOptOut.kind).where(MailingOptOut.address == address)))
    db.session.add_all(MailingOptOut(address=address, kind=kind) for kind in sorted(unwanted - have))
    if wanted:
        # The person's own word, given after the unsubscription; a bounce stays (the server's word).
        db.session.execute(delete(Suppression).where(Suppression.address == address,
                                                     Suppression.reason == SuppressionReason.UNSUBSCRIBED)
                           .execution_options(synchronize_session=False))
    db.session.flush()


def is_bouncing(address: str) -> bool:
    """Whether mail to the address is refused by its server (then no choice brings mailings back)."""
    return _suppression_reason(normalise_address(address)) == SuppressionReason.BOUNCING


def _suppression_reason(address: str) -> str | None:
    return db.session.scalar(db.select(Suppression.reason).where(Suppression.address == address))


def language_of(address: str) -> str | None:
    """The language the address's owner reads us in: the one they subscribed in, else their account's."""
    address = normalise_address(address)
    locale = db.session.scalar(db.select(Subscriber.locale).where(Subscriber.email == address))
    if locale is None:
        locale = db.session.scalar(db.select(User.locale).where(func.lower(func.trim(User.email)) == address)
                                   .order_by(User.id).limit(1))
    return locale or None
