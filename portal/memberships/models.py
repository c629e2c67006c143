"""Applications to join, a firm's paid membership periods, its payments, and the reminders sent."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import UTCDateTime, one_of, utcnow
from portal.extensions import db
from portal.memberships.states import ApplicationStatus, LicenceFormat


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
