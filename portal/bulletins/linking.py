"""What a bulletin's articles can link to: member firms and past events."""
from __future__ import annotations

from wtforms import SelectChoice

from portal.bulletins.composing import past_events
from portal.events.models import Event
from portal.events.services import create_event
from portal.extensions import db
from portal.members.models import Firm


def firm_by_slug(slug: str) -> Firm | None:
    return db.session.scalar(db.select(Firm).where(Firm.slug == slug.strip()))


def _choices(events) -> list[SelectChoice]:
    return [SelectChoice("", "—")] + [SelectChoice(str(e.id), f"{e.starts_at:%Y-%m-%d} {e.title}") for e in events]


def event_choices() -> list[SelectChoice]:
    """The events an article may report, newest first."""
    return _choices(db.session.scalars(db.select(Event).order_by(Event.starts_at.desc()).limit(200)))


def past_event_choices() -> list[SelectChoice]:
    """The ended events a new association-news article may report, newest first."""
    return _choices(past_events())


def create_event_from_mention(actor, article):
    """Create a published past event from the article's first dated mention and link it."""
    from datetime import date, datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from flask_babel import gettext as _

    mention = next((m for m in article.mentions if m.get("date")), None)
    if mention is None:
        raise ValueError(_("This article names no date to make an event of."))
    # The news rarely gives the hour: the afternoon, as association meetings usually are.
    starts = datetime.combine(date.fromisoformat(mention["date"]), time(14, 0), ZoneInfo("Asia/Shanghai"))
    event = create_event(actor, publish=True, title=article.title[:200], starts_at=starts,
                         ends_at=starts + timedelta(hours=2), venue=(mention.get("place") or "—")[:200],
                         capacity=None, description=article.body)
    article.event_id = event.id
    db.session.flush()
    return event
