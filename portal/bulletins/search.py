"""Search across every issue with the shared index; hits show the article with the term marked."""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy.orm import contains_eager

from portal.bulletins.models import Article, Bulletin, Section
from portal.bulletins.services import ARTICLE_KIND, visible_audiences
from portal.bulletins.states import BulletinStatus
from portal.extensions import db
from portal.search import count_capped, matching

PER_PAGE = 20


@dataclass
class Hit:
    article: Article
    snippet: Markup


#: Counting stops here (count_capped); the pages go on past it as long as there are hits.
COUNT_CAP = 1000


@dataclass
class HitPage:
    hits: list[Hit]
    #: Exact up to the cap; past it, the cap (is_capped).
    total: int
    is_capped: bool
    page: int
    #: Whether a page follows: read as one hit more than the page, so it holds past the cap too.
    has_next: bool = False

    @property
    def total_is_exact(self) -> bool:
        return not self.is_capped

    @property
    def pages(self) -> int:
        counted = max(1, math.ceil(self.total / PER_PAGE))
        return max(counted, self.page + self.has_next) if self.is_capped else counted

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


def search_articles(user, q: str, page: int = 1) -> HitPage | None:
    """Return one page of readable articles matching q, title matches first; None for an empty query."""
    matches = matching(ARTICLE_KIND, q)
    if matches is None:
        return None
    hits = matches.subquery()
    query = (db.select(Article).join(hits, hits.c.object_id == Article.id).join(Section).join(Bulletin)
             .where(Bulletin.status == BulletinStatus.PUBLISHED, Bulletin.audience.in_(visible_audiences(user))))
    # Newest first means ordering every match, so the same statement counts them all as it goes
    # (a window over the sorted rows costs next to nothing): one trip through the matches, not two.
    ordered = (query.add_columns(sa.func.count().over().label("matches"))
               .order_by(hits.c.name_hit.desc(), Bulletin.year.desc(), Bulletin.month.desc(), Article.id))
    page = max(1, page)
    # Each hit shows its issue's title and link: read with the hits (already joined) rather than
    # two lazy loads a hit.
    shown = contains_eager(Article.section).load_only(Section.bulletin_id).contains_eager(Section.bulletin) \
        .load_only(Bulletin.title)
    rows = db.session.execute(ordered.options(shown).offset((page - 1) * PER_PAGE).limit(PER_PAGE + 1)).all()
    if rows:
        counted = rows[0].matches
        total, is_capped = min(counted, COUNT_CAP), counted > COUNT_CAP
    else:  # a page past the last hit has no row to count with
        total, is_capped = count_capped(query.with_only_columns(Article.id), cap=COUNT_CAP)
    articles = [row[0] for row in rows]
    return HitPage([Hit(a, snippet(a.body, q)) for a in articles[:PER_PAGE]], total, is_capped, page,
                   has_next=len(articles) > PER_PAGE)


def _terms(q: str) -> list[str]:
    text = unicodedata.normalize("NFKC", q or "")
    return [term for term in re.split(r"\s+", text) if term]


def snippet(body: str, q: str, width: int = 120) -> Markup:
    """Return an escaped excerpt around the first hit, each occurrence of a term in <mark>."""
    terms = _terms(q)
    pattern = re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE) \
        if terms else None
    first = pattern.search(body) if pattern else None
    start = max(0, first.start() - width // 3) if first else 0
    excerpt = body[start:start + width].replace("\n\n", " ")
    prefix, suffix = ("…" if start else ""), ("…" if start + width < len(body) else "")
    if pattern is None:
        return Markup(escape(prefix + excerpt + suffix))
    marked, last = [], 0
    for match in pattern.finditer(excerpt):
        marked.append(escape(excerpt[last:match.start()]))
        marked.append(Markup("<mark>") + escape(match.group(0)) + Markup("</mark>"))
        last = match.end()
    marked.append(escape(excerpt[last:]))
    return Markup(escape(prefix)) + Markup("").join(marked) + Markup(escape(suffix))
