"""Who a mailing goes to, as one query: member representatives, confirmed subscribers, or both."""
from __future__ import annotations

from sqlalchemy import exists, false, func, literal, union_all

from portal.auth.models import User
from portal.extensions import db
from portal.mailings.models import Mailing, MailingOptOut, MailingRecipient, Subscriber, Suppression
from portal.mailings.states import MailingAudience
from portal.members.models import Firm, FirmIndustry
from portal.members.states import FirmStatus
from portal.permissions import Role


def _members(mailing: Mailing):
    query = (db.select(func.lower(func.trim(User.email)).label("address"), User.locale.label("locale"))
             .join(Firm, Firm.id == User.firm_id)
             .where(User.role == Role.MEMBER.value, User.is_enabled.is_(True), User.erased_at.is_(None),
                    Firm.status == FirmStatus.ACTIVE))
    if mailing.tier:
        query = query.where(Firm.tier == mailing.tier)
    if mailing.industry:
        query = query.where(exists().where(FirmIndustry.firm_id == Firm.id,
                                           FirmIndustry.industry == mailing.industry))
    return query


def _subscribers():
    return (db.select(func.lower(func.trim(Subscriber.email)).label("address"), Subscriber.locale.label("locale"))
            .where(Subscriber.confirmed_at.is_not(None)))


def reaches_subscribers(mailing: Mailing, members_only: bool) -> bool:
    """A members-only event or issue is never announced outside the membership."""
    return mailing.audience != MailingAudience.MEMBERS and not members_only


def recipients_query(mailing: Mailing, members_only: bool):
    """SELECT (mailing_id, address, locale): each address once, none suppressed or opted out, none already fixed."""
    parts = []
    if mailing.audience in (MailingAudience.MEMBERS, MailingAudience.EVERYONE):
        parts.append(_members(mailing))
    if reaches_subscribers(mailing, members_only):
        parts.append(_subscribers())
    if not parts:  # subscribers only, for something members alone may see: nobody
        return db.select(literal(mailing.id).label("mailing_id"), literal("").label("address"),
                         literal("").label("locale")).where(false())
    everyone = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    address = everyone.c.address
    return (db.select(literal(mailing.id).label("mailing_id"), address, func.min(everyone.c.locale))
            .where(~exists().where(Suppression.address == address),
                   ~exists().where(MailingOptOut.address == address, MailingOptOut.kind == mailing.source),
                   ~exists().where(MailingRecipient.mailing_id == mailing.id, MailingRecipient.address == address))
            .group_by(address))
