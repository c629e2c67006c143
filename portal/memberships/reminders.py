"""`memberships run`: reminders before a membership ends, then lapse after the grace; set-based.

Safe from cron and the worker alike, and after any downtime. Reminders: one statement finds the
(period, reminder) pairs due and inserts their rows (INSERT … SELECT … ON CONFLICT DO NOTHING
RETURNING), so the unique key (period, kind) decides who sends each one when two runs overlap;
then one query reads the representatives of the periods just claimed; a message is rendered once
per language, end and tier, each firm's name filled in, and the messages are added to the outbox
in batches of one statement each (sent once the run commits). A period whose
end is nearer than several reminder distances (the worker was down) gets the nearest reminder
only; the farther ones get rows marked skipped, so they never go later either. Lapse: one UPDATE
marks lapsed every active firm whose membership ended before the grace, and one DELETE takes them
out of the search index.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from markupsafe import escape
from sqlalchemy.dialects import postgresql, sqlite

from portal.audit.services import record_many
from portal.auth.models import User
from portal.database import UTCDateTime, utcnow
from portal.extensions import db
from portal.i18n import local_today
from portal.mail.services import add_many
from portal.mail.styling import inline_styles
from portal.members.models import Firm
from portal.members.standing import grace_days, listing_cutoff
from portal.members.states import FirmStatus
from portal.memberships.models import MembershipPeriod, MembershipReminder
from portal.memberships.money import format_yuan
from portal.memberships.periods import dues_for
from portal.permissions import Role
from portal.search import remove_many
from portal.urls import site_url


@dataclass
class RunSummary:
    reminders: int = 0
    emails: int = 0
    skipped: int = 0
    lapsed: int = 0

    def __str__(self) -> str:
        return (f"reminders {self.reminders} ({self.emails} emails), passed over {self.skipped}, "
                f"lapsed {self.lapsed}")


def reminder_days() -> list[int]:
    """Return the reminder distances (days before the end), nearest first, from MEMBERSHIP_REMINDER_DAYS."""
    raw = current_app.config["MEMBERSHIP_REMINDER_DAYS"]
    parts = raw if isinstance(raw, (list, tuple)) else str(raw).split(",")
    try:
        days = sorted({int(str(part).strip()) for part in parts if str(part).strip()})
    except ValueError:
        raise RuntimeError(f"MEMBERSHIP_REMINDER_DAYS must be whole days such as 30,7, not {raw!r}") from None
    if any(not 0 <= day <= 366 for day in days):
        raise RuntimeError(f"MEMBERSHIP_REMINDER_DAYS must be from 0 to 366 days, not {raw!r}")
    return days


def run(today: date | None = None) -> RunSummary:
    """Send what reminders are due and mark lapsed the firms past their grace; flushes."""
    today, now = today or local_today(), utcnow()
    summary = RunSummary()
    claimed = claim_due_reminders(today, now)
    summary.reminders = sum(1 for row in claimed if not row.skipped)
    summary.skipped = len(claimed) - summary.reminders
    if summary.reminders:
        summary.emails = write_reminders(now, today)
    summary.lapsed = lapse_past_grace(today)
    return summary


def _insert(table):
    """Return the INSERT of this database, which knows ON CONFLICT DO NOTHING."""
    dialect = db.session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(table)


def claim_due_reminders(today: date, now: datetime) -> list:
    """Insert a row for every reminder due and not yet recorded; return the rows this run inserted."""
    period, firm, reminder = MembershipPeriod, Firm, MembershipReminder.__table__
    days = reminder_days()
    if not days:
        return []
    cutoff = listing_cutoff(today)
    due = []
    for index, distance in enumerate(days):
        # Nearer reminders are due too: this one is passed over for the nearest.
        skipped = (period.ends_on <= today + timedelta(days=days[index - 1])) if index else sa.false()
        due.append(
            sa.select(period.id.label("period_id"), sa.literal(str(distance), sa.String).label("kind"),
                      skipped.label("skipped"), sa.literal(now, UTCDateTime).label("sent_at"))
            # The firm's latest period only (its end is the firm's), of a firm still listed.
            .join(firm, sa.and_(firm.id == period.firm_id, firm.membership_ends_on == period.ends_on))
            .where(firm.status == FirmStatus.ACTIVE, period.ends_on >= cutoff,
                   period.ends_on <= today + timedelta(days=distance)))
    pairs = (due[0] if len(due) == 1 else sa.union_all(*due)).subquery()
    # WHERE true: SQLite would read ON CONFLICT as the join constraint of a bare SELECT.
    statement = (_insert(reminder).from_select(["period_id", "kind", "skipped", "sent_at"],
                                               sa.select(pairs).where(sa.true()))
                 .on_conflict_do_nothing(index_elements=["period_id", "kind"])
                 .returning(reminder.c.id, reminder.c.skipped))
    return db.session.execute(statement).all()


#: Stands for the firm's name in a reminder rendered once for many firms: plain ASCII that HTML
#: escaping leaves alone, so one str.replace fills in each firm (as mailings fill their links).
FIRM_MARK = "__portal_firm_name__"
#: Rows read and messages written at a time: memory stays bounded however many are due.
BATCH = 2000


def write_reminders(now: datetime, today: date) -> int:
    """Queue the emails of the reminders this run claimed (sent at `now`); return how many.

    A reminder is rendered once per language, end and tier (on 1 December every firm of a
    calendar-year association is due, and they share three or four renderings), then each
    firm's name is filled in.
    """
    query = (
        sa.select(MembershipPeriod.id.label("period_id"), MembershipPeriod.ends_on, Firm.name, Firm.tier,
                  User.email, User.locale)
        .select_from(MembershipReminder)
        .join(MembershipPeriod, MembershipPeriod.id == MembershipReminder.period_id)
        .join(Firm, Firm.id == MembershipPeriod.firm_id)
        .join(User, sa.and_(User.firm_id == Firm.id, User.role == Role.MEMBER.value, User.is_enabled.is_(True),
                            User.erased_at.is_(None)))
        .where(MembershipReminder.sent_at == now, MembershipReminder.skipped.is_(False))
        .order_by(Firm.id, User.id))
    rows = db.session.execute(query.execution_options(yield_per=BATCH))
    context, rendered, written = _shared_context(), {}, 0
    for partition in rows.partitions():
        messages = []
        for row in partition:
            key = (row.locale or "zh", row.ends_on, row.tier)
            if key not in rendered:
                rendered[key] = _render(*key, today, context)
            subject, text, html = rendered[key]
            messages.append({"recipient": row.email, "subject": subject,
                             "text_body": text.replace(FIRM_MARK, row.name),
                             "html_body": html.replace(FIRM_MARK, str(escape(row.name))),
                             "reference": f"membership:{row.period_id}"})
        written += add_many(messages)
    return written


def _shared_context() -> dict:
    config = current_app.config
    return {"link": site_url("memberships.mine"), "grace_days": grace_days(),
            "payee": config["MEMBERSHIP_PAYEE"] or config["SITE_NAME"], "bank_name": config["MEMBERSHIP_BANK_NAME"],
            "bank_account": config["MEMBERSHIP_BANK_ACCOUNT"], "firm": SimpleNamespace(name=FIRM_MARK)}


def _render(locale: str, ends_on: date, tier: str, today: date, context: dict) -> tuple[str, str, str]:
    """Render a reminder in one language for an end and a tier: (subject, text, html), the firm to fill in."""
    days_left = (ends_on - today).days
    values = {**context, "ends_on": ends_on, "days_left": days_left,
              "grace_ends_on": ends_on + timedelta(days=context["grace_days"]), "dues": format_yuan(dues_for(tier))}
    with force_locale(locale):
        subject = str(_l("Your membership ends on %(day)s: renewal", day=ends_on.isoformat())
                      if days_left >= 0 else
                      _l("Your membership ended on %(day)s: renewal", day=ends_on.isoformat()))
        text = render_template("email/membership_reminder.txt", subject=subject, **values)
        # Styled from the mail stylesheet as queue_message styles every other mail.
        html = inline_styles(render_template("email/membership_reminder.html", subject=subject, images={}, **values))
    return subject, text, html


def lapse_past_grace(today: date) -> int:
    """Mark lapsed every active firm whose membership ended before its grace; return how many."""
    past = sa.and_(Firm.status == FirmStatus.ACTIVE, Firm.membership_ends_on < listing_cutoff(today))
    remove_many("firm", sa.select(Firm.id).where(past))
    lapsed = db.session.execute(
        sa.update(Firm).where(past).values(status=FirmStatus.LAPSED.value)
        .returning(Firm.id, Firm.membership_ends_on).execution_options(synchronize_session=False)).all()
    record_many(None, "firm.lapsed", [(f"firm:{firm_id}", {"ended_on": ended.isoformat(), "grace_days": grace_days()})
                                      for firm_id, ended in lapsed])
    return len(lapsed)
