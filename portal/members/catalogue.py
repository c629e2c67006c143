"""The tiers and industries as read once per request (or command, or task) from their tables.

Both lists are a handful of rows that nearly every page names, so each is read whole the first
time a request needs it and kept on `flask.g`: a directory page of twenty firms reads the tiers
once, not once per firm. A request that changes a list calls forget(), and every other process
reads the change at its next request; nothing is kept between requests, so no process shows an
old label for longer than the request it is answering.
"""
from __future__ import annotations

from dataclasses import dataclass

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


def tiers() -> dict[str, TierEntry]:
    """Return the tiers by code, highest first (a dict keeps the order it was filled in)."""
    if _TIERS not in g:
        rows = db.session.execute(db.select(
            MembershipTier.code, MembershipTier.label_zh, MembershipTier.label_en, MembershipTier.position,
            MembershipTier.dues_fen).order_by(MembershipTier.position, MembershipTier.id))
        setattr(g, _TIERS, {row.code: TierEntry(*row) for row in rows})
    return getattr(g, _TIERS)


def industries() -> dict[str, IndustryEntry]:
    """Return every industry by code, retired ones included, in list order."""
    if _INDUSTRIES not in g:
        rows = db.session.execute(db.select(
            Industry.code, Industry.label_zh, Industry.label_en, Industry.position,
            Industry.retired_at.is_not(None)).order_by(Industry.position, Industry.id))
        setattr(g, _INDUSTRIES, {row[0]: IndustryEntry(*row) for row in rows})
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
