"""Parse a monthly bulletin, as text extracted from its PDF or as a Word file's paragraphs, into sections and articles.

Standard library only (no Flask, no database); any str gives a ParsedBulletin, never an error.
lines.py cleans and rejoins the extraction's lines, structure.py finds sections and articles,
articles.py and events.py read what an article holds, extraction.py gets the text from a PDF,
word.py turns a .docx into the same lines, each a whole paragraph with its style (heading, bold).
"""
from __future__ import annotations

from portal.bulletins.parsing.articles import finish
from portal.bulletins.parsing.lines import Line, paragraph_mode, split_lines
from portal.bulletins.parsing.parsed import (EventMention, ParsedArticle, ParsedBulletin, ParsedSection,
                                             SpotlightEntry)
from portal.bulletins.parsing.structure import front_matter, split_sections

__all__ = ["EventMention", "Line", "ParsedArticle", "ParsedBulletin", "ParsedSection", "SpotlightEntry",
           "parse_bulletin", "parse_lines"]


def parse_bulletin(text: str, *, period: tuple[int, int] | None = None) -> ParsedBulletin:
    """Parse extracted bulletin text; `period` (year, month), when given, overrides the text's."""
    return parse_lines(split_lines(text), period=period)


def parse_lines(lines: list[Line], *, period: tuple[int, int] | None = None) -> ParsedBulletin:
    """Parse a bulletin's lines (extracted text's, or a Word file's paragraphs with their styles)."""
    front, drafts = split_sections(lines, paragraph_mode(lines))
    title, found_period, issue = front_matter(front)
    period = period or found_period
    sections = [ParsedSection(d.kind, d.title, [finish(a, d, period) for a in d.drafts]) for d in drafts]
    return ParsedBulletin(title, period, issue, [s for s in sections if s.articles])
