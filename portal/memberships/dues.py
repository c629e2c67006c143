"""A year's dues in sums: money received (in all and month by month) and dues owed."""
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
    #: Fen received in each month, January first.
    received_by_month: list[int]
    owed_fen: int

    @property
    def received_fen(self) -> int:
        return sum(self.received_by_month)

    @property
    def received_share(self) -> int | None:
        """Received as a whole percentage of owed; None when nothing is owed."""
        return round(100 * self.received_fen / self.owed_fen) if self.owed_fen else None


def _received_by_month(first: date, last: date) -> list[int]:
    # Summed by day, not by month: the days come in the index's order (received_on, amount_fen),
    # so the database adds up as it reads, where a month computed per row (strftime on SQLite)
    # would cost more than the sum. At most 366 sums come back, folded into months here.
    rows = db.session.execute(sa.select(MembershipPayment.received_on, sa.func.sum(MembershipPayment.amount_fen))
                              .where(MembershipPayment.received_on.between(first, last))
                              .group_by(MembershipPayment.received_on))
    months = [0] * 12
    for day, fen in rows:
        months[day.month - 1] += int(fen or 0)
    return months


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
    first, last = date(year, 1, 1), date(year, 12, 31)
    owed = db.session.scalar(sa.select(sa.func.coalesce(sa.func.sum(MembershipPeriod.dues_fen), 0))
                             .where(MembershipPeriod.ends_on >= first, MembershipPeriod.starts_on <= last))
    return YearDues(year, _received_by_month(first, last), int(owed or 0))
