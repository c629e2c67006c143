"""Applications to join, a firm's paid membership periods, its payments, and the reminders sent."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import UTCDateTime, one_of, utcnow
from portal.extensions import db
from portal.memberships.states import ApplicationStatus, LicenceFormat, PaymentMethod


class MembershipApplication(db.Model):
    """A firm's application at /join, with its 营业执照, until staff approve or reject it."""

    __tablename__ = "membership_applications"
    __table_args__ = (
        CheckConstraint(one_of("status", ApplicationStatus), name="status_known"),
        CheckConstraint(one_of("licence_format", LicenceFormat), name="licence_format_known"),
        # Staff's list: pending first, oldest first; the purge looks for decided ones still holding a file.
        Index("ix_membership_applications_queue", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Chinese name, as registered (营业执照).
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    #: 统一社会信用代码, normalised and verified (portal.memberships.credit_code).
    credit_code: Mapped[str] = mapped_column(String(18), index=True)
    #: The tier code asked for. No CHECK: the tiers become a table that staff edit; the form checks it.
    tier: Mapped[str] = mapped_column(String(20))
    website: Mapped[str] = mapped_column(String(300), default="")
    contact_name: Mapped[str] = mapped_column(String(120))
    #: Stored lower-case, as accounts are: the receipt, the decision and the invitation go here.
    contact_email: Mapped[str] = mapped_column(String(254), index=True)
    contact_phone: Mapped[str] = mapped_column(String(40))
    #: The applicant's interface language, "zh" or "en": every email about the application uses it.
    locale: Mapped[str] = mapped_column(String(8), default="zh")
    #: When the applicant agreed to the privacy notice (the form cannot be sent without it).
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Generated name of the licence under the private folder (portal.uploads); None once purged.
    licence_file: Mapped[str | None] = mapped_column(String(80))
    licence_format: Mapped[str] = mapped_column(String(10))
    #: When the licence file was deleted for its retention (or the applicant's erasure).
    licence_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(10), default=ApplicationStatus.PENDING)
    #: Staff's words to the applicant: the reason of a rejection, mailed and shown on the state page.
    decision_note: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The firm the approval made, or the existing one it joined.
    firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    decided_by = relationship("User", foreign_keys=[decided_by_id])
    firm = relationship("Firm")

    @property
    def is_pending(self) -> bool:
        return self.status == ApplicationStatus.PENDING

    @property
    def has_licence(self) -> bool:
        return self.licence_file is not None

    def __repr__(self) -> str:
        return f"<MembershipApplication {self.id} {self.credit_code} {self.status}>"

class MembershipPeriod(db.Model):
    """A stretch of membership (both days included) at a tier, with the dues owed for it."""

    __tablename__ = "membership_periods"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("dues_fen >= 0", name="dues_not_negative"),
        # A firm's periods by end: its latest, and the reminders' join on the firm's end.
        Index("ix_membership_periods_firm_ends", "firm_id", "ends_on"),
        # The dues owed in a year (periods overlapping it), summed from the index alone.
        Index("ix_membership_periods_span", "ends_on", "starts_on", "dues_fen"),
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
        # The money received in a year, day by day, summed from the index alone.
        Index("ix_membership_payments_received", "received_on", "amount_fen"),
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
