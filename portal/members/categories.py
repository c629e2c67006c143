"""The lists staff keep for firms: membership tiers (in directory order, with their dues) and industries."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.database import UTCDateTime, utcnow
from portal.extensions import db

#: The width of every column that holds a tier code (firms, applications, mailings, periods).
TIER_CODE_LENGTH = 20
#: The width of every column that holds an industry code (a firm's industries, mailings).
INDUSTRY_CODE_LENGTH = 30


class MembershipTier(db.Model):
    """A tier a firm belongs to; the five of the contract (portal.members.tiers.Tier) and any staff add."""

    __tablename__ = "tiers"
    __table_args__ = (CheckConstraint("dues_fen >= 0", name="dues_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Used in URLs, JSON and firms.tier; never changes once made (the labels do).
    code: Mapped[str] = mapped_column(String(TIER_CODE_LENGTH), unique=True)
    label_zh: Mapped[str] = mapped_column(String(60))
    label_en: Mapped[str] = mapped_column(String(100))
    #: 0 is the highest tier, listed first; firms.tier_rank holds the same number for the directory's index.
    position: Mapped[int] = mapped_column(SmallInteger)
    #: A year's dues, in fen (¥2,000.00 is 200000).
    dues_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<MembershipTier {self.code}>"


class Industry(db.Model):
    """An industry firms name on their profile; a retired one stays on the firms that have it."""

    __tablename__ = "industries"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(INDUSTRY_CODE_LENGTH), unique=True)
    label_zh: Mapped[str] = mapped_column(String(60))
    label_en: Mapped[str] = mapped_column(String(100))
    #: Where it lists in forms and filters, lowest first.
    position: Mapped[int] = mapped_column(SmallInteger)
    #: When staff retired it: offered to nobody from then on. None while it is in use.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def __repr__(self) -> str:
        return f"<Industry {self.code}>"
