"""The tiers and industries as read once per request (or command, or task) from their tables.

Both lists are a handful of rows that nearly every page names, so they are read whole, in one
query, the first time a request needs either, and kept on `flask.g`: a directory page of twenty
firms reads them once (a few tenths of a millisecond), not once per firm. A request that changes
a list calls forget(), and every other process reads the change at its next request; nothing is
kept between requests, so no process shows an old label longer than the request it answers.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import g, has_app_context
from sqlalchemy import event

from portal.extensions import db
from portal.i18n import current_language
from portal.members.categories import Industry, MembershipTier

_TIERS = "_portal_tiers"
_INDUSTRIES = "_portal_industries"


def in_language(label_zh: str, label_en: str) -> str:
    """Return the label of the interface language; the other one where it is empty."""
    if current_language() == "en":
        return label_en or label_zh
    return label_zh or label_en


@dataclass(frozen=True)
class TierEntry:
    code: str
    label_zh: str
    label_en: str
    #: 0 is the highest tier (see MembershipTier.position).
    position: int
    dues_fen: int

    @property
    def label(self) -> str:
        return in_language(self.label_zh, self.label_en)


@dataclass(frozen=True)
class IndustryEntry:
    code: str
    label_zh: str
    label_en: str
    position: int
    is_retired: bool

    @property
    def label(self) -> str:
        return in_language(self.label_zh, self.label_en)


#: Both lists in one round trip, built once: making a statement costs more than running one this small.
_TIER, _INDUSTRY = 0, 1
_BOTH_LISTS = sa.union_all(
    sa.select(sa.literal_column(str(_TIER)).label("list"), MembershipTier.id, MembershipTier.code,
              MembershipTier.label_zh, MembershipTier.label_en, MembershipTier.position, MembershipTier.dues_fen,
              sa.false().label("is_retired")),
    sa.select(sa.literal_column(str(_INDUSTRY)), Industry.id, Industry.code, Industry.label_zh, Industry.label_en,
              Industry.position, sa.literal_column("0"), Industry.retired_at.is_not(None)),
).order_by("list", "position", "id")


def _load() -> None:
    tiers, industries = {}, {}
    for row in db.session.connection().execute(_BOTH_LISTS):
        if row.list == _TIER:
            tiers[row.code] = TierEntry(row.code, row.label_zh, row.label_en, row.position, int(row.dues_fen))
        else:
            industries[row.code] = IndustryEntry(row.code, row.label_zh, row.label_en, row.position,
                                                 bool(row.is_retired))
    setattr(g, _TIERS, tiers)
    setattr(g, _INDUSTRIES, industries)


def tiers() -> dict[str, TierEntry]:
    """Return the tiers by code, highest first (a dict keeps the order it was filled in)."""
    if _TIERS not in g:
        _load()
    return getattr(g, _TIERS)


def industries() -> dict[str, IndustryEntry]:
    """Return every industry by code, retired ones included, in list order."""
    if _INDUSTRIES not in g:
        _load()
    return getattr(g, _INDUSTRIES)


def forget() -> None:
    """Drop what this request read: the lists changed, and the rest of the request reads them again."""
    g.pop(_TIERS, None)
    g.pop(_INDUSTRIES, None)


@event.listens_for(db.session, "after_rollback")
def _forget_what_was_rolled_back(session) -> None:
    # What was read may hold a change that never committed (a refused form, a retried request).
    if has_app_context():
        forget()
