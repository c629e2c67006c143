"""Paid periods: the membership year, dues, payments that extend a membership, and standing."""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func

from portal.audit.services import record
from portal.extensions import db
from portal.i18n import local_today
from portal.members import tiers
from portal.members.models import Firm
from portal.members.services import set_standing
from portal.members.standing import grace_days, listing_cutoff
from portal.members.states import FirmStatus
from portal.memberships.models import MembershipPayment, MembershipPeriod, MembershipReminder
from portal.memberships.money import MAX_FEN
from portal.memberships.states import PaymentMethod, Standing

YEAR_KINDS = ("calendar", "anniversary")
#: How far ahead one payment may extend a membership; further is a typing slip (2062 for 2026).
MAX_YEARS_AHEAD = 10
#: Receipts are for money received since the portal's bookkeeping could have begun.
EARLIEST_RECEIVED = date(2000, 1, 1)


class PaymentError(ValueError):
    """A payment that cannot be recorded, with a reason fit to show."""


def membership_year() -> str:
    """Return how periods run: "calendar" (to 31 December) or "anniversary" (twelve months)."""
    kind = str(current_app.config["MEMBERSHIP_YEAR"]).strip().lower()
    if kind not in YEAR_KINDS:
        raise RuntimeError(f"MEMBERSHIP_YEAR must be calendar or anniversary, not {kind!r}")
    return kind


def _next_year_from_month() -> int:
    """Return the month from which a calendar-year membership starting then runs to the next year's end."""
    try:
        month = int(current_app.config["MEMBERSHIP_NEXT_YEAR_FROM_MONTH"])
    except (TypeError, ValueError):
        raise RuntimeError("MEMBERSHIP_NEXT_YEAR_FROM_MONTH must be a month, 1 to 13") from None
    if not 1 <= month <= 13:
        raise RuntimeError(f"MEMBERSHIP_NEXT_YEAR_FROM_MONTH must be a month, 1 to 13, not {month}")
    return month


def dues_for(tier: str) -> int:
    """Return a year's dues of a tier, in fen, as admins set them on the tiers page (0 for an unknown tier)."""
    return tiers.dues_fen(tier)


def _years_after(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 1 March in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def period_end(starts_on: date) -> date:
    """Return the last day of a membership year beginning on `starts_on`."""
    if membership_year() == "calendar":
        late = starts_on.month >= _next_year_from_month()
        return date(starts_on.year + (1 if late else 0), 12, 31)
    return _years_after(starts_on, 1) - timedelta(days=1)


def years_covered(starts_on: date, ends_on: date) -> int:
    """Return how many years' dues a period owes: its length in years, rounded, and at least one.

    Rounded, not counted by calendar years touched: a firm joining in December and paying to
    the end of next year owes one year, not two. Staff give another amount where the
    association agreed one (`--amount`).
    """
    days = (ends_on - starts_on).days + 1
    return max(1, round(days / 365.25))


def latest_period(firm: Firm) -> MembershipPeriod | None:
    return db.session.scalar(db.select(MembershipPeriod).where(MembershipPeriod.firm_id == firm.id)
                             .order_by(MembershipPeriod.ends_on.desc(), MembershipPeriod.id.desc()).limit(1))


def periods_of(firm: Firm) -> list[MembershipPeriod]:
    """Return the firm's periods, latest first."""
    return list(db.session.scalars(db.select(MembershipPeriod).where(MembershipPeriod.firm_id == firm.id)
                                   .order_by(MembershipPeriod.ends_on.desc(), MembershipPeriod.id.desc())))


def payments_of(firm: Firm) -> list[MembershipPayment]:
    """Return the firm's payments, latest first."""
    return list(db.session.scalars(db.select(MembershipPayment).where(MembershipPayment.firm_id == firm.id)
                                   .order_by(MembershipPayment.received_on.desc(), MembershipPayment.id.desc())))


def paid_on(period: MembershipPeriod) -> int:
    """Return the fen paid towards a period so far."""
    return db.session.scalar(db.select(func.coalesce(func.sum(MembershipPayment.amount_fen), 0))
                             .where(MembershipPayment.period_id == period.id)) or 0


def standing(firm: Firm, today: date | None = None) -> Standing:
    """Return where the firm's membership stands today."""
    today = today or local_today()
    if firm.status == FirmStatus.LAPSED:
        return Standing.LAPSED
    if firm.membership_ends_on is None:
        return Standing.OPEN
    if firm.membership_ends_on >= today:
        return Standing.CURRENT
    return Standing.GRACE if firm.membership_ends_on >= listing_cutoff(today) else Standing.LAPSED


def grace_ends_on(firm: Firm) -> date | None:
    """Return the last day a firm whose membership has ended stays listed."""
    if firm.membership_ends_on is None:
        return None
    return firm.membership_ends_on + timedelta(days=grace_days())


def _renews(firm: Firm, latest: MembershipPeriod | None, today: date) -> bool:
    """Tell whether a new period follows on from the latest (no gap: the firm never lapsed)."""
    return latest is not None and firm.status == FirmStatus.ACTIVE and latest.ends_on >= listing_cutoff(today)


def next_period(firm: Firm, today: date | None = None) -> tuple[date, date]:
    """Return the (start, end) a renewal would have: on from the latest period, or from today."""
    today = today or local_today()
    latest = latest_period(firm)
    starts_on = latest.ends_on + timedelta(days=1) if _renews(firm, latest, today) else today
    return starts_on, period_end(starts_on)


def open_period(actor, firm: Firm, starts_on: date | None = None) -> MembershipPeriod:
    """Give a firm its first (or next) membership year at its tier's dues, unpaid; flushes."""
    starts_on = starts_on or local_today()
    ends_on = period_end(starts_on)
    period = MembershipPeriod(firm_id=firm.id, starts_on=starts_on, ends_on=ends_on, tier=firm.tier,
                              dues_fen=dues_for(firm.tier))
    db.session.add(period)
    firm.membership_ends_on = max(firm.membership_ends_on or ends_on, ends_on)
    db.session.flush()
    record(actor, "membership.period_opened", f"firm:{firm.id}", period=period.id,
           starts_on=starts_on.isoformat(), ends_on=ends_on.isoformat())
    return period


def check_payment(until: date, amount_fen: int | None, method: str, reference: str, received_on: date,
                  today: date) -> None:
    """Refuse what no treasurer means: unknown methods, future receipts, ends decades away."""
    if PaymentMethod.parse(method) is None:
        raise PaymentError(_l("Choose how the money was paid."))
    if amount_fen is not None and not 0 <= amount_fen <= MAX_FEN:
        raise PaymentError(_l("That amount is too large for one payment."))
    if len(reference) > MembershipPayment.reference.type.length:
        raise PaymentError(_l("The reference takes at most 100 characters."))
    if received_on > today:
        raise PaymentError(_l("The money cannot have been received after today."))
    if received_on < EARLIEST_RECEIVED:
        raise PaymentError(_l("The date received is too far in the past."))
    if until > _years_after(today, MAX_YEARS_AHEAD):
        raise PaymentError(_l("A payment extends a membership by at most ten years."))


def record_payment(actor, firm: Firm, until: date, amount_fen: int | None = None,
                   method: str = PaymentMethod.BANK, reference: str = "",
                   received_on: date | None = None) -> MembershipPayment:
    """Record a payment and extend the firm's membership to `until`; a lapsed firm is active again.

    The payment pays for the period that runs to `until`: an existing one when the membership
    already reaches that day; the latest one made longer while nothing has been paid on it (the
    first year that an approval opened); otherwise a new period, on from the latest or, after a
    lapse, from today. Without an amount, the payment is what the period still owes. Flushes.
    """
    today = local_today()
    received_on = received_on or today
    reference = (reference or "").strip()
    check_payment(until, amount_fen, method, reference, received_on, today)
    latest = latest_period(firm)
    if latest is not None and until <= latest.ends_on:
        period = db.session.scalar(db.select(MembershipPeriod).where(
            MembershipPeriod.firm_id == firm.id, MembershipPeriod.starts_on <= until,
            MembershipPeriod.ends_on >= until).order_by(MembershipPeriod.ends_on.desc()).limit(1)) or latest
    elif latest is not None and _renews(firm, latest, today) and not latest.payments:
        latest.ends_on = until
        latest.dues_fen = dues_for(latest.tier) * years_covered(latest.starts_on, until)
        # Its reminders spoke of the old end; the new end has reminders of its own to come.
        db.session.execute(delete(MembershipReminder).where(MembershipReminder.period_id == latest.id))
        period = latest
    else:
        starts_on = latest.ends_on + timedelta(days=1) if _renews(firm, latest, today) else today
        if until < starts_on:
            raise PaymentError(_l("The membership would end before it starts: give a date from %(day)s on.",
                                  day=starts_on.isoformat()))
        period = MembershipPeriod(firm_id=firm.id, starts_on=starts_on, ends_on=until, tier=firm.tier,
                                  dues_fen=dues_for(firm.tier) * years_covered(starts_on, until))
        db.session.add(period)
    db.session.flush()
    if amount_fen is None:
        amount_fen = max(0, period.dues_fen - paid_on(period))
    payment = MembershipPayment(firm_id=firm.id, period_id=period.id, amount_fen=amount_fen, method=method,
                                reference=reference, received_on=received_on,
                                recorded_by_id=getattr(actor, "id", None))
    db.session.add(payment)
    firm.membership_ends_on = max(firm.membership_ends_on or until, until)
    db.session.flush()
    record(actor, "membership.payment_recorded", f"firm:{firm.id}", payment=payment.id, period=period.id,
           amount_fen=amount_fen, method=str(method), until=until.isoformat())
    if firm.status != FirmStatus.ACTIVE and firm.membership_ends_on >= listing_cutoff(today):
        # Renewed (not arrears of a year long gone): back in the directory, search and API.
        set_standing(actor, firm, firm.tier, FirmStatus.ACTIVE)
    return payment
