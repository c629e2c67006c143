"""The business licence (营业执照) an applicant uploads: checked like logos are, kept in the private store.

A PNG or JPEG is decoded within the uploads' pixel limit and re-encoded, which drops whatever
else the file carried; a PDF cannot be re-encoded here, so it must start as a PDF does and be read
through by pdfminer in the bulletins' child process, held to its limits of pages, memory and time.
What the file is comes from its content, never from its name or the browser's content type.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import ImageOps

from portal.bulletins.pdf_limits import PdfLimits, PdfRefused, extract_text_within
from portal.memberships.states import LicenceFormat
from portal.uploads import UploadError, delete_private, open_image, save_private
from portal.unit_of_work import on_rollback

#: The private store's folder for licences (under PRIVATE_FOLDER).
KIND = "licences"
_IMAGE_FORMATS = {"PNG": LicenceFormat.PNG, "JPEG": LicenceFormat.JPEG}
#: A PDF's names for running code or carrying other files. Compressed object streams can hide them,
#: so this only turns away the plain cases; the download's sandbox and attachment header do the rest.
_ACTIVE_PDF = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)\b")


class LicenceRefused(ValueError):
    """A licence file that was refused, with a reason fit to show to the applicant."""


@dataclass(frozen=True)
class CheckedLicence:
    data: bytes
    format: LicenceFormat


def _refusal():
    return _l("Please upload the business licence as a PDF, PNG or JPEG file.")


def read_upload(stream) -> bytes:
    """Read an uploaded file up to one byte past the limit (from the start: a retried request reads again)."""
    stream.seek(0)
    return stream.read(int(current_app.config["LICENCE_MAX_BYTES"]) + 1)


def check_licence(data: bytes) -> CheckedLicence:
    """Return the bytes to store and their format, or raise LicenceRefused saying why not."""
    limit = int(current_app.config["LICENCE_MAX_BYTES"])
    if not data:
        raise LicenceRefused(_l("The file is empty."))
    if len(data) > limit:
        raise LicenceRefused(_l("The file is larger than %(size)s MB.", size=limit // (1024 * 1024)))
    if data.startswith(b"%PDF-"):
        return CheckedLicence(_checked_pdf(data), LicenceFormat.PDF)
    return _re_encoded_image(data)


def _checked_pdf(data: bytes) -> bytes:
    if _ACTIVE_PDF.search(data):
        raise LicenceRefused(_l("This PDF contains scripts or attached files. Please upload a plain scan."))
    limits = replace(PdfLimits.from_config(current_app.config), pages=int(current_app.config["LICENCE_MAX_PAGES"]))
    try:
        extract_text_within(data, limits)  # scanned licences have no text: being read through is the test
    except PdfRefused as refusal:
        if refusal.reason == "pages":
            raise LicenceRefused(_l("The PDF has more than %(pages)s pages: please upload the licence alone.",
                                    pages=limits.pages)) from None
        raise LicenceRefused(_l("This PDF cannot be read. Please upload another copy, or a PNG or JPEG scan.")) from None
    return data


def _re_encoded_image(data: bytes) -> CheckedLicence:
    try:
        image = open_image(data, formats=set(_IMAGE_FORMATS), refusal=_refusal())
    except UploadError as error:
        raise LicenceRefused(str(error)) from None
    kind = _IMAGE_FORMATS[image.format]
    image = ImageOps.exif_transpose(image)  # a phone's photo upright, its EXIF (and location) dropped
    buffer = io.BytesIO()
    if kind == LicenceFormat.JPEG:
        image.convert("RGB").save(buffer, "JPEG", quality=90)
    else:
        if image.mode not in ("1", "L", "LA", "RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(buffer, "PNG", optimize=True)
    return CheckedLicence(buffer.getvalue(), kind)


def store_licence(licence: CheckedLicence) -> str:
    """Write the licence to the private store; it is deleted again if the transaction rolls back."""
    name = save_private(licence.data, KIND, licence.format.extension)
    on_rollback(lambda: delete_private(KIND, name))
    return name


def delete_licence(name: str | None) -> None:
    delete_private(KIND, name)

