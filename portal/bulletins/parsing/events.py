"""Find the events a news item mentions: the sentences that name a date or a place."""
from __future__ import annotations

import datetime as dt
import re

from portal.bulletins.parsing.parsed import EventMention

_DATE = re.compile(r"(?:([0-9]{4})\s*年\s*)?([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]")
_PLACE = re.compile(r"地\s*点\s*[：:]\s*([^，。；;,]{2,40})|在\s*([^，。；：、,;:“”《》\s]"
                    r"[^，。；：、,;:“”《》]{1,30}?)\s*(?:召开|举行|举办|开幕|开展|进行)")
_VENUE = re.compile(r"楼|(?:多功能|报告|会议|宴会|展|大)厅|会议室|会议中心|会展中心|酒店|宾馆|大厦")  # 商务厅 is none


def events(body: str, period: tuple[int, int] | None) -> list[EventMention]:
    """Offer each sentence of a news item that names a date or a place as an event mention."""
    mentions = []
    for sentence in (s.strip() for s in re.findall(r"[^。！？!?\n]+[。！？!?]?", body)):
        date_match, place = _DATE.search(sentence), _place(sentence)
        if date_match or place:
            mentions.append(EventMention(_resolve_date(date_match, period), place, sentence))
    return mentions


def _resolve_date(match: re.Match[str] | None, period: tuple[int, int] | None) -> dt.date | None:
    """Build a date, taking a missing year from the bulletin's period (None when unknown)."""
    if match is None or not (match[1] or period):
        return None
    month, day = int(match[2]), int(match[3])
    if match[1]:
        year = int(match[1])
    else:  # items report past events: a month well after the belongs to the year before
        year = period[0] - 1 if month > period[1] + 1 else period[0]
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _place(sentence: str) -> str | None:
    """Find where something happened: 地点：…, 在…召开/举行/举办, or a short clause naming a venue."""
    if match := _PLACE.search(sentence):
        return (match[1] or match[2]).strip()
    for clause in (c.strip() for c in re.split(r"[，。；,;]", sentence)):
        if _VENUE.search(clause) and len(clause) <= 30:
            return re.sub(r"^[在于]\s*", "", clause)
    return None
