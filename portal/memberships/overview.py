"""Which firms renew soon, which are in their grace, which have lapsed: the staff's lists and counts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from portal.extensions import db
from portal.i18n import local_today
from portal.members.models import Firm
from portal.members.standing import grace_days, listing_cutoff
from portal.members.states import FirmStatus

#: Renewals due within this many days are listed.
DUE_WITHIN_DAYS = 30
#: Rows shown per list; the export has every firm.
LIST_LIMIT = 200


@dataclass
class FirmList:
    firms: list[Firm]
    total: int


# Each list and its count (the dashboard's figure) share one condition, so the two always agree.

def _due(today: date, within: int):
    return sa.and_(Firm.status == FirmStatus.ACTIVE, Firm.membership_ends_on >= today,
                   Firm.membership_ends_on <= today + timedelta(days=within))


def _grace(today: date):
    return sa.and_(Firm.status == FirmStatus.ACTIVE, Firm.membership_ends_on < today,
                   Firm.membership_ends_on >= listing_cutoff(today))


def _lapsed(today: date):
    return sa.or_(Firm.status == FirmStatus.LAPSED, Firm.membership_ends_on < listing_cutoff(today))


def _count(condition) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Firm).where(condition)) or 0


def _listed(condition, order) -> FirmList:
    firms = db.session.scalars(sa.select(Firm).where(condition).order_by(*order).limit(LIST_LIMIT)).all()
    return FirmList(list(firms), _count(condition))


def renewals_due(today: date | None = None, within: int = DUE_WITHIN_DAYS) -> FirmList:
    """Active firms whose membership ends from today to `within` days ahead, soonest first."""
    return _listed(_due(today or local_today(), within), (Firm.membership_ends_on, Firm.sort_key))


def in_grace(today: date | None = None) -> FirmList:
    """Active firms whose membership has ended but whose grace has not: listed until it runs out."""
    return _listed(_grace(today or local_today()), (Firm.membership_ends_on, Firm.sort_key))


def lapsed(today: date | None = None) -> FirmList:
    """Lapsed firms, and active ones past their grace that the next run will mark; latest end first."""
    return _listed(_lapsed(today or local_today()), (Firm.membership_ends_on.desc().nulls_last(), Firm.sort_key))


def renewals_due_count(today: date | None = None, within: int = DUE_WITHIN_DAYS) -> int:
    """Count the firms `renewals_due` lists."""
    return _count(_due(today or local_today(), within))


def in_grace_count(today: date | None = None) -> int:
    """Count the firms `in_grace` lists."""
    return _count(_grace(today or local_today()))


def lapsed_this_year_count(today: date | None = None) -> int:
    """Count the firms that lapsed this year (Beijing dates): their grace ran out from 1 January to today.

    A firm lapses the day after its grace ends, its membership's end plus the grace days plus
    one, whether or not `memberships run` has marked it yet (the directory hides it that day).
    Counted by that date alone: a firm that renewed has a later end and is not counted; one that
    staff marked lapsed by hand, with its membership still running, has no lapse date to count by.
    """
    today = today or local_today()
    earliest_end = date(today.year, 1, 1) - timedelta(days=grace_days() + 1)
    return _count(sa.and_(Firm.membership_ends_on >= earliest_end, Firm.membership_ends_on < listing_cutoff(today)))
