"""How dues were paid, and where a firm's membership stands."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.enums import LabelledEnum


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
