"""Member firms, their industries and the profile changes waiting for approval."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, SmallInteger, String, Text, and_, or_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from portal.database import UTCDateTime, one_of, utcnow
from portal.extensions import db
from portal.members import tiers
from portal.members.categories import INDUSTRY_CODE_LENGTH, TIER_CODE_LENGTH
from portal.members.standing import listing_cutoff
from portal.members.states import FirmStatus, RevisionStatus, Visibility
from portal.members.tiers import Tier

#: The contact details whose audience the representative chooses; each has a `<name>_visibility` column.
CHOSEN_CONTACTS = ("public_contact", "telephone", "contact_email", "address")


class Firm(db.Model):
    __tablename__ = "firms"
    __table_args__ = (
        CheckConstraint(one_of("status", FirmStatus), name="status_known"),
        *(CheckConstraint(one_of(f"{field}_visibility", Visibility), name=f"{field}_visibility_known")
          for field in CHOSEN_CONTACTS),
        # The directory's order: active firms, highest tier first, then by name.
        Index("ix_firms_directory", "status", "tier_rank", "sort_key"),
        # The staff overview's counts, read from the index alone: listed firms by tier, and (a
        # skip over the few tiers) active firms by the end of their membership.
        Index("ix_firms_standing", "status", "tier", "membership_ends_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    #: Chinese name, as registered.
    name: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(200), default="")
    #: 统一社会信用代码 (normalised), known for firms that joined online or that staff recorded; one firm per code.
    credit_code: Mapped[str | None] = mapped_column(String(18), unique=True)
    #: A code of the tiers table (codes never change; staff may add tiers).
    tier: Mapped[str] = mapped_column(String(TIER_CODE_LENGTH), ForeignKey("tiers.code"), default=Tier.MEMBER)
    #: The tier's position (0 first), kept in step by the validator and, when staff reorder the
    #: tiers, by portal.members.catalogue_changes: the directory orders on an index, not a join.
    tier_rank: Mapped[int] = mapped_column(SmallInteger)
    #: Pinyin of the name: Chinese readers expect 大连 near 达内, not in code-point order.
    sort_key: Mapped[str] = mapped_column(String(400), default="")
    status: Mapped[str] = mapped_column(String(10), default=FirmStatus.ACTIVE)
    website: Mapped[str] = mapped_column(String(300), default="")
    #: Generated file name under uploads/logos; None when the firm has no logo.
    logo: Mapped[str | None] = mapped_column(String(80))
    summary: Mapped[str] = mapped_column(String(200), default="")
    #: Sanitised HTML (nh3), safe to render as is.
    intro: Mapped[str] = mapped_column(Text, default="")
    district: Mapped[str] = mapped_column(String(60), default="")
    address: Mapped[str] = mapped_column(String(255), default="")
    founded_year: Mapped[int | None] = mapped_column()
    staff_size: Mapped[str] = mapped_column(String(20), default="")
    public_contact: Mapped[str] = mapped_column(String(255), default="")
    #: Seen by staff only: never on public pages, the API or feeds.
    private_contact: Mapped[str] = mapped_column(String(255), default="")
    # Contact details and who sees each (Visibility); portal.members.contact decides what a viewer gets.
    # The defaults are what the page showed before the choice existed: the contact and the
    # address in public; the telephone and email, new, for staff until the representative widens them.
    telephone: Mapped[str] = mapped_column(String(40), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    public_contact_visibility: Mapped[str] = mapped_column(String(10), default=Visibility.PUBLIC)
    telephone_visibility: Mapped[str] = mapped_column(String(10), default=Visibility.STAFF)
    contact_email_visibility: Mapped[str] = mapped_column(String(10), default=Visibility.STAFF)
    address_visibility: Mapped[str] = mapped_column(String(10), default=Visibility.PUBLIC)
    member_since: Mapped[date | None] = mapped_column(Date)
    #: The last day of the firm's latest membership period (portal.memberships keeps it in step).
    #: None: no recorded end (a firm from before periods, or made by staff without one), and
    #: the firm stays listed until staff give it one.
    membership_ends_on: Mapped[date | None] = mapped_column(Date, index=True)
    #: Invoice details (发票): the title (抬头) and tax number (税号, the 统一社会信用代码 as a rule),
    #: and for a special VAT invoice (专票) the registered address, telephone, bank and account.
    invoice_title: Mapped[str] = mapped_column(String(200), default="")
    tax_number: Mapped[str] = mapped_column(String(20), default="")
    invoice_address: Mapped[str] = mapped_column(String(255), default="")
    invoice_phone: Mapped[str] = mapped_column(String(40), default="")
    invoice_bank: Mapped[str] = mapped_column(String(120), default="")
    invoice_account: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    industry_rows: Mapped[list[FirmIndustry]] = relationship(
        back_populates="firm", cascade="all, delete-orphan", order_by="FirmIndustry.industry")
    representatives = relationship("User", back_populates="firm", order_by="User.email")

    def __init__(self, **fields):
        fields.setdefault("tier", Tier.MEMBER)  # so that the validator gives it its rank
        super().__init__(**fields)

    @validates("tier")
    def _keep_rank(self, key, value):
        self.tier_rank = tiers.rank(value)
        return value

    @property
    def industries(self) -> list[str]:
        return [row.industry for row in self.industry_rows]

    @industries.setter
    def industries(self, codes: list[str]) -> None:
        wanted = list(dict.fromkeys(codes))
        self.industry_rows = [row for row in self.industry_rows if row.industry in wanted]
        have = set(self.industries)
        self.industry_rows.extend(FirmIndustry(industry=code) for code in wanted if code not in have)

    @hybrid_property
    def is_public(self) -> bool:
        """Listed in the directory, search and API: active, and not past the grace after its end."""
        # Past the grace the firm is hidden at once, whether or not `memberships run` has marked
        # it lapsed yet (the worker may have been down).
        return self.status == FirmStatus.ACTIVE and (
            self.membership_ends_on is None or self.membership_ends_on >= listing_cutoff())

    @is_public.inplace.expression
    @classmethod
    def _is_public_expression(cls):
        return and_(cls.status == FirmStatus.ACTIVE,
                    or_(cls.membership_ends_on.is_(None), cls.membership_ends_on >= listing_cutoff()))

    def __repr__(self) -> str:
        return f"<Firm {self.slug}>"


class FirmIndustry(db.Model):
    __tablename__ = "firm_industries"

    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), primary_key=True)
    industry: Mapped[str] = mapped_column(String(INDUSTRY_CODE_LENGTH), ForeignKey("industries.code"),
                                          primary_key=True, index=True)

    firm: Mapped[Firm] = relationship(back_populates="industry_rows")


class ProfileRevision(db.Model):
    """A representative's proposed profile; the public page keeps the approved one until staff act."""

    __tablename__ = "profile_revisions"
    __table_args__ = (CheckConstraint(one_of("status", RevisionStatus), name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    firm_id: Mapped[int] = mapped_column(ForeignKey("firms.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: The proposed values of the editable fields only (see services.EDITABLE_FIELDS).
    data: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default=RevisionStatus.PENDING, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_note: Mapped[str] = mapped_column(Text, default="")

    firm: Mapped[Firm] = relationship()
    author = relationship("User", foreign_keys=[author_id])
    reviewer = relationship("User", foreign_keys=[reviewer_id])
