"""Membership tiers, highest first, with their labels in both languages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.enums import LabelledEnum


class Tier(LabelledEnum):
    """Membership tiers in directory order (会长单位 first); the values are contract codes."""

    PRESIDENT = "president", _l("President")
    VICE_PRESIDENT = "vice_president", _l("Vice President")
    COUNCIL = "council", _l("Council Member")
    SUPERVISOR = "supervisor", _l("Supervisor")
    MEMBER = "member", _l("Member")


#: The codes as plain strings, in directory order (for `in` checks on request values and JSON schemas).
TIER_CODES = Tier.values()

#: The Chinese words the association's own documents use, for parsing bulletins and imports.
TIER_BY_CHINESE = {
    "会长单位": Tier.PRESIDENT,
    "副会长单位": Tier.VICE_PRESIDENT,
    "理事单位": Tier.COUNCIL,
    "监事单位": Tier.SUPERVISOR,
    "会员单位": Tier.MEMBER,
}

INDUSTRIES = {
    "software": _l("Software"),
    "ito": _l("IT outsourcing (ITO)"),
    "bpo": _l("Business process outsourcing (BPO)"),
    "kpo": _l("Knowledge process outsourcing (KPO)"),
    "ecommerce": _l("Cross-border e-commerce"),
    "finance": _l("Finance"),
    "logistics": _l("Logistics"),
    "consulting": _l("Consulting"),
    "digital_content": _l("Digital content"),
    "education": _l("Training and education"),
}

STAFF_SIZES = ["1-49", "50-199", "200-999", "1000-4999", "5000+"]


def tier_rank(code: str) -> int:
    return TIER_CODES.index(code)


def tier_label(code: str) -> str:
    """Return the tier's label in the current language (the code itself if unknown)."""
    return Tier.label_of(code)
