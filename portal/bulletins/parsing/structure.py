"""Find a bulletin's structure: its front matter, sections at headings, articles at bullets or news items."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from portal.bulletins.parsing.lines import ATTRIBUTION_START, LABEL, Line, ends_paragraph

# The first rule with a keyword in the heading wins: 协会动态 is association news, 行业动态 industry news.
_KIND_RULES = (
    ("data_report", ("月报", "数据报告", "统计数据")), ("policy", ("政策", "研究报告", "法规")),
    ("member_spotlight", ("风采", "会员介绍", "会员巡礼", "会员展示")), ("knowledge_tips", ("贴士", "小知识", "百科")),
    ("association_news", ("协会",)), ("industry_news", ("资讯", "行业", "新闻")),
    ("association_news", ("动态", "会务", "活动")),
)
_BULLETS = "●■◆◇□•▪▶►★☆◎"  # plus Word's Wingdings/Symbol glyphs, mapped to U+F020-U+F0FF (U+F06C)
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}
_HEADING = re.compile(r"([一二三四五六七八九十]{1,3})\s*[、.．]\s*(\S.{0,19})")
_HEADING_PUNCT = re.compile(r"[，。；！？,;!?]")
_ITEM = re.compile(r"([0-9]{1,2})\s*(?:、|[．.](?![0-9]))\s*(.*)")  # "1.5亿" is no item
_PERIOD = re.compile(r"([0-9]{4})\s*年\s*([0-9]{1,2})\s*月")
_ISSUE = re.compile(r"(?:([0-9]{4})\s*年\s*)?(?:总\s*)?第\s*([0-9]{1,4})\s*期")


@dataclass
class ArticleDraft:
    title: list[Line] | None  # a bullet title's lines; None for an untitled article
    item: bool = False  # opened by a numbered news item ("1、")
    paragraphs: list[list[Line]] = field(default_factory=list)


@dataclass
class SectionDraft:
    kind: str
    title: str
    drafts: list[ArticleDraft] = field(default_factory=list)
    items: int = 0


def split_sections(lines: list[Line], mode: str) -> tuple[list[Line], list[SectionDraft]]:
    """Walk the lines once, opening sections at headings and articles at bullets or news items."""
    front: list[Line] = []
    sections: list[SectionDraft] = []
    para: list[Line] | None = None
    in_title = False
    last_number, list_number = 0, None  # list_number: a numbered list running inside an article
    section_level = _section_level(lines)
    for line in lines:
        heading = listed = _heading(line.text)
        styled = _styled_role(line, section_level)
        if styled == "section":  # a Word heading style says so, numbered or not
            heading = heading or _styled_heading(line.text)
            if not sections and heading[0] == "other" and not heading[2]:
                heading = None  # the masthead, set in the sections' heading style
        elif heading and heading[2]:  # numbered: a known title or the next number makes it a section...
            known, follows = heading[0] != "other", heading[2] == last_number + 1
            in_list = list_number is not None and heading[2] == list_number + 1
            if not ((known and follows) or (not in_list and (known or follows))):
                heading, list_number = None, heading[2]  # ...else it is a list: "一、加强领导" in an article
        if heading:
            sections.append(SectionDraft(heading[0], heading[1]))
            para, in_title, list_number = None, False, None
            last_number = heading[2] if heading[2] > 0 else last_number
            continue
        if not sections:
            front.append(line)
            continue
        sec = sections[-1]
        bullet = line.text if styled == "title" else _bullet(line.text)
        item = _ITEM.fullmatch(line.text) if sec.kind == "association_news" and bullet is None else None
        if bullet is not None or (item and int(item[1]) == sec.items + 1):
            rest = bullet if bullet is not None else item[2]
            para, in_title, list_number = ([replace(line, text=rest)] if rest else []), bullet is not None, None
            sec.items += item is not None
            sec.drafts.append(ArticleDraft(para) if in_title else ArticleDraft(None, True, [para]))
            continue
        forced = bool(listed or ATTRIBUTION_START.match(line.text) or LABEL.match(line.text))
        if para is None or forced or ends_paragraph(para, line, mode, in_title):
            if not sec.drafts:
                sec.drafts.append(ArticleDraft(None))
            para, in_title = [], False
            sec.drafts[-1].paragraphs.append(para)
        para.append(line)
    return front, sections


def _heading_level(line: Line) -> int | None:
    """Return a Word heading style's level (0 for the Title style), or None for other lines."""
    if line.style == "title":
        return 0
    return int(line.style[7:]) if line.style.startswith("heading") else None


def _section_level(lines: list[Line]) -> int | None:
    """Pick the Word heading level that holds sections, or None when the text's numbering does.

    Numbered headings (一、…) in a heading style decide first; numbered headings in plain
    paragraphs mean the heading styles mark articles; else the level of known section titles.
    """
    styled = [(level, line) for line in lines if (level := _heading_level(line))]
    numbered = [level for level, line in styled if _heading(line.text)]
    if numbered:
        return min(numbered)
    if any((found := _heading(line.text)) and found[2] > 0 for line in lines):
        return None
    known = [level for level, line in styled if _kind(line.text) != "other"]
    return min(known) if known else None


def _styled_role(line: Line, section_level: int | None) -> str:
    """Say what a Word style makes of a line: "section", "title" (of an article) or ""."""
    level = _heading_level(line)
    if level is not None:
        if level == section_level:
            return "section"
        return "title" if level > (section_level or 0) and not LABEL.match(line.text) else ""
    text = line.text
    if line.style != "bold" or len(text) > 60 or text[-1] in "。；;：:" or LABEL.match(text):
        return ""  # a bold sentence or label is emphasis, not a title
    return "" if ATTRIBUTION_START.match(text) or _ITEM.fullmatch(text) else "title"


def _styled_heading(text: str) -> tuple[str, str, int]:
    """Read a heading-styled line as (kind, title, number), its numeral (一、) optional."""
    match = re.match(r"([一二三四五六七八九十]{1,3})\s*[、.．]\s*", text)
    title = text[match.end():].strip() if match else text
    return _kind(title), title or text, _cn_number(match[1]) if match else 0


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


def front_matter(lines: list[Line]) -> tuple[str | None, tuple[int, int] | None, str | None]:
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
