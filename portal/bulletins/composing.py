"""Composing an issue in the portal: a new draft, articles made from firms and past events, order, figures."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.bulletins.models import Article, Bulletin, Section
from portal.bulletins.services import ARTICLE_KIND, BulletinError, index_article
from portal.bulletins.states import SectionKind
from portal.database import utcnow
from portal.events.models import Event
from portal.events.services import counts
from portal.events.states import EventStatus
from portal.extensions import db
from portal.members.directory import search_directory
from portal.members.models import Firm
from portal.richtext import plain_text
from portal.search import remove_document
from portal.urls import safe_website

#: The six sections of the association's issue, in the sample's order and words.
STANDARD_SECTIONS = (
    (SectionKind.DATA_REPORT, "数据月报"), (SectionKind.INDUSTRY_NEWS, "行业资讯"),
    (SectionKind.POLICY, "最新政策/研究报告"), (SectionKind.MEMBER_SPOTLIGHT, "会员风采"),
    (SectionKind.ASSOCIATION_NEWS, "协会动态"), (SectionKind.KNOWLEDGE_TIPS, "知识小贴士"),
)
#: How many firms a name search offers staff to pick from.
CANDIDATES = 20


def start_bulletin(actor, title: str, year: int, month: int, issue_number: str, audience: str) -> Bulletin:
    """Create a draft of the period with the six standard sections; refuse a period that has an issue."""
    taken = db.session.scalar(db.select(Bulletin.id).where(Bulletin.year == year, Bulletin.month == month))
    if taken is not None:
        raise BulletinError(_l("There is already an issue for %(period)s.", period=f"{year:04d}-{month:02d}"))
    bulletin = Bulletin(title=title.strip(), year=year, month=month, issue_number=issue_number.strip(),
                        audience=audience, warnings=[])
    for position, (kind, heading) in enumerate(STANDARD_SECTIONS):
        bulletin.sections.append(Section(position=position, kind=kind, title=heading))
    db.session.add(bulletin)
    db.session.flush()
    record(actor, "bulletin.composed", f"bulletin:{bulletin.id}", period=bulletin.period)
    return bulletin


def update_settings(actor, bulletin: Bulletin, title: str, audience: str, issue_number: str) -> None:
    bulletin.title, bulletin.audience, bulletin.issue_number = title.strip(), audience, issue_number.strip()
    db.session.flush()
    record(actor, "bulletin.settings_edited", f"bulletin:{bulletin.id}", audience=audience)


def find_firms(text: str) -> list[Firm]:
    """The firms a staff member's words name: the one with that short name or full name, else a directory search."""
    text = (text or "").strip()
    if not text:
        return []
    exact = db.session.scalar(db.select(Firm).where((Firm.slug == text) | (Firm.name == text)).limit(1))
    if exact is not None:
        return [exact]
    return search_directory(text, per_page=CANDIDATES).items


def past_events(limit: int = 200) -> list[Event]:
    """Published events that have ended, newest first: what association news may report."""
    return list(db.session.scalars(db.select(Event).where(
        Event.status == EventStatus.PUBLISHED, Event.ends_at <= utcnow()).order_by(Event.starts_at.desc()).limit(limit)))


def spotlight_of(firm: Firm) -> dict:
    """What a spotlight entry says of a firm, from its directory profile."""
    return {"name": firm.name, "tier": firm.tier, "website": safe_website(firm.website) or None,
            "intro": plain_text(firm.intro) or firm.summary}


def _profile_text(firm: Firm) -> str:
    intro = plain_text(firm.intro)
    paragraphs = [firm.summary.strip()] if firm.summary.strip() and not intro.startswith(firm.summary.strip()) else []
    return "\n\n".join(paragraphs + ([intro] if intro else []))


def _event_text(event: Event) -> tuple[str, dict]:
    """The opening sentence of a news item on an event (date, venue, attendance) and its mention."""
    local = event.starts_at.astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"]))
    tally = counts(event)
    attended = tally.checked_in or tally.confirmed
    sentence = f"{local.year} 年 {local.month} 月 {local.day} 日，{event.title}在{event.venue or '—'}举行"
    sentence += f"，{attended} 人出席。" if attended else "。"
    description = plain_text(event.description)  # stored as sanitised HTML
    mention = {"date": local.date().isoformat(), "place": event.venue or None, "text": sentence,
               "attendance": attended}
    return "\n\n".join(part for part in (sentence, description) if part), mention


def fill_from_firm(article: Article, firm: Firm, overwrite: bool) -> None:
    """Make the article the firm's spotlight: its profile's text, tier and website, and the link."""
    article.spotlight, article.firm_id = spotlight_of(firm), firm.id
    if overwrite or not article.title:
        article.title = firm.name[:300]
    if overwrite or not article.body:
        article.body = _profile_text(firm)


def fill_from_event(article: Article, event: Event, overwrite: bool) -> None:
    """Make the article the news of a past event: its title, date, venue and attendance, and the link."""
    body, mention = _event_text(event)
    article.mentions, article.event_id = [mention], event.id
    if overwrite or not article.title:
        article.title = event.title[:300]
    if overwrite or not article.body:
        article.body = body


def add_article(actor, section: Section, *, title: str, source: str | None, body: str,
                firm: Firm | None = None, event: Event | None = None) -> Article:
    """Add an article at the end of a section, filled from a picked firm or past event where given."""
    last = max((a.position for a in section.articles), default=-1)
    article = Article(position=last + 1, title=title.strip(), source=(source or "").strip() or None,
                      body=(body or "").strip(), mentions=[], figures=[])
    if firm is not None:
        fill_from_firm(article, firm, overwrite=False)
    if event is not None:
        fill_from_event(article, event, overwrite=False)
    if not article.title:
        raise BulletinError(_l("Give the article a title, or pick a firm or an event."))
    section.articles.append(article)
    db.session.flush()
    if section.bulletin.is_published:
        index_article(article)
    record(actor, "bulletin.article_added", f"article:{article.id}", bulletin=section.bulletin_id,
           firm=article.firm_id, event=article.event_id)
    return article


def edit_article(actor, article: Article, *, title: str, source: str | None, body: str,
                 firm: Firm | None, event_id: int | None, refill: bool = False) -> None:
    """Save staff's text and links; `refill` replaces title and text with the linked firm's or event's."""
    article.title, article.source, article.body = title.strip(), (source or "").strip() or None, body.strip()
    article.firm_id, article.event_id = (firm.id if firm else None), event_id
    event = db.session.get(Event, event_id) if event_id else None
    if refill and firm is not None:
        fill_from_firm(article, firm, overwrite=True)
    elif refill and event is not None:
        fill_from_event(article, event, overwrite=True)
    db.session.flush()
    if article.bulletin.is_published:
        index_article(article)
    record(actor, "bulletin.article_edited", f"article:{article.id}", refilled=bool(refill and (firm or event)))


def _swap(siblings: list, item, offset: int) -> bool:
    """Swap an item's position with its neighbour's (positions are unique: through a free one)."""
    ordered = sorted(siblings, key=lambda s: s.position)
    index = ordered.index(item) + offset
    if not 0 <= index < len(ordered) or offset == 0:
        return False
    other = ordered[index]
    mine, theirs = item.position, other.position
    item.position = -1
    db.session.flush()
    other.position = mine
    db.session.flush()
    item.position = theirs
    db.session.flush()
    return True


def move_article(actor, article: Article, offset: int) -> bool:
    """Move an article one place up (-1) or down (+1) in its section; False at either end."""
    moved = _swap(article.section.articles, article, offset)
    if moved:
        db.session.expire(article.section, ["articles"])
        record(actor, "bulletin.article_moved", f"article:{article.id}", offset=offset)
    return moved


def move_section(actor, section: Section, offset: int) -> bool:
    """Move a section one place up (-1) or down (+1) in its issue; False at either end."""
    moved = _swap(section.bulletin.sections, section, offset)
    if moved:
        db.session.expire(section.bulletin, ["sections"])
        record(actor, "bulletin.section_moved", f"section:{section.id}", offset=offset)
    return moved


def delete_draft(actor, bulletin: Bulletin) -> None:
    """Delete a draft issue with its sections and articles; a published one must go back to draft first."""
    if bulletin.is_published:
        raise BulletinError(_l("A published issue cannot be deleted: take it back to draft first."))
    record(actor, "bulletin.deleted", f"bulletin:{bulletin.id}", period=bulletin.period, title=bulletin.title)
    db.session.delete(bulletin)
    db.session.flush()


def delete_article(actor, article: Article) -> None:
    record(actor, "bulletin.article_deleted", f"article:{article.id}", bulletin=article.bulletin.id,
           title=article.title)
    if article.bulletin.is_published:
        remove_document(ARTICLE_KIND, article.id)
    section = article.section
    section.articles.remove(article)
    db.session.flush()


def set_figures(actor, article: Article, figures: list[dict]) -> None:
    """Replace a data report's figures (label, value, unit), which its chart draws."""
    article.figures = [{"label": f["label"], "value": f["value"], "unit": f["unit"]} for f in figures]
    db.session.flush()
    record(actor, "bulletin.figures_edited", f"article:{article.id}", count=len(figures))
