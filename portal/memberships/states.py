"""Where an application to join stands and its licence's kind; how dues were paid and where a membership stands."""
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


class PaymentMethod(LabelledEnum):
    """How a payment reached the association; the values are the contract's `--method` words."""

    BANK = "bank", _l("Bank transfer")
    WECHAT = "wechat", _l("WeChat Pay")
    ALIPAY = "alipay", _l("Alipay")
    CASH = "cash", _l("Cash")
    OTHER = "other", _l("Other")


class Standing(LabelledEnum):
    """Where a firm's membership stands today (worked out from its status and end, never stored)."""

    #: No recorded end: listed until staff give the firm a period.
    OPEN = "open", _l("Member (no recorded end)")
    CURRENT = "current", _l("Member")
    #: Ended, still listed until the grace runs out.
    GRACE = "grace", _l("In the grace period")
    LAPSED = "lapsed", _l("Lapsed")
