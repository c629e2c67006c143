"""Parse a monthly bulletin, as text extracted from its PDF, into sections and articles.

Standard library only (no Flask, no database); any str gives a ParsedBulletin, never an error.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit, urlunsplit


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


# The first rule with a keyword in the heading wins: 协会动态 is association news, 行业动态 industry news.
_KIND_RULES = (
    ("data_report", ("月报", "数据报告", "统计数据")), ("policy", ("政策", "研究报告", "法规")),
    ("member_spotlight", ("风采", "会员介绍", "会员巡礼", "会员展示")), ("knowledge_tips", ("贴士", "小知识", "百科")),
    ("association_news", ("协会",)), ("industry_news", ("资讯", "行业", "新闻")),
    ("association_news", ("动态", "会务", "活动")),
)
# 副会长 before 会长, 监事 before 理事: each shorter word hides inside a longer one.
_TIERS = (("副会长", "vice_president"), ("会长", "president"), ("监事", "supervisor"),
          ("理事", "council"), ("会员", "member"))
_BULLETS = "●■◆◇□•▪▶►★☆◎"  # plus Word's Wingdings/Symbol glyphs, mapped to U+F020-U+F0FF (U+F06C)
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}
_HEADING = re.compile(r"([一二三四五六七八九十]{1,3})\s*[、.．]\s*(\S.{0,19})")
_HEADING_PUNCT = re.compile(r"[，。；！？,;!?]")
_PAGE_NUMBER = re.compile(r"[-—–\s]*(?:第\s*)?[0-9]{1,3}(?:\s*页)?(?:\s*/\s*[0-9]{1,3})?[-—–\s]*")
_ITEM = re.compile(r"([0-9]{1,2})\s*(?:、|[．.](?![0-9]))\s*(.*)")  # "1.5亿" is no item
_LABEL = re.compile(r"(类\s*型|网\s*址|简\s*介)\s*[：:]\s*(.*)", re.S)
_ATTRIBUTION_START = re.compile(r"[（(]\s*(?:来源|作者|出处|稿源|供稿)\s*[：:]")
_ATTRIBUTION = re.compile(r"[（(]\s*(来源|作者|出处|稿源|供稿)\s*[：:]\s*([^（）()]*?)\s*[)）]\s*$")
_SENTENCE_END = tuple("。！？!?…")
_URL_TAIL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S*$|\S+@\S*$", re.I)
_URL = re.compile(r"[A-Za-z0-9][A-Za-z0-9:/._~%?#@!$&'*+=-]*")
_PERIOD = re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月")
_ISSUE = re.compile(r"(?:([0-9]{4})\s*年\s*)?(?:总\s*)?第\s*([0-9]{1,4})\s*期")
_DATE = re.compile(r"(?:([0-9]{4})\s*年\s*)?([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*[日号]")
_TIME_ONLY = re.compile(r"[0-9年月日号\s上中下午晚旬近前期初底末今昨]*")
_PLACE = re.compile(r"地\s*点\s*[：:]\s*([^，。；;,]{2,40})|在\s*([^，。；：、,;:“”《》\s]"
                    r"[^，。；：、,;:“”《》]{1,30}?)\s*(?:召开|举行|举办|开幕|开展|进行)")
_VENUE = re.compile(r"楼|(?:多功能|报告|会议|宴会|展|大)厅|会议室|会议中心|会展中心|酒店|宾馆|大厦")  # 商务厅 is none


@dataclass
class _Line:
    text: str  # stripped
    trailing: bool  # the raw line ended in whitespace
    leading: bool
    gap: bool  # blank lines came before it
    page_break: bool  # a dropped page number came before it


@dataclass
class _Draft:
    title: list[_Line] | None  # a bullet title's lines; None for an untitled article
    item: bool = False  # opened by a numbered news item ("1、")
    paragraphs: list[list[_Line]] = field(default_factory=list)


@dataclass
class _SectionDraft:
    kind: str
    title: str
    drafts: list[_Draft] = field(default_factory=list)
    items: int = 0


def parse_bulletin(text: str, *, period: tuple[int, int] | None = None) -> ParsedBulletin:
    """Parse extracted bulletin text; `period` (year, month), when given, overrides the text's."""
    lines = _lines(text)
    front, drafts = _split(lines, _mode(lines))
    title, found_period, issue = _front_matter(front)
    period = period or found_period
    sections = [ParsedSection(d.kind, d.title, [_finish(a, d, period) for a in d.drafts]) for d in drafts]
    return ParsedBulletin(title, period, issue, [s for s in sections if s.articles])


def _lines(text: str) -> list[_Line]:
    """Split into non-blank lines, dropping stray page numbers but remembering gaps."""
    out: list[_Line] = []
    gap = page = False
    raws = text.splitlines()  # also splits at the form feeds between pages
    blank_run, previous = 0, ""
    for index, raw in enumerate(raws):
        stripped = raw.strip()
        if not stripped:
            gap = True
            blank_run += 1
            continue
        if _PAGE_NUMBER.fullmatch(stripped) and _stands_apart(raw, raws, index, blank_run, previous):
            page = True
        else:
            out.append(_Line(stripped, raw[-1].isspace(), raw[0].isspace(), gap, page))
            gap = page = False
            previous = stripped
        blank_run = 0
    return out


def _stands_apart(raw: str, raws: list[str], index: int, blank_run: int, previous: str) -> bool:
    """Tell a page number from a line that extraction broke right before a number's digits.

    "第 3 页", "- 3 -" and "3/12" are always page numbers. A bare number is one when the layout
    sets it apart: a trailing space or two blank lines (as in the sample), nothing after it, or a
    finished sentence before it. A bare number right after a line cut mid-sentence is text.
    """
    if not raw.strip().isdigit():
        return True
    if raw[-1].isspace() or blank_run >= 2 or not any(line.strip() for line in raws[index + 1:]):
        return True
    return not previous or previous[-1] in _SENTENCE_END


_SENTENCE_END = "。！？；：.!?;:）)」』\"”"


def _mode(lines: list[_Line]) -> str:
    """Pick the evidence that marks a paragraph's end in this text."""
    if 0 < sum(line.trailing for line in lines) < len(lines):
        return "marker"  # Word-made PDFs leave a space after a paragraph's last line only
    if 0 < sum(line.gap for line in lines[1:]) < (len(lines) - 1) / 2:
        return "blank"  # blank lines are rare, so they separate paragraphs
    return "punct"  # every line is boxed alone (or none is): fall back on punctuation


def _ends_paragraph(para: list[_Line], line: _Line, mode: str, in_title: bool) -> bool:
    """Tell whether `line` starts a new paragraph after `para`."""
    if not para:
        return False
    prev = para[-1]
    if mode == "marker":  # a Latin word wrapped at a line end leaves a trailing space too
        latin_wrap = _letter(prev.text[-1]) and _letter(line.text[0])
        return prev.trailing and (in_title or not latin_wrap)
    if in_title:
        return True  # without trailing-space markers a bullet title is one line
    if mode == "blank" and not line.page_break:
        return line.gap
    if _ATTRIBUTION_START.match(para[0].text) and prev.text.endswith(("）", ")")):
        return True
    return prev.text.rstrip("”’\"'）)》」』】").endswith(_SENTENCE_END)


def _split(lines: list[_Line], mode: str) -> tuple[list[_Line], list[_SectionDraft]]:
    """Walk the lines once, opening sections at headings and articles at bullets or news items."""
    front: list[_Line] = []
    sections: list[_SectionDraft] = []
    para: list[_Line] | None = None
    in_title = False
    last_number, list_number = 0, None  # list_number: a numbered list running inside an article
    for line in lines:
        heading = listed = _heading(line.text)
        if heading and heading[2]:  # numbered: a known title or the next number makes it a section...
            known, follows = heading[0] != "other", heading[2] == last_number + 1
            in_list = list_number is not None and heading[2] == list_number + 1
            if not ((known and follows) or (not in_list and (known or follows))):
                heading, list_number = None, heading[2]  # ...else it is a list: "一、加强领导" in an article
        if heading:
            sections.append(_SectionDraft(heading[0], heading[1]))
            para, in_title, list_number = None, False, None
            last_number = heading[2] if heading[2] > 0 else last_number
            continue
        if not sections:
            front.append(line)
            continue
        sec = sections[-1]
        bullet = _bullet(line.text)
        item = _ITEM.fullmatch(line.text) if sec.kind == "association_news" and bullet is None else None
        if bullet is not None or (item and int(item[1]) == sec.items + 1):
            rest = bullet if bullet is not None else item[2]
            para, in_title, list_number = ([replace(line, text=rest)] if rest else []), bullet is not None, None
            sec.items += item is not None
            sec.drafts.append(_Draft(para) if in_title else _Draft(None, True, [para]))
            continue
        forced = bool(listed or _ATTRIBUTION_START.match(line.text) or _LABEL.match(line.text))
        if para is None or forced or _ends_paragraph(para, line, mode, in_title):
            if not sec.drafts:
                sec.drafts.append(_Draft(None))
            para, in_title = [], False
            sec.drafts[-1].paragraphs.append(para)
        para.append(line)
    return front, sections


def _heading(text: str) -> tuple[str, str, int] | None:
    """Recognise a heading as (kind, title, number); the unnumbered tips box gets number 0."""
    match = _HEADING.fullmatch(text)
    if match:
        title = re.sub(r"\s*[.·…]{2,}\s*[0-9]*$", "", match[2]).strip()  # table-of-contents leaders
        if title and not _HEADING_PUNCT.search(title):
            return _kind(title), title, _cn_number(match[1])
    elif len(text) <= 10 and _kind(text) == "knowledge_tips" and not _HEADING_PUNCT.search(text):
        return "knowledge_tips", text, 0
    return None


def _cn_number(numeral: str) -> int:
    """Convert a Chinese numeral up to 九十九 (-1 when malformed)."""
    tens, ten, ones = numeral.partition("十")
    if not ten:
        return _CN_DIGITS.get(numeral, -1)
    if (tens and tens not in _CN_DIGITS) or (ones and ones not in _CN_DIGITS):
        return -1
    return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)


def _kind(title: str) -> str:
    """Classify a section heading."""
    return next((kind for kind, words in _KIND_RULES if any(w in title for w in words)), "other")


def _bullet(text: str) -> str | None:
    """Return the text behind a leading bullet glyph, or None when there is none."""
    return text[1:].strip() if text[0] in _BULLETS or "\uf020" <= text[0] <= "\uf0ff" else None


def _join(lines: list[_Line]) -> str:
    """Rejoin a paragraph's extraction lines into one line of text."""
    out = ""
    for prev, line in zip([None, *lines], lines):
        text = re.sub(r"\s+", " ", line.text)
        if prev and out and text and _needs_space(out, text, prev.trailing or line.leading):
            out += " "
        out += text
    return out.strip()


# Rejoining a break: Chinese never takes a space. The layout wraps numbers and URLs wherever the
# line is full ("…签约" / "145607.7 万美元", "https://www.exam" / "ple.com"); such a mid-token wrap
# leaves no whitespace in the extraction, while a Latin word wrap keeps its space glyph at the line's
# end (or the next one's start). So only a break that carried whitespace between Latin letters/digits
# (or after , . ; : ! ? ) %) becomes a space, and never one inside a URL or e-mail address.
def _needs_space(left: str, right: str, had_space: bool) -> bool:
    """Tell whether joining `left` and `right` across a line break needs a space."""
    latin_end = _latin(left[-1]) or left[-1] in ",.;:!?)%"
    return had_space and latin_end and (_latin(right[0]) or right[0] == "(") and not _URL_TAIL.search(left)


def _latin(char: str) -> bool:
    """Tell whether a character is a Latin letter or an ASCII digit."""
    return (char.isascii() and char.isalnum()) or ("\u00c0" <= char <= "\u024f" and char.isalpha())


def _letter(char: str) -> bool:
    """Tell whether a character is an ASCII letter."""
    return char.isascii() and char.isalpha()


def _front_matter(lines: list[_Line]) -> tuple[str | None, tuple[int, int] | None, str | None]:
    """Read the bulletin's title, period and issue number from the lines before the first section."""
    title = period = issue = None
    for line in lines[:6]:
        if (match := _PERIOD.search(line.text)) and period is None and 1 <= int(match[2]) <= 12:
            period = (int(match[1]), int(match[2]))
        if (match := _ISSUE.search(line.text)) and issue is None:
            issue = match[2]
            if match[1] and period is None and 1 <= int(match[2]) <= 12:
                period = (int(match[1]), int(match[2]))  # a monthly's Nth issue of a year is month N
        rest = _ISSUE.sub("", _PERIOD.sub("", line.text)).strip(" \t\u3000-—–|·•（）()[]【】")
        if title is None and rest and len(rest) <= 40 and not re.search(r"[，。；]", rest):
            title = re.sub(r"\s+", " ", rest)
    return title, period, issue


def _finish(draft: _Draft, sec: _SectionDraft, period: tuple[int, int] | None) -> ParsedArticle:
    """Turn an article draft into a ParsedArticle: title, source, body, spotlight and events."""
    paragraphs = [p for p in (_join(lines) for lines in draft.paragraphs) if p]
    source, paragraphs = _take_source(paragraphs)
    title = _join(draft.title) if draft.title else ""
    if not title and draft.item and paragraphs:
        title = _news_title(paragraphs[0])
    elif not title and len(paragraphs) > 1 and len(paragraphs[0]) <= 20 and paragraphs[0][-1] in "：:":
        title = paragraphs.pop(0)[:-1].strip()  # a short "term:" line heads a tips box
    title = title or sec.title
    spotlight, paragraphs = _spotlight(title, paragraphs, sec.kind)
    body = "\n\n".join(paragraphs)
    events = _events(body, period) if sec.kind == "association_news" else []
    return ParsedArticle(title, source, body, spotlight, events)


def _take_source(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """Pull （来源：…）/（作者：…） out of the body (alone or closing a paragraph); 来源 wins."""
    found: list[tuple[str, str]] = []
    kept: list[str] = []
    for para in paragraphs:
        match = _ATTRIBUTION.search(para)
        if match and match[2]:
            found.append((match[1], match[2]))
            para = para[: match.start()].strip()
        if para:
            kept.append(para)
    found.sort(key=lambda f: f[0] != "来源")
    return (found[0][1] if found else None), kept


def _spotlight(name: str, paragraphs: list[str], kind: str) -> tuple[SpotlightEntry | None, list[str]]:
    """Read 类型/网址/简介 labels into a SpotlightEntry; return the body without them."""
    labels = {re.sub(r"\s", "", m[1]): m[2].strip() for p in paragraphs if (m := _LABEL.match(p))}
    if not (labels.keys() & {"类型", "网址"} or (labels and kind == "member_spotlight")):
        return None, paragraphs
    body: list[str] = []
    intro_from = 0
    for para in paragraphs:
        match = _LABEL.match(para)
        label = re.sub(r"\s", "", match[1]) if match else ""
        if label == "简介":
            intro_from, para = len(body), match[2].strip()
        if label not in ("类型", "网址") and para:
            body.append(para)
    tier = next((code for word, code in _TIERS if word in labels.get("类型", "")), None)
    return SpotlightEntry(name, tier, _normalise_url(labels.get("网址", "")), "\n\n".join(body[intro_from:])), body


def _normalise_url(raw: str) -> str | None:
    """Make a URL of a 网址 value: add http://, lowercase the host, drop trailing punctuation."""
    match = _URL.search(raw)
    url = match[0].rstrip(".:!?'*-") if match else ""
    if url and not re.match(r"[a-z][a-z0-9+.-]*://", url, re.I):
        url = "http://" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if "." not in parts.netloc and parts.netloc.lower() != "localhost":
        return None
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, parts.fragment))


def _news_title(text: str, limit: int = 40) -> str:
    """Title a news item by its first sentence, skipping a leading date clause."""
    first = re.split(r"[。！？!?；;]", text, maxsplit=1)[0]
    clauses = [c.strip() for c in re.split(r"[，,]", first) if c.strip()]
    while len(clauses) > 1 and _TIME_ONLY.fullmatch(clauses[0]):
        clauses.pop(0)
    title = ""
    for clause in clauses:
        title = f"{title}，{clause}" if title else clause
        if len(title) >= 8:
            break
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _events(body: str, period: tuple[int, int] | None) -> list[EventMention]:
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
    else:  # items report past events: a month well after the issue's belongs to the year before
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
