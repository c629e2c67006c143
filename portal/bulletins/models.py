"""Bulletins (monthly issues), their sections and articles."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, LargeBinary, SmallInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.bulletins.states import BulletinAudience, BulletinStatus, ImportStatus
from portal.database import UTCDateTime, one_of, utcnow
from portal.extensions import db


class Bulletin(db.Model):
    __tablename__ = "bulletins"
    __table_args__ = (
        CheckConstraint(one_of("status", BulletinStatus), name="status_known"),
        CheckConstraint(one_of("audience", BulletinAudience), name="audience_known"),
        CheckConstraint("month BETWEEN 1 AND 12", name="month_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(SmallInteger, index=True)
    month: Mapped[int] = mapped_column(SmallInteger)
    issue_number: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(10), default=BulletinStatus.DRAFT)
    audience: Mapped[str] = mapped_column(String(10), default=BulletinAudience.PUBLIC)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: The uploaded original, stored under uploads/bulletins with a generated name.
    original_file: Mapped[str | None] = mapped_column(String(80))
    original_name: Mapped[str] = mapped_column(String(255), default="")
    #: The text the parser read (extracted from the PDF, or the .txt as uploaded). Deferred: only
    #: staff's review page shows it, and every list of issues would otherwise read it whole.
    source_text: Mapped[str] = mapped_column(Text, default="", deferred=True)
    #: What the parser was unsure of, for staff at review.
    warnings: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    sections: Mapped[list[Section]] = relationship(
        back_populates="bulletin", cascade="all, delete-orphan", order_by="Section.position")

    @property
    def period(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def is_published(self) -> bool:
        return self.status == BulletinStatus.PUBLISHED

    @property
    def articles(self) -> list[Article]:
        return [article for section in self.sections for article in section.articles]


class Section(db.Model):
    __tablename__ = "bulletin_sections"
    __table_args__ = (UniqueConstraint("bulletin_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bulletin_id: Mapped[int] = mapped_column(ForeignKey("bulletins.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    #: A SectionKind value (the schema has no CHECK on it: adding one would take a migration).
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))

    bulletin: Mapped[Bulletin] = relationship(back_populates="sections")
    articles: Mapped[list[Article]] = relationship(
        back_populates="section", cascade="all, delete-orphan", order_by="Article.position")


class Article(db.Model):
    __tablename__ = "bulletin_articles"
    __table_args__ = (UniqueConstraint("section_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("bulletin_sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(SmallInteger)
    title: Mapped[str] = mapped_column(String(300))
    #: The attribution (来源/作者), or None.
    source: Mapped[str | None] = mapped_column(String(200))
    #: Plain text; paragraphs separated by one blank line.
    body: Mapped[str] = mapped_column(Text, default="")
    #: For a member spotlight: what the entry said (name, tier, website, intro).
    spotlight: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    firm_id: Mapped[int | None] = mapped_column(ForeignKey("firms.id", ondelete="SET NULL"), index=True)
    #: Dates and places found in association news, offered to staff as past events.
    mentions: Mapped[list] = mapped_column(JSON, default=list)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    #: Labelled values of a data report, e.g. {"label": "日本", "value": 25394, "unit": "万美元"}.
    figures: Mapped[list] = mapped_column(JSON, default=list)

    section: Mapped[Section] = relationship(back_populates="articles")
    firm = relationship("Firm")

    @property
    def bulletin(self) -> Bulletin:
        return self.section.bulletin


class ImportJob(db.Model):
    """An uploaded issue that the background worker reads into a draft; staff watch its status."""

    __tablename__ = "bulletin_imports"
    __table_args__ = (
        CheckConstraint(one_of("status", ImportStatus), name="status_known"),
        CheckConstraint(one_of("audience", BulletinAudience), name="audience_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(10), default=ImportStatus.QUEUED)
    filename: Mapped[str] = mapped_column(String(255))
    #: The uploaded bytes, kept only until the worker has read them (deferred: pages never load them).
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    year: Mapped[int | None] = mapped_column(SmallInteger)
    month: Mapped[int | None] = mapped_column(SmallInteger)
    title: Mapped[str | None] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(10), default=BulletinAudience.PUBLIC)
    #: The uploader's interface language, in which the worker writes why an import failed.
    locale: Mapped[str] = mapped_column(String(10), default="zh")
    #: Why it failed, in one line.
    message: Mapped[str] = mapped_column(Text, default="")
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    bulletin_id: Mapped[int | None] = mapped_column(ForeignKey("bulletins.id", ondelete="SET NULL"), index=True)
    #: A worker reading the file holds it until then; a killed worker's claim lapses and the sweep retries.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    bulletin = relationship(Bulletin)

    @property
    def period(self) -> tuple[int, int] | None:
        return (self.year, self.month) if self.year and self.month else None

    @property
    def state(self) -> ImportStatus:
        return ImportStatus(self.status)
