"""Membership tiers: the contract's five codes, and lookups of the tiers table (labels, order, dues).

Staff rename tiers, add tiers between them and reorder them (portal.members.catalogue_changes);
the lists here read the table through portal.members.catalogue, once per request.
"""
from __future__ import annotations

import enum

from wtforms import SelectChoice

from portal.members import catalogue
from portal.members.catalogue import TierEntry


class Tier(enum.StrEnum):
    """The contract's tier codes (URLs, JSON, imports); the table holds their labels, order and dues, and may hold more."""

    PRESIDENT = "president"
    VICE_PRESIDENT = "vice_president"
    COUNCIL = "council"
    SUPERVISOR = "supervisor"
    MEMBER = "member"

    @classmethod
    def values(cls) -> list[str]:
        return [member.value for member in cls]


#: The Chinese words of the association's own documents for the founding tiers, for imports.
#: A tier staff add is found by its Chinese label (see by_chinese).
TIER_BY_CHINESE = {
    "会长单位": Tier.PRESIDENT.value,
    "副会长单位": Tier.VICE_PRESIDENT.value,
    "理事单位": Tier.COUNCIL.value,
    "监事单位": Tier.SUPERVISOR.value,
    "会员单位": Tier.MEMBER.value,
}

STAFF_SIZES = ["1-49", "50-199", "200-999", "1000-4999", "5000+"]


def all() -> list[TierEntry]:  # noqa: A001 (read as tiers.all())
    """Return every tier, highest first."""
    return list(catalogue.tiers().values())


def codes() -> list[str]:
    """Return the tier codes, highest first (for `in` checks on request values and the API document)."""
    return list(catalogue.tiers())


def is_known(code) -> bool:
    return isinstance(code, str) and code in catalogue.tiers()


def label(code: str) -> str:
    """Return the tier's label in the current language (the code itself if unknown)."""
    entry = catalogue.tiers().get(code)
    return entry.label if entry is not None else code


def rank(code: str) -> int:
    """Return where the tier lists (0 first), as firms.tier_rank holds it; ValueError if unknown."""
    entry = catalogue.tiers().get(code)
    if entry is None:
        raise ValueError(f"unknown tier {code!r}")
    return entry.position


def dues_fen(code: str) -> int:
    """Return a year's dues of the tier, in fen (0 for an unknown code)."""
    entry = catalogue.tiers().get(code)
    return entry.dues_fen if entry is not None else 0


def choices() -> list[SelectChoice]:
    """Return the tiers as the choices of a form's SelectField, highest first, in the current language."""
    return [SelectChoice(entry.code, entry.label) for entry in all()]


def by_chinese(word: str) -> str | None:
    """Return the code of the tier a document names in Chinese (会长单位, or a label staff gave); None if none."""
    word = (word or "").strip()
    if word in TIER_BY_CHINESE:
        return TIER_BY_CHINESE[word]
    return next((entry.code for entry in all() if entry.label_zh == word), None)


# The names the code used before the tiers were a table.
tier_label = label
tier_rank = rank
