"""The Atom feed of the latest issues (feedgen)."""
from __future__ import annotations

from flask import current_app
from feedgen.feed import FeedGenerator

from portal.database import utcnow
from portal.urls import site_url


def atom_feed(bulletins) -> bytes:
    feed = FeedGenerator()
    feed.id(site_url("bulletins.index"))
    feed.title(current_app.config["SITE_NAME"] + " · 数字贸易月报")
    feed.link(href=site_url("bulletins.feed"), rel="self")
    feed.link(href=site_url("bulletins.index"), rel="alternate")
    feed.language("zh-CN")
    for bulletin in reversed(bulletins):  # feedgen prepends: add oldest first, newest ends on top
        entry = feed.add_entry()
        url = site_url("bulletins.detail", bulletin_id=bulletin.id)
        entry.id(url)
        entry.title(bulletin.title)
        entry.link(href=url)
        entry.published(bulletin.published_at)
        entry.updated(bulletin.published_at)
        contents = "；".join(article.title for article in bulletin.articles)
        entry.summary(contents[:500] or bulletin.title)
    if not bulletins:
        feed.updated(utcnow())
    return feed.atom_str(pretty=True)
