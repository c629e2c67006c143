"""Membership tiers, highest first, with their labels in both languages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: Contract codes in directory order (会长单位 first).
TIER_CODES = ["president", "vice_president", "council", "supervisor", "member"]

TIER_LABELS = {
    "president": _l("President"),
    "vice_president": _l("Vice President"),
    "council": _l("Council Member"),
    "supervisor": _l("Supervisor"),
    "member": _l("Member"),
}

#: The Chinese words the association's own documents use, for parsing bulletins and imports.
TIER_BY_CHINESE = {
    "会长单位": "president",
    "副会长单位": "vice_president",
    "理事单位": "council",
    "监事单位": "supervisor",
    "会员单位": "member",
}

STATUSES = ["active", "lapsed"]
STATUS_LABELS = {"active": _l("Active member"), "lapsed": _l("Membership lapsed")}

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
