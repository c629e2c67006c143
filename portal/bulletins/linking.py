"""What a bulletin's articles can link to: member firms and past events."""
from __future__ import annotations

from wtforms import SelectChoice

from portal.extensions import db
from portal.members.models import Firm


def firm_by_slug(slug: str) -> Firm | None:
    return db.session.scalar(db.select(Firm).where(Firm.slug == slug.strip()))


def event_choices() -> list[SelectChoice]:
    """The events an article may report, newest first; empty until the events feature exists."""
    try:
        from portal.events.models import Event
    except ImportError:
        return [SelectChoice("", "—")]
    events = db.session.scalars(db.select(Event).order_by(Event.starts_at.desc()).limit(200)).all()
    return [SelectChoice("", "—")] + [SelectChoice(str(e.id), f"{e.starts_at:%Y-%m-%d} {e.title}") for e in events]
