"""One line for staff on why an uploaded PDF or Word file is refused."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.bulletins.docx_limits import DocxRefused
from portal.bulletins.pdf_limits import PdfRefused


def pdf_refusal(refusal: PdfRefused):
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


def docx_refusal(refusal: DocxRefused):
    details = refusal.details
    if refusal.reason == "old_word":
        return _l("This is an old Word file (.doc): save it as .docx in Word and upload that.")
    if refusal.reason == "not_zip":
        return _l("This file is not a Word document (.docx).")
    if refusal.reason == "not_word":
        return _l("This file is not a Word document: it holds no word/document.xml.")
    if refusal.reason == "parts":
        return _l("The Word file holds more than %(limit)s parts; it is refused.", limit=details["limit"])
    if refusal.reason == "unpacked":
        return _l("The Word file unpacks to more than %(mb)s MB; it is refused.", mb=details["limit"] // (1024 * 1024))
    if refusal.reason == "paragraphs":
        return _l("The Word file has more than %(limit)s paragraphs; it is refused.", limit=details["limit"])
    return _l("The Word file cannot be read: %(error)s", error=details.get("error", refusal.reason))
