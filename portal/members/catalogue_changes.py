"""Staff's changes to the tiers and industries: each audited, each keeping the directory's order in step.

Codes never change once made (URLs, JSON, stored rows and mailings name them); labels, order,
dues and an industry's retirement do. When tiers move, the firms of the tiers whose position
changed get their new tier_rank in one UPDATE, and their search documents their new rank in
another, so the directory and the search keep ordering on their indexes.
"""
from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from portal.audit.services import record
from portal.database import utcnow
from portal.extensions import db
from portal.members import catalogue
from portal.members.categories import INDUSTRY_CODE_LENGTH, TIER_CODE_LENGTH, Industry, MembershipTier
from portal.members.models import Firm, FirmIndustry
from portal.search import set_ranks

#: Lower-case letters, digits and underscores, starting with a letter, as the contract's codes are.
CODE = re.compile(r"[a-z][a-z0-9_]*")
UP, DOWN = "up", "down"


class CatalogueError(ValueError):
    """A change to the tiers or industries that cannot be made, with a reason fit to show."""

    def __init__(self, message, field: str = "code"):
        super().__init__(message)
        #: The form field the reason belongs to.
        self.field = field


def _checked_code(code: str, length: int, model) -> str:
    code = (code or "").strip()
    if not CODE.fullmatch(code) or len(code) > length:
        raise CatalogueError(_l("Use lower-case letters, digits and underscores, starting with a letter"
                                " (at most %(count)s characters).", count=length))
    if db.session.scalar(sa.select(model.id).where(model.code == code)) is not None:
        raise CatalogueError(_l("This code is taken: codes never change, so choose another."))
    return code


def _labels(label_zh: str, label_en: str) -> tuple[str, str]:
    label_zh, label_en = (label_zh or "").strip(), (label_en or "").strip()
    if not label_zh or not label_en:
        raise CatalogueError(_l("Give the label in both languages."), "label_zh" if not label_zh else "label_en")
    return label_zh, label_en


def _check_dues(dues_fen: int) -> int:
    if not isinstance(dues_fen, int) or dues_fen < 0:
        raise CatalogueError(_l("Dues cannot be negative."), "dues")
    return dues_fen


# ---- tiers ----

def ordered_tiers(for_change: bool = False) -> list[MembershipTier]:
    """Return the tiers, highest first; locked against another change of order until commit if asked."""
    query = sa.select(MembershipTier).order_by(MembershipTier.position, MembershipTier.id)
    return list(db.session.scalars(query.with_for_update() if for_change else query))


def _could_be_code(code: str, length: int) -> bool:
    """Tell a string a code can be from one no query should carry (PostgreSQL refuses NUL)."""
    return len(code) <= length and "\x00" not in code


def get_tier(code: str) -> MembershipTier | None:
    if not _could_be_code(code, TIER_CODE_LENGTH):
        return None
    return db.session.scalar(sa.select(MembershipTier).where(MembershipTier.code == code))


def add_tier(actor, code: str, label_zh: str, label_en: str, dues_fen: int, below: str | None) -> MembershipTier:
    """Add a tier right below `below` (None: above every other); the tiers below it move down one."""
    code = _checked_code(code, TIER_CODE_LENGTH, MembershipTier)
    label_zh, label_en = _labels(label_zh, label_en)
    tiers = ordered_tiers(for_change=True)
    if below is None:
        at = 0
    else:
        above = next((tier for tier in tiers if tier.code == below), None)
        if above is None:
            raise CatalogueError(_l("Choose where the tier goes."), "below")
        at = tiers.index(above) + 1
    tier = MembershipTier(code=code, label_zh=label_zh, label_en=label_en, dues_fen=_check_dues(dues_fen))
    tiers.insert(at, tier)
    db.session.add(tier)
    _renumber(tiers)
    record(actor, "tier.created", f"tier:{code}", label_zh=label_zh, label_en=label_en, dues_fen=dues_fen,
           below=below)
    return tier


def update_tier(actor, tier: MembershipTier, label_zh: str, label_en: str, dues_fen: int) -> None:
    """Rename a tier in both languages and set its yearly dues."""
    label_zh, label_en = _labels(label_zh, label_en)
    new = {"label_zh": label_zh, "label_en": label_en, "dues_fen": _check_dues(dues_fen)}
    old = {key: getattr(tier, key) for key in new}
    if old == new:
        return
    for key, value in new.items():
        setattr(tier, key, value)
    db.session.flush()
    catalogue.forget()
    changed = [key for key in new if old[key] != new[key]]
    record(actor, "tier.updated", f"tier:{tier.code}", old={k: old[k] for k in changed},
           new={k: new[k] for k in changed})


def move_tier(actor, tier: MembershipTier, direction: str) -> bool:
    """Swap a tier with the one above (UP) or below (DOWN); False if it is already first or last."""
    if direction not in (UP, DOWN):
        raise CatalogueError(_l("Move a tier up or down."), "direction")
    tiers = ordered_tiers(for_change=True)
    at = tiers.index(tier)
    to = at - 1 if direction == UP else at + 1
    if not 0 <= to < len(tiers):
        return False
    tiers[at], tiers[to] = tiers[to], tiers[at]
    _renumber(tiers)
    record(actor, "tier.moved", f"tier:{tier.code}", direction=direction, order=[t.code for t in tiers])
    return True


def _renumber(tiers: list[MembershipTier]) -> None:
    """Number the tiers 0, 1, … in the given order; give the firms of those that moved their new rank."""
    moved = {}
    for position, tier in enumerate(tiers):
        if tier.position != position:
            tier.position = position
            moved[tier.code] = position
    db.session.flush()
    catalogue.forget()
    if not moved:
        return
    # One statement for all the firms (the rank is a CASE on their tier code), then one for
    # their search documents; a firm's updated_at says when its profile changed, so it stays.
    new_rank = sa.case(moved, value=Firm.tier)
    db.session.execute(sa.update(Firm).where(Firm.tier.in_(list(moved)))
                       .values(tier_rank=new_rank, updated_at=Firm.updated_at)
                       .execution_options(synchronize_session=False))
    for firm in [item for item in db.session.identity_map.values() if isinstance(item, Firm)]:
        db.session.expire(firm, ["tier_rank"])
    set_ranks("firm", sa.select(Firm.id, Firm.tier_rank).where(Firm.tier.in_(list(moved))))


def firms_by_tier() -> dict[str, int]:
    """Return how many firms each tier holds (tiers without firms left out)."""
    return dict(db.session.execute(sa.select(Firm.tier, sa.func.count()).group_by(Firm.tier)).all())


# ---- industries ----

def ordered_industries() -> list[Industry]:
    return list(db.session.scalars(sa.select(Industry).order_by(Industry.position, Industry.id)))


def get_industry(code: str) -> Industry | None:
    if not _could_be_code(code, INDUSTRY_CODE_LENGTH):
        return None
    return db.session.scalar(sa.select(Industry).where(Industry.code == code))


def add_industry(actor, code: str, label_zh: str, label_en: str) -> Industry:
    """Add an industry at the end of the list."""
    code = _checked_code(code, INDUSTRY_CODE_LENGTH, Industry)
    label_zh, label_en = _labels(label_zh, label_en)
    last = db.session.scalar(sa.select(sa.func.max(Industry.position)))
    industry = Industry(code=code, label_zh=label_zh, label_en=label_en, position=(last or 0) + 1)
    db.session.add(industry)
    db.session.flush()
    catalogue.forget()
    record(actor, "industry.created", f"industry:{code}", label_zh=label_zh, label_en=label_en)
    return industry


def update_industry(actor, industry: Industry, label_zh: str, label_en: str) -> None:
    """Rename an industry in both languages."""
    label_zh, label_en = _labels(label_zh, label_en)
    old = {"label_zh": industry.label_zh, "label_en": industry.label_en}
    new = {"label_zh": label_zh, "label_en": label_en}
    if old == new:
        return
    industry.label_zh, industry.label_en = label_zh, label_en
    db.session.flush()
    catalogue.forget()
    record(actor, "industry.updated", f"industry:{industry.code}", old=old, new=new)


def retire_industry(actor, industry: Industry, retired: bool) -> None:
    """Retire an industry (firms keep it, nobody new is offered it), or bring it back."""
    if industry.is_retired == retired:
        return
    industry.retired_at = utcnow() if retired else None
    db.session.flush()
    catalogue.forget()
    record(actor, "industry.retired" if retired else "industry.restored", f"industry:{industry.code}")


def firms_by_industry() -> dict[str, int]:
    """Return how many firms name each industry (industries without firms left out)."""
    return dict(db.session.execute(sa.select(FirmIndustry.industry, sa.func.count())
                                   .group_by(FirmIndustry.industry)).all())
