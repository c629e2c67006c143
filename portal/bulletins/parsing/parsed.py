"""What parsing a bulletin gives: the bulletin, its sections and articles, spotlights and event mentions."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class EventMention:
    date: dt.date | None
    place: str | None
    text: str  # the sentence it was found in


@dataclass
class SpotlightEntry:
    name: str
    tier: str | None
    website: str | None
    intro: str


@dataclass
class ParsedArticle:
    title: str
    source: str | None
    body: str
    spotlight: SpotlightEntry | None = None
    events: list[EventMention] = field(default_factory=list)
    #: A Word file's tables in the article, each as its rows of cells (their text is in the body too).
    tables: list[list[tuple[str, ...]]] = field(default_factory=list)


@dataclass
class ParsedSection:
    kind: str
    title: str
    articles: list[ParsedArticle] = field(default_factory=list)


@dataclass
class ParsedBulletin:
    title: str | None
    period: tuple[int, int] | None
    issue_number: str | None
    sections: list[ParsedSection] = field(default_factory=list)
