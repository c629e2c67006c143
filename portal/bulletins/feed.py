"""The Atom feed of the latest issues (feedgen), in full, with validators for conditional GETs."""
from __future__ import annotations

from datetime import datetime, timezone

from feedgen.feed import FeedGenerator
from flask import current_app, render_template
from flask_babel import force_locale

from portal.richtext import clean_html
from portal.urls import site_url

#: `<updated>` of a feed with no issue yet: fixed, so that its validators stay the same.
EMPTY_FEED_UPDATED = datetime(2020, 1, 1, tzinfo=timezone.utc)


def last_updated(bulletins) -> datetime:
    """The feed's time: its newest entry's, not the time of the request."""
    return max((bulletin.published_at for bulletin in bulletins if bulletin.published_at),
               default=EMPTY_FEED_UPDATED)


def _content(bulletin) -> str:
    with force_locale("zh"):  # the feed says it is zh-CN
        return clean_html(render_template("bulletins/_feed_entry.html", bulletin=bulletin))


def atom_feed(bulletins) -> bytes:
    """Return the Atom document of these issues, newest first, each with its full text."""
    config = current_app.config
    feed = FeedGenerator()
    feed.id(site_url("bulletins.index"))
    feed.title(config["SITE_NAME"] + " · 数字贸易月报")
    # RFC 4287 requires an author on the feed unless every entry has one: the association.
    feed.author(name=config["SITE_NAME"], uri=site_url("home.index"))
    feed.link(href=site_url("bulletins.feed"), rel="self")
    feed.link(href=site_url("bulletins.index"), rel="alternate")
    feed.language("zh-CN")
    for bulletin in reversed(bulletins):  # feedgen prepends: add oldest first, newest ends on top
        entry = feed.add_entry()
        url = site_url("bulletins.detail", bulletin_id=bulletin.id)
        entry.id(url)
        entry.title(bulletin.title)
        entry.link(href=url, rel="alternate")
        entry.published(bulletin.published_at)
        entry.updated(bulletin.published_at)
        contents = "；".join(article.title for article in bulletin.articles)
        entry.summary(contents[:500] or bulletin.title)
        entry.content(_content(bulletin), type="html")
    feed.updated(last_updated(bulletins))
    return feed.atom_str(pretty=True)
