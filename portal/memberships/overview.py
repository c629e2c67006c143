"""Which firms renew soon, which are in their grace, which have lapsed: the staff's lists."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from portal.extensions import db
from portal.i18n import local_today
from portal.members.models import Firm
from portal.members.standing import listing_cutoff
from portal.members.states import FirmStatus

#: Renewals due within this many days are listed.
DUE_WITHIN_DAYS = 30
#: Rows shown per list; the export has every firm.
LIST_LIMIT = 200


@dataclass
class FirmList:
    firms: list[Firm]
    total: int


def _listed(condition, order) -> FirmList:
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Firm).where(condition))
    firms = db.session.scalars(sa.select(Firm).where(condition).order_by(*order).limit(LIST_LIMIT)).all()
    return FirmList(list(firms), total)


def renewals_due(today: date | None = None, within: int = DUE_WITHIN_DAYS) -> FirmList:
    """Active firms whose membership ends from today to `within` days ahead, soonest first."""
    today = today or local_today()
    return _listed(sa.and_(Firm.status == FirmStatus.ACTIVE, Firm.membership_ends_on >= today,
                           Firm.membership_ends_on <= today + timedelta(days=within)),
                   (Firm.membership_ends_on, Firm.sort_key))


def in_grace(today: date | None = None) -> FirmList:
    """Active firms whose membership has ended but whose grace has not: listed until it runs out."""
    today = today or local_today()
    return _listed(sa.and_(Firm.status == FirmStatus.ACTIVE, Firm.membership_ends_on < today,
                           Firm.membership_ends_on >= listing_cutoff(today)),
                   (Firm.membership_ends_on, Firm.sort_key))


def lapsed(today: date | None = None) -> FirmList:
    """Lapsed firms, and active ones past their grace that the next run will mark; latest end first."""
    cutoff = listing_cutoff(today or local_today())
    return _listed(sa.or_(Firm.status == FirmStatus.LAPSED, Firm.membership_ends_on < cutoff),
                   (Firm.membership_ends_on.desc().nulls_last(), Firm.sort_key))
