"""Turn an uploaded bulletin (.txt or .pdf) into a draft with sections and articles."""
from __future__ import annotations

import os
import secrets

from flask import current_app
from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.bulletins.figures import extract_figures
from portal.bulletins.models import Article, Bulletin, Section
from portal.bulletins.pdf_limits import PdfLimits, PdfRefused, extract_text_within
from portal.bulletins.parsing import ParsedBulletin, parse_bulletin
from portal.bulletins.states import BulletinAudience, SectionKind
from portal.extensions import db
from portal.members.matching import match_firm
from portal.urls import safe_website

MAX_BYTES = 20 * 1024 * 1024
EXPECTED_KINDS = {SectionKind.DATA_REPORT, SectionKind.INDUSTRY_NEWS, SectionKind.POLICY, SectionKind.MEMBER_SPOTLIGHT,
                  SectionKind.ASSOCIATION_NEWS}


class BulletinImportError(ValueError):
    """A file that cannot become a bulletin, with a one-line reason."""


def check_upload(filename: str, data: bytes) -> None:
    """Refuse at once what cannot be a bulletin by its name, size or first bytes."""
    extension = os.path.splitext(filename or "")[1].lower()
    if len(data) > MAX_BYTES:
        raise BulletinImportError(_l("The file is larger than 20 MB."))
    if extension not in (".txt", ".pdf"):
        raise BulletinImportError(_l("Please upload the bulletin as a .txt or .pdf file."))
    if extension == ".pdf" and not data.startswith(b"%PDF"):
        raise BulletinImportError(_l("This file is not a PDF."))


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
        raise BulletinImportError(_refusal_message(refusal)) from None


def _refusal_message(refusal: PdfRefused):
    details, megabytes = refusal.details, refusal.details.get("limit", 0) // (1024 * 1024)
    if refusal.reason == "pages":
        return _l("The PDF has %(pages)s pages; at most %(limit)s are accepted.",
                  pages=details["pages"], limit=details["limit"])
    if refusal.reason == "unpacked":
        return _l("The PDF's content unpacks to more than %(mb)s MB; it is refused.", mb=megabytes)
    if refusal.reason == "memory":
        return _l("Reading the PDF needs more than %(mb)s MB of memory; it is refused.", mb=megabytes)
    if refusal.reason == "time":
        return _l("Reading the PDF takes longer than %(seconds)s seconds; it is refused.",
                  seconds=f"{details['limit']:g}")
    return _l("The PDF cannot be read: %(error)s", error=details.get("error", refusal.reason))


def import_bulletin(actor, filename: str, data: bytes, period: tuple[int, int] | None = None,
                    title: str | None = None, audience: str = BulletinAudience.PUBLIC,
                    text: str | None = None) -> Bulletin:
    """Parse a file (or its `text`, read already) into a new draft, replacing a draft of its period; flushes only."""
    text = read_text(filename, data) if text is None else text
    parsed = parse_bulletin(text, period=period)
    if not any(section.articles for section in parsed.sections):
        raise BulletinImportError(_l("No sections were found in this file (headings such as 一、数据月报)."))
    period = period or parsed.period
    if period is None:
        raise BulletinImportError(_l("The file does not say which month it covers: give the period (YYYY-MM)."))
    _replace_draft_of(period)
    bulletin = Bulletin(
        title=(title or parsed.title or default_title(period))[:200], year=period[0], month=period[1],
        issue_number=parsed.issue_number or "", audience=audience, source_text=text,
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
                figures=[f.as_dict() for f in extract_figures(parsed_article.body)]
                if parsed_section.kind == SectionKind.DATA_REPORT else []))
        bulletin.sections.append(section)


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
