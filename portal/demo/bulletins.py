"""The sample bulletin (July 2022), published as the demo archive's first issue; synthetic issues for scale."""
from __future__ import annotations

import random
import re
from datetime import datetime, timezone

from sqlalchemy import func

from portal import bulk
from portal.bulletins.importer import default_title, import_bulletin
from portal.bulletins.models import Article, Bulletin, Section
from portal.bulletins.services import ARTICLE_KIND, publish
from portal.bulletins.states import BulletinAudience, BulletinStatus
from portal.database import utcnow
from portal.demo.firms import SAMPLE
from portal.extensions import db
from portal.search import bulk as search_bulk

PERIOD = (2022, 7)
#: Ends the title of a synthetic issue, so that nobody takes one for a real bulletin.
SYNTHETIC_MARK = "（示例）"
_SENTENCE = re.compile(r"(?<=[。！？；])")


def seed_bulletin() -> Bulletin:
    """Import and publish the sample unless the archive already holds July 2022."""
    existing = db.session.scalar(db.select(Bulletin).where(Bulletin.year == PERIOD[0], Bulletin.month == PERIOD[1]))
    if existing is not None:
        return existing
    bulletin = import_bulletin(None, SAMPLE.name, SAMPLE.read_bytes(), period=PERIOD,
                               title="数字贸易月报 2022 年 7 月")
    publish(None, bulletin)
    return bulletin


def add_synthetic_bulletins(count: int, seed: int = 2022) -> int:
    """Publish `count` synthetic issues, one a month before the archive's oldest; return how many.

    Each has the sample's sections and articles, each article's sentences in another order, so
    that searches meet an archive of similar monthly issues, as a real one is (spotlights link no
    firm, or one firm would be featured in every issue). Inserted in bulk
    in the caller's transaction; the articles are indexed with them (about a dozen an issue, so
    the search index is kept up row by row rather than rebuilt).
    """
    sample = db.session.scalar(db.select(Bulletin).where(Bulletin.year == PERIOD[0], Bulletin.month == PERIOD[1]))
    if sample is None or count <= 0:
        return 0
    oldest = _oldest_month()
    rng = random.Random(f"{seed}-{oldest}")  # a later load gives its issues other orders
    sections = [(section, list(section.articles)) for section in sample.sections]
    now = utcnow()
    months = [oldest - 1 - number for number in range(count)]
    bulletin_ids = bulk.next_ids(Bulletin.__table__, count)
    section_ids = bulk.next_ids(Section.__table__, count * len(sections))
    article_ids = iter(bulk.next_ids(Article.__table__, count * sum(len(items) for _s, items in sections)))
    bulletins, section_rows, article_rows = [], [], []
    for bulletin_id, month, first_section in zip(bulletin_ids, months, range(0, len(section_ids), len(sections))):
        year, month = divmod(month, 12)
        bulletins.append({"id": bulletin_id, "title": default_title((year, month + 1)) + SYNTHETIC_MARK,
                          "year": year, "month": month + 1, "issue_number": "",
                          "status": BulletinStatus.PUBLISHED, "audience": BulletinAudience.PUBLIC,
                          "published_at": datetime(year + (month + 1) // 12, (month + 1) % 12 + 1, 1,
                                                   tzinfo=timezone.utc),
                          "original_name": "", "source_text": "", "warnings": [], "created_at": now})
        for section_id, (section, articles) in zip(section_ids[first_section:], sections):
            section_rows.append({"id": section_id, "bulletin_id": bulletin_id, "position": section.position,
                                 "kind": section.kind, "title": section.title})
            article_rows += [{"id": next(article_ids), "section_id": section_id, "position": article.position,
                              "title": article.title, "source": article.source, "body": _reordered(article.body, rng),
                              # Linked to no firm or meeting: the sample's are of July 2022 only.
                              "spotlight": None, "firm_id": None, "mentions": [], "event_id": None,
                              "figures": article.figures} for article in articles]
    bulk.insert_rows(Bulletin.__table__, bulletins)
    bulk.insert_rows(Section.__table__, section_rows)
    bulk.insert_rows(Article.__table__, article_rows)
    search_bulk.add_new(ARTICLE_KIND, ((row["id"], [row["title"]], [row["body"], row["source"] or ""], [])
                                       for row in article_rows))
    return count


def _oldest_month() -> int:
    """The month (counted from year 0) of the oldest issue in the archive."""
    year = db.session.scalar(db.select(func.min(Bulletin.year)))
    month = db.session.scalar(db.select(func.min(Bulletin.month)).where(Bulletin.year == year))
    return year * 12 + month - 1


def _reordered(body: str, rng: random.Random) -> str:
    """The body's paragraphs, each with its sentences rotated by a random number of places."""
    paragraphs = []
    for paragraph in body.split("\n\n"):
        sentences = [sentence for sentence in _SENTENCE.split(paragraph) if sentence]
        turn = rng.randrange(len(sentences)) if sentences else 0
        paragraphs.append("".join(sentences[turn:] + sentences[:turn]))
    return "\n\n".join(paragraphs)
