"""Publishing bulletins, editing their parts, and reading them as each person may."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal import unit_of_work
from portal.audit.services import record
from portal.bulletins import print_cache
from portal.bulletins.models import Article, Bulletin, Section
from portal.bulletins.print_tasks import queue_pdf
from portal.bulletins.states import BulletinStatus
from portal.bulletins.policies import can_view_bulletin, visible_audiences
from portal.database import utcnow
from portal.extensions import db
from portal.members.matching import match_firm, suggest_slug
from portal.members.models import Firm
from portal.members.services import create_firm
from portal.members.tiers import Tier
from portal.richtext import clean_html
from portal.search import index_document, register_source, remove_document

ARTICLE_KIND = "article"


class BulletinError(ValueError):
    """A request about bulletins that cannot be carried out, with a reason fit to show."""


#: The reading rule lives in policies; these names stay for callers that ask the services module.
can_read = can_view_bulletin


def publish(actor, bulletin: Bulletin) -> list[Firm]:
    """Publish a draft: link or create its spotlight firms, index its articles. Returns new firms."""
    if bulletin.is_published:
        raise BulletinError(_l("This bulletin is already published."))
    created = []
    for article in bulletin.articles:
        if article.spotlight and article.firm_id is None:
            firm = match_firm(article.spotlight["name"])
            if firm is None:
                firm = _firm_from_spotlight(actor, article.spotlight)
                created.append(firm)
            article.firm_id = firm.id
    bulletin.status, bulletin.published_at = BulletinStatus.PUBLISHED, utcnow()
    db.session.flush()
    for article in bulletin.articles:
        index_article(article)
    record(actor, "bulletin.published", f"bulletin:{bulletin.id}", new_firms=[f.slug for f in created])
    queue_pdf(bulletin.id)  # the printable PDF of this published version, made by the worker
    return created


def _firm_from_spotlight(actor, entry: dict) -> Firm:
    return create_firm(actor, suggest_slug(entry["name"], entry.get("website")), entry["name"],
                       entry.get("tier") or Tier.MEMBER, website=entry.get("website") or "",
                       intro=clean_html(entry.get("intro") or ""), summary=(entry.get("intro") or "")[:60])


def unpublish(actor, bulletin: Bulletin) -> None:
    bulletin.status, bulletin.published_at = BulletinStatus.DRAFT, None
    for article in bulletin.articles:
        remove_document(ARTICLE_KIND, article.id)
    record(actor, "bulletin.unpublished", f"bulletin:{bulletin.id}")
    bulletin_id = bulletin.id
    unit_of_work.after_commit(lambda: print_cache.discard(bulletin_id))


def index_article(article: Article) -> None:
    # Pinyin makes sense for names, not for whole articles: none is indexed for them.
    index_document(ARTICLE_KIND, article.id, name=[article.title], body=[article.body, article.source or ""],
                   pinyin_names=[])


def _rebuild_articles():
    rows = db.session.execute(db.select(Article.id, Article.title, Article.body, Article.source)
                              .join(Section).join(Bulletin).where(Bulletin.status == BulletinStatus.PUBLISHED))
    for article_id, title, body, source in rows:
        yield article_id, [title], [body, source or ""], []


register_source(ARTICLE_KIND, _rebuild_articles)


def update_article(actor, article: Article, title: str, source: str | None, body: str,
                   firm_id: int | None, event_id: int | None) -> None:
    article.title, article.source, article.body = title.strip(), (source or "").strip() or None, body.strip()
    article.firm_id, article.event_id = firm_id, event_id
    db.session.flush()
    if article.bulletin.is_published:
        index_article(article)
        queue_pdf(article.bulletin.id)  # a correction is a new published version
    record(actor, "bulletin.article_edited", f"article:{article.id}")


def update_section(actor, section: Section, title: str, kind: str) -> None:
    section.title, section.kind = title.strip(), kind
    if section.bulletin.is_published:
        queue_pdf(section.bulletin.id)
    record(actor, "bulletin.section_edited", f"section:{section.id}")


def published_query(user):
    """Published bulletins this person may read, newest first."""
    return (db.select(Bulletin)
            .where(Bulletin.status == BulletinStatus.PUBLISHED, Bulletin.audience.in_(visible_audiences(user)))
            .order_by(Bulletin.year.desc(), Bulletin.month.desc(), Bulletin.id.desc()))


def published_years(user) -> list[int]:
    """The years of the published bulletins this person may read, newest first."""
    return list(db.session.scalars(published_query(user).with_only_columns(Bulletin.year).distinct()
                                   .order_by(None).order_by(Bulletin.year.desc())))


def featured_articles(user, *, firm_id: int | None = None, event_id: int | None = None) -> list[Article]:
    """Articles of readable bulletins that feature a firm or report an event."""
    query = (db.select(Article).join(Section).join(Bulletin)
             .where(Bulletin.status == BulletinStatus.PUBLISHED, Bulletin.audience.in_(visible_audiences(user)))
             .order_by(Bulletin.year.desc(), Bulletin.month.desc()))
    if firm_id is not None:
        query = query.where(Article.firm_id == firm_id)
    if event_id is not None:
        query = query.where(Article.event_id == event_id)
    return list(db.session.scalars(query.limit(20)))
