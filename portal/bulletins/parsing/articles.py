"""Read what an article holds: its title, source, body, and a member spotlight's tier and website."""
from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from portal.bulletins.parsing.events import events
from portal.bulletins.parsing.lines import LABEL, join
from portal.bulletins.parsing.parsed import ParsedArticle, SpotlightEntry
from portal.bulletins.parsing.structure import ArticleDraft, SectionDraft

# 副会长 before 会长, 监事 before 理事: each shorter word hides inside a longer one.
_TIERS = (("副会长", "vice_president"), ("会长", "president"), ("监事", "supervisor"),
          ("理事", "council"), ("会员", "member"))
_ATTRIBUTION = re.compile(r"[（(]\s*(来源|作者|出处|稿源|供稿)\s*[：:]\s*([^（）()]*?)\s*[)）]\s*$")
#: 来源：新华社 without brackets, as a paragraph of its own (a sentence is never one).
_BARE_ATTRIBUTION = re.compile(r"(来源|作者|出处|稿源|供稿)\s*[：:]\s*([^，。；！？,;!?]{1,40}?)\s*[。.]?\s*")
_URL = re.compile(r"[A-Za-z0-9][A-Za-z0-9:/._~%?#@!$&'*+=-]*")
_TIME_ONLY = re.compile(r"[0-9年月日号\s上中下午晚旬近前期初底末今昨]*")


def finish(draft: ArticleDraft, sec: SectionDraft, period: tuple[int, int] | None) -> ParsedArticle:
    """Turn an article draft into a ParsedArticle: title, source, body, spotlight and events."""
    paragraphs = [p for p in (join(lines) for lines in draft.paragraphs) if p]
    source, paragraphs = _take_source(paragraphs)
    title = join(draft.title) if draft.title else ""
    if not title and draft.item and paragraphs:
        title = _news_title(paragraphs[0])
    elif not title and len(paragraphs) > 1 and len(paragraphs[0]) <= 20 and paragraphs[0][-1] in "：:":
        title = paragraphs.pop(0)[:-1].strip()  # a short "term:" line heads a tips box
    title = title or sec.title
    spotlight, paragraphs = _spotlight(title, paragraphs, sec.kind)
    body = "\n\n".join(paragraphs)
    mentions = events(body, period) if sec.kind == "association_news" else []
    return ParsedArticle(title, source, body, spotlight, mentions, _tables(draft))


def _tables(draft: ArticleDraft) -> list[list[tuple[str, ...]]]:
    """Gather the table rows of an article (a Word file's), table by table."""
    tables: dict[int, list[tuple[str, ...]]] = {}
    for line in (line for lines in draft.paragraphs for line in lines if line.cells):
        tables.setdefault(line.table, []).append(line.cells)
    return list(tables.values())


def _take_source(paragraphs: list[str]) -> tuple[str | None, list[str]]:
    """Pull （来源：…）/（作者：…） out of the body (alone or closing a paragraph, or 来源：… alone); 来源 wins."""
    found: list[tuple[str, str]] = []
    kept: list[str] = []
    for para in paragraphs:
        match = _ATTRIBUTION.search(para) or _BARE_ATTRIBUTION.fullmatch(para)
        if match and match[2]:
            found.append((match[1], match[2]))
            para = para[: match.start()].strip()
        if para:
            kept.append(para)
    found.sort(key=lambda f: f[0] != "来源")
    return (found[0][1] if found else None), kept


def _spotlight(name: str, paragraphs: list[str], kind: str) -> tuple[SpotlightEntry | None, list[str]]:
    """Read 类型/网址/简介 labels into a SpotlightEntry; return the body without them."""
    labels = {re.sub(r"\s", "", m[1]): m[2].strip() for p in paragraphs if (m := LABEL.match(p))}
    if not (labels.keys() & {"类型", "网址"} or (labels and kind == "member_spotlight")):
        return None, paragraphs
    body: list[str] = []
    intro_from = 0
    for para in paragraphs:
        match = LABEL.match(para)
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
