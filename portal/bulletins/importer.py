"""Turn an uploaded bulletin (.docx, .txt or .pdf) into a draft with sections and articles."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.bulletins.docx_limits import DocxLimits, DocxRefused, check_package, read_docx_within
from portal.bulletins.figures import extract_figures, table_figures
from portal.bulletins.import_messages import docx_refusal, pdf_refusal
from portal.bulletins.models import Article, Bulletin, Section
from portal.bulletins.pdf_limits import PdfLimits, PdfRefused, extract_text_within
from portal.bulletins.parsing import Line, ParsedArticle, ParsedBulletin, parse_bulletin, parse_lines
from portal.bulletins.states import BulletinAudience, SectionKind
from portal.extensions import db
from portal.members.matching import match_firm
from portal.urls import safe_website

MAX_BYTES = 20 * 1024 * 1024
EXPECTED_KINDS = {SectionKind.DATA_REPORT, SectionKind.INDUSTRY_NEWS, SectionKind.POLICY, SectionKind.MEMBER_SPOTLIGHT,
                  SectionKind.ASSOCIATION_NEWS}


class BulletinImportError(ValueError):
    """A file that cannot become a bulletin, with a one-line reason."""


@dataclass(frozen=True)
class Source:
    """What an uploaded file says: its text, and a Word file's paragraphs with their styles."""

    text: str  # kept as the bulletin's source text
    lines: list[Line] | None = None  # None: parse `text` as extracted text


def check_upload(filename: str, data: bytes) -> None:
    """Refuse at once what cannot be a bulletin by its name, size, first bytes or (a .docx) zip directory."""
    extension = os.path.splitext(filename or "")[1].lower()
    if len(data) > MAX_BYTES:
        raise BulletinImportError(_l("The file is larger than 20 MB."))
    if extension not in (".txt", ".pdf", ".docx"):
        raise BulletinImportError(_l("Please upload the bulletin as a .docx, .pdf or .txt file."))
    if extension == ".pdf" and not data.startswith(b"%PDF"):
        raise BulletinImportError(_l("This file is not a PDF."))
    if extension == ".docx":
        try:
            check_package(data, DocxLimits.from_config(current_app.config))
        except DocxRefused as refusal:
            raise BulletinImportError(docx_refusal(refusal)) from None


def read_source(filename: str, data: bytes) -> Source:
    """Read an upload: a Word file's paragraphs, or the text of a .txt or PDF, within the limits."""
    if os.path.splitext(filename or "")[1].lower() != ".docx":
        return Source(read_text(filename, data))
    check_upload(filename, data)
    try:
        lines = read_docx_within(data, DocxLimits.from_config(current_app.config))
    except DocxRefused as refusal:
        raise BulletinImportError(docx_refusal(refusal)) from None
    return Source("\n\n".join(line.text for line in lines), lines)


def read_text(filename: str, data: bytes) -> str:
    """Return the text of a .txt upload (UTF-8 or GB18030) or of a PDF's text layer, within the limits."""
    check_upload(filename, data)
    if filename.lower().endswith(".txt"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise BulletinImportError(_l("The text file is neither UTF-8 nor GB18030."))
    try:
        return extract_text_within(data, PdfLimits.from_config(current_app.config))
    except PdfRefused as refusal:
        raise BulletinImportError(pdf_refusal(refusal)) from None


def import_bulletin(actor, filename: str, data: bytes, period: tuple[int, int] | None = None,
                    title: str | None = None, audience: str = BulletinAudience.PUBLIC,
                    source: Source | None = None) -> Bulletin:
    """Parse a file (or its `source`, read already) into a new draft, replacing a draft of its period; flushes only."""
    source = read_source(filename, data) if source is None else source
    parsed = (parse_bulletin(source.text, period=period) if source.lines is None
              else parse_lines(source.lines, period=period))
    if not any(section.articles for section in parsed.sections):
        raise BulletinImportError(_l("No sections were found in this file (headings such as 一、数据月报)."))
    period = period or parsed.period
    if period is None:
        raise BulletinImportError(_l("The file does not say which month it covers: give the period (YYYY-MM)."))
    _replace_draft_of(period)
    bulletin = Bulletin(
        title=(title or parsed.title or default_title(period))[:200], year=period[0], month=period[1],
        issue_number=parsed.issue_number or "", audience=audience, source_text=source.text,
        original_name=os.path.basename(filename)[:255],
        original_file=_store_original(filename, data), warnings=warnings_for(parsed))
    _add_sections(bulletin, parsed)
    db.session.add(bulletin)
    db.session.flush()
    record(actor, "bulletin.imported", f"bulletin:{bulletin.id}", period=bulletin.period, file=bulletin.original_name)
    return bulletin


def default_title(period: tuple[int, int]) -> str:
    return f"数字贸易月报 {period[0]} 年 {period[1]} 月"


def _replace_draft_of(period: tuple[int, int]) -> None:
    existing = db.session.scalars(db.select(Bulletin).where(
        Bulletin.year == period[0], Bulletin.month == period[1])).all()
    if any(b.is_published for b in existing):
        raise BulletinImportError(_l("The bulletin of %(period)s is already published.",
                                     period=f"{period[0]:04d}-{period[1]:02d}"))
    # Importing again replaces the earlier import of the month (a corrected file); an issue
    # written in the portal has no file to come back from, so it is never replaced unasked.
    if any(b.original_file is None for b in existing):
        raise BulletinImportError(_l("An issue of %(period)s is being written in the portal: delete that draft "
                                     "first if the file should replace it.",
                                     period=f"{period[0]:04d}-{period[1]:02d}"))
    for draft in existing:
        db.session.delete(draft)
    db.session.flush()


def _store_original(filename: str, data: bytes) -> str:
    folder = os.path.join(current_app.config["UPLOAD_FOLDER"], "bulletins")
    os.makedirs(folder, exist_ok=True)
    name = secrets.token_hex(16) + os.path.splitext(filename)[1].lower()
    with open(os.path.join(folder, name), "wb") as handle:
        handle.write(data)
    return name


def _add_sections(bulletin: Bulletin, parsed: ParsedBulletin) -> None:
    for position, parsed_section in enumerate(parsed.sections):
        section = Section(position=position, kind=parsed_section.kind, title=parsed_section.title[:200])
        for number, parsed_article in enumerate(parsed_section.articles):
            entry = parsed_article.spotlight
            firm = match_firm(entry.name) if entry else None
            section.articles.append(Article(
                position=number, title=parsed_article.title[:300], source=parsed_article.source,
                body=parsed_article.body,
                spotlight={"name": entry.name, "tier": entry.tier, "website": safe_website(entry.website),
                           "intro": entry.intro} if entry else None,
                firm_id=firm.id if firm else None,
                mentions=[{"date": m.date.isoformat() if m.date else None, "place": m.place, "text": m.text}
                          for m in parsed_article.events],
                figures=_figures(parsed_article) if parsed_section.kind == SectionKind.DATA_REPORT else []))
        bulletin.sections.append(section)


def _figures(article: ParsedArticle, limit: int = 40) -> list[dict]:
    """A data report's figures: its tables' first (a Word file's), then those its sentences give."""
    found = [figure for table in article.tables for figure in table_figures(table)] + extract_figures(article.body)
    return [figure.as_dict() for figure in list(dict.fromkeys(found))[:limit]]


def warnings_for(parsed: ParsedBulletin) -> list[str]:
    """Say what staff should check: missing or unknown sections, empty articles, new firms."""
    warnings = []
    kinds = {section.kind for section in parsed.sections}
    for kind in sorted(EXPECTED_KINDS - kinds):
        warnings.append(f"missing_section:{kind}")
    for section in parsed.sections:
        if section.kind == SectionKind.OTHER:
            warnings.append(f"unknown_section:{section.title}")
        for article in section.articles:
            if not article.body.strip():
                warnings.append(f"empty_article:{article.title}")
            if article.spotlight and match_firm(article.spotlight.name) is None:
                warnings.append(f"new_firm:{article.spotlight.name}")
            if article.spotlight and not article.spotlight.tier:
                warnings.append(f"no_tier:{article.spotlight.name}")
    return warnings
