"""The staff's overview at /staff/: what waits for them, where memberships and dues stand, what comes next.

Every figure is one aggregate query (a count or a sum, grouped where a chart needs it) on an
indexed column, never a loop over firms or payments in Python: the page stays fast at 100,000
firms (`make bench`, part `dashboard`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import format_date
from flask_babel import gettext as _
from markupsafe import Markup

from portal.events.models import Event
from portal.events.services import next_published_events
from portal.extensions import db
from portal.i18n import local_today
from portal.mail.services import failed_count
from portal.members.models import Firm
from portal.members.services import pending_revision_count
from portal.members import tiers
from portal.memberships import applications, overview
from portal.memberships.dues import YearDues, year_dues
from portal.memberships.money import format_yuan
from portal.staff.charts import Bar, bar_chart

#: Events listed, soonest first; the events page has the rest.
UPCOMING_EVENTS = 5


@dataclass
class Chart:
    chart_id: str
    svg: Markup
    title: str
    #: The headings of the table that gives the same numbers: what each bar is, what it counts.
    label_heading: str
    value_heading: str
    rows: list[Bar]


@dataclass
class Overview:
    applications_waiting: int
    revisions_waiting: int
    renewals_due: int
    due_within_days: int
    in_grace: int
    lapsed_this_year: int
    dues: YearDues
    events: list[Event]
    mail_failures: int
    tier_chart: Chart
    month_chart: Chart


def firms_by_tier() -> list[Bar]:
    """Count the firms listed in the directory at each tier, in the directory's order of tiers.

    The one place the overview knows tiers: their codes, order and labels come from
    portal.members.tiers. A code the firms hold that the list lacks follows, labelled as itself.
    """
    counts = dict(db.session.execute(sa.select(Firm.tier, sa.func.count()).where(Firm.is_public)
                                     .group_by(Firm.tier)).all())
    known = tiers.codes()
    codes = [*known, *sorted(code for code in counts if code not in known)]
    return [Bar(tiers.label(code), counts.get(code, 0), f"{counts.get(code, 0):,}") for code in codes]


def dues_by_month(dues: YearDues) -> list[Bar]:
    """The money received in each month of the year, months named in the reader's language."""
    return [Bar(format_date(date(dues.year, month, 1), "MMM"), fen, format_yuan(fen))
            for month, fen in enumerate(dues.received_by_month, start=1)]


def _chart(chart_id: str, title: str, headings: tuple[str, str], bars: list[Bar]) -> Chart:
    return Chart(chart_id, bar_chart(chart_id, title, bars), title, *headings, bars)


def staff_overview() -> Overview:
    """Gather the overview's figures as of today (the site's clock, Beijing's date)."""
    today = local_today()
    dues = year_dues(today.year)
    return Overview(
        applications_waiting=applications.pending_count(),
        revisions_waiting=pending_revision_count(),
        renewals_due=overview.renewals_due_count(today),
        due_within_days=overview.DUE_WITHIN_DAYS,
        in_grace=overview.in_grace_count(today),
        lapsed_this_year=overview.lapsed_this_year_count(today),
        dues=dues,
        events=next_published_events(UPCOMING_EVENTS),
        mail_failures=failed_count(),
        tier_chart=_chart("chart-tiers", _("Member firms in the directory, by tier"),
                          (_("Tier"), _("Number of firms")), firms_by_tier()),
        month_chart=_chart("chart-dues", _("Dues received by month, %(year)s", year=today.year),
                           (_("Month"), _("Dues received")), dues_by_month(dues)),
    )
