"""The extraction's lines: page numbers dropped, where paragraphs end, and lines rejoined into text."""
from __future__ import annotations

import re
from dataclasses import dataclass

#: A page number as a line of its own: 3, - 3 -, 第 3 页, 3/12.
PAGE_NUMBER = re.compile(r"[-—–\s]*(?:第\s*)?[0-9]{1,3}(?:\s*页)?(?:\s*/\s*[0-9]{1,3})?[-—–\s]*")
#: A labelled line of a spotlight (类型：…): it always opens a paragraph.
LABEL = re.compile(r"(类\s*型|网\s*址|简\s*介)\s*[：:]\s*(.*)", re.S)
#: An attribution's opening (（来源：… or 来源：…): it always opens a paragraph.
ATTRIBUTION_START = re.compile(r"[（(]?\s*(?:来源|作者|出处|稿源|供稿)\s*[：:]")
_SENTENCE_END = "。！？；：.!?;:）)」』\"”"
_URL_TAIL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S*$|\S+@\S*$", re.I)


@dataclass
class Line:
    text: str  # stripped
    trailing: bool  # the raw line ended in whitespace
    leading: bool
    gap: bool  # blank lines came before it
    page_break: bool  # a dropped page number came before it
    #: A whole paragraph as a Word file holds it (it ends a paragraph, whatever its punctuation).
    whole: bool = False
    #: What a Word style says of it: "heading1"…"heading9", "title" (the document's Title style),
    #: "bold" (every letter bold), or "" for plain text and all extracted text.
    style: str = ""
    #: A table row's cells (the text is them joined with " | "), and which table of the file it is in.
    cells: tuple[str, ...] = ()
    table: int = 0


def split_lines(text: str) -> list[Line]:
    """Split into non-blank lines, dropping stray page numbers but remembering gaps.

    A form feed (pdfminer ends each page with one) marks a page turn: a number standing first or
    last on a page is its header's or footer's page number, even inside a running sentence.
    """
    out: list[Line] = []
    gap = page = False
    for sheet in text.split("\x0c"):
        raws = sheet.splitlines()
        edges = _edges(raws)
        blank_run, previous = 0, out[-1].text if out else ""
        for index, raw in enumerate(raws):
            stripped = raw.strip()
            if not stripped:
                gap = True
                blank_run += 1
                continue
            if PAGE_NUMBER.fullmatch(stripped) and (index in edges or _stands_apart(raw, raws, index, blank_run,
                                                                                       previous)):
                page = True
            else:
                out.append(Line(stripped, raw[-1].isspace(), raw[0].isspace(), gap, page))
                gap = page = False
                previous = stripped
            blank_run = 0
    return out


def _edges(raws: list[str]) -> set[int]:
    """Return the indexes of a page's first and last non-blank lines (none for text without pages)."""
    filled = [index for index, raw in enumerate(raws) if raw.strip()]
    return {filled[0], filled[-1]} if filled else set()


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


def paragraph_mode(lines: list[Line]) -> str:
    """Pick the evidence that marks a paragraph's end in this text."""
    if 0 < sum(line.trailing for line in lines) < len(lines):
        return "marker"  # Word-made PDFs leave a space after a paragraph's last line only
    if 0 < sum(line.gap for line in lines[1:]) < (len(lines) - 1) / 2:
        return "blank"  # blank lines are rare, so they separate paragraphs
    return "punct"  # every line is boxed alone (or none is): fall back on punctuation


def ends_paragraph(para: list[Line], line: Line, mode: str, in_title: bool) -> bool:
    """Tell whether `line` starts a new paragraph after `para`."""
    if not para:
        return False
    prev = para[-1]
    if prev.whole or line.whole:
        return True
    if mode == "marker":  # a Latin word wrapped at a line end leaves a trailing space too
        latin_wrap = _letter(prev.text[-1]) and _letter(line.text[0])
        return prev.trailing and (in_title or not latin_wrap)
    if in_title:
        return True  # without trailing-space markers a bullet title is one line
    if mode == "blank" and not line.page_break:
        return line.gap
    if ATTRIBUTION_START.match(para[0].text) and prev.text.endswith(("）", ")")):
        return True
    return prev.text.rstrip("”’\"'）)》」』】").endswith(_SENTENCE_END)


def join(lines: list[Line]) -> str:
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
