"""A year's dues in sums: money received, dues owed, and money received month by month."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from portal.extensions import db
from portal.i18n import local_today
from portal.memberships.models import MembershipPayment, MembershipPeriod


@dataclass
class YearDues:
    """Fen received and owed in one calendar year; see `year_dues` for what each counts."""

    year: int
    received_fen: int
    owed_fen: int

    @property
    def received_share(self) -> int | None:
        """Received as a whole percentage of owed; None when nothing is owed."""
        return round(100 * self.received_fen / self.owed_fen) if self.owed_fen else None


def _bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def year_dues(year: int | None = None) -> YearDues:
    """Return the dues received and owed in a calendar year (this year, by Beijing's date, if none).

    Received: the sum of every payment whose date received falls in the year, whatever period
    it pays for (a deposit, arrears, next year's renewal paid in December).
    Owed: the sum of the full dues of every period that overlaps the year by a day or more,
    whether or not anything has been paid on it. A period is counted whole, never shared out by
    days: one running from last year into this one, or on into next year, is owed in each year
    it touches (with a calendar membership year every period lies within one year).
    The two need not match: December's renewals for next year are received this year and owed
    next year.
    """
    year = year or local_today().year
    first, last = _bounds(year)
    received = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(MembershipPayment.amount_fen), 0))
                                 .where(MembershipPayment.received_on.between(first, last)))
    owed = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(MembershipPeriod.dues_fen), 0))
                             .where(MembershipPeriod.ends_on >= first, MembershipPeriod.starts_on <= last))
    return YearDues(year, int(received or 0), int(owed or 0))


def received_by_month(year: int | None = None) -> list[int]:
    """Return the fen received in each month of a calendar year (twelve sums, January first)."""
    year = year or local_today().year
    first, last = _bounds(year)
    month = sa.extract("month", MembershipPayment.received_on)
    rows = db.session.execute(sa.select(month, sa.func.sum(MembershipPayment.amount_fen))
                              .where(MembershipPayment.received_on.between(first, last)).group_by(month))
    sums = [0] * 12
    for number, fen in rows:
        sums[int(number) - 1] = int(fen or 0)
    return sums
