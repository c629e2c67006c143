"""What the bulletin adds to other features' pages: the articles that feature a firm or report an event."""
from __future__ import annotations

from portal import panels
from portal.bulletins.services import featured_articles


def _firm_featured_in(user, firm) -> dict:
    return {"featured_in": featured_articles(user, firm_id=firm.id)}


def _event_reported_in(user, event) -> dict:
    return {"reported_in": featured_articles(user, event_id=event.id)}


def register(state) -> None:
    """Add the bulletin's panels to firm and event pages (a blueprint's record_once callback)."""
    panels.provide(state.app, "members.detail", _firm_featured_in)
    panels.provide(state.app, "events.detail", _event_reported_in)
