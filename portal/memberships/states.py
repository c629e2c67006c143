"""Where an application to join stands, and the kinds of licence file it carries."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.enums import LabelledEnum


class ApplicationStatus(LabelledEnum):
    """An application waits for staff, then is approved (a firm is made or joined) or rejected, once."""

    PENDING = "pending", _l("Waiting for review")
    APPROVED = "approved", _l("Approved")
    REJECTED = "rejected", _l("Not approved")


class LicenceFormat(LabelledEnum):
    """What the stored 营业执照 file is: decided from its content, never from its name."""

    PDF = "pdf", "PDF"
    PNG = "png", "PNG"
    JPEG = "jpeg", "JPEG"

    @property
    def mimetype(self) -> str:
        return {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}[self.value]

    @property
    def extension(self) -> str:
        return {"pdf": "pdf", "png": "png", "jpeg": "jpg"}[self.value]
