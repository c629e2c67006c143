"""What a bulletin and its sections can be, with the labels staff see."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.enums import LabelledEnum


class BulletinStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    PUBLISHED = "published", _l("Published")


class BulletinAudience(LabelledEnum):
    PUBLIC = "public", _l("Everyone")
    MEMBERS = "members", _l("Members only")


class SectionKind(LabelledEnum):
    """The sections of an issue; the values are the API's `kind` (the contract lists the first six)."""

    DATA_REPORT = "data_report", _l("Monthly data report")
    INDUSTRY_NEWS = "industry_news", _l("Industry news")
    POLICY = "policy", _l("Policy and research")
    MEMBER_SPOTLIGHT = "member_spotlight", _l("Member spotlight")
    ASSOCIATION_NEWS = "association_news", _l("Association news")
    KNOWLEDGE_TIPS = "knowledge_tips", _l("Knowledge tips")
    #: A heading the parser could not place.
    OTHER = "other", _l("Other")


class ImportStatus(LabelledEnum):
    """Where an uploaded issue is on its way to a draft (the background worker reads it)."""

    QUEUED = "queued", _l("Queued")
    READING = "reading", _l("Reading")
    DONE = "done", _l("Done")
    FAILED = "failed", _l("Failed")

    @property
    def is_running(self) -> bool:
        return self in (ImportStatus.QUEUED, ImportStatus.READING)
