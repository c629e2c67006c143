"""Applications to join, a firm's paid membership periods, its payments, and the reminders sent."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import UTCDateTime, one_of, utcnow
from portal.extensions import db
from portal.memberships.states import PaymentMethod



class MembershipPeriod(db.Model):
    """A stretch of membership (both days included) at a tier, with the dues owed for it."""

    __tablename__ = "membership_periods"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("dues_fen >= 0", name="dues_not_negative"),
        # A firm's periods by end: its latest, and the reminders' join on the firm's end.
        Index("ix_membership_periods_firm_ends", "firm_id", "ends_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    #: The tier code the dues were reckoned at (no CHECK: tiers become staff's to add).
    tier: Mapped[str] = mapped_column(String(20))
    #: What the period costs, in fen (integers only: ¥2,000.00 is 200000).
    dues_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    firm = relationship("Firm")
    payments: Mapped[list[MembershipPayment]] = relationship(
        back_populates="period", order_by="MembershipPayment.received_on, MembershipPayment.id")


class MembershipPayment(db.Model):
    """Money received from a firm, as the treasurer recorded it; each has a receipt (收据)."""

    __tablename__ = "membership_payments"
    __table_args__ = (
        CheckConstraint("amount_fen >= 0", name="amount_not_negative"),
        CheckConstraint(one_of("method", PaymentMethod), name="method_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # No cascade: a firm with money on its books is not deleted by accident.
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id"), index=True)
    #: The period the payment paid for (None: money received for no period, e.g. a deposit).
    period_id: Mapped[int | None] = mapped_column(ForeignKey("membership_periods.id", ondelete="SET NULL"),
                                                  index=True)
    amount_fen: Mapped[int] = mapped_column(BigInteger)
    method: Mapped[str] = mapped_column(String(10), default=PaymentMethod.BANK)
    #: The bank's or app's transaction number, a cheque number...: what the treasurer reconciles by.
    reference: Mapped[str] = mapped_column(String(100), default="")
    received_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    firm = relationship("Firm")
    period: Mapped[MembershipPeriod | None] = relationship(back_populates="payments")
    recorded_by = relationship("User")

    @property
    def receipt_number(self) -> str:
        """Return the receipt's number: the year received and the payment's id, e.g. 2026-000042."""
        return f"{self.received_on.year}-{self.id:06d}"


class MembershipReminder(db.Model):
    """One reminder of one period's end; the unique key makes it go once, whoever runs at once."""

    __tablename__ = "membership_reminders"
    __table_args__ = (UniqueConstraint("period_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("membership_periods.id", ondelete="CASCADE"))
    #: Days before the end it is for, as configured: "30", "7".
    kind: Mapped[str] = mapped_column(String(8))
    #: Passed over, never sent: a nearer reminder was due at the same run (a run after downtime
    #: writes once, the nearest, not "30 days left" with five left).
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    #: When the run wrote its emails into the outbox (or passed it over).
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    period: Mapped[MembershipPeriod] = relationship()
