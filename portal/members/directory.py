"""The public directory: active firms filtered, searched and paged."""
from __future__ import annotations

import math
from dataclasses import dataclass

from portal.extensions import db
from portal.members.models import Firm, FirmIndustry
from portal.search import count_capped, matching

PER_PAGE = 20
MAX_PER_PAGE = 100
#: Counting every match of a common word costs more than it tells; past this we say "1000+".
COUNT_CAP = 1000


@dataclass
class DirectoryPage:
    items: list[Firm]
    total: int
    is_capped: bool
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def search_directory(q: str = "", tier: str | None = None, industry: str | None = None,
                     page: int = 1, per_page: int = PER_PAGE) -> DirectoryPage:
    """Return one page of active firms matching the query and filters, best first."""
    page = max(1, page)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    base = db.select(Firm).where(Firm.status == "active")
    if tier:
        base = base.where(Firm.tier == tier)
    if industry:
        base = base.where(Firm.id.in_(db.select(FirmIndustry.firm_id).where(FirmIndustry.industry == industry)))
    every = matching("firm", q) if q and q.strip() else None
    if every is None:
        total, is_capped = count_capped(base.with_only_columns(Firm.id), cap=COUNT_CAP)
        ordered = base.order_by(Firm.tier_rank, Firm.sort_key, Firm.id)
    else:
        hits = every.subquery()
        total, is_capped = count_capped(
            base.join(hits, hits.c.object_id == Firm.id).with_only_columns(Firm.id), cap=COUNT_CAP)
        if is_capped and not (tier or industry):
            # A word in most of the directory: order only the first matches the index yields (the
            # name matches among them first) rather than sorting every match. The page then ranks
            # within those; the count says "1000+" and a narrower query finds the rest.
            hits = matching("firm", q, limit=COUNT_CAP + 1).subquery()
        ordered = (base.join(hits, hits.c.object_id == Firm.id)
                   .order_by(hits.c.name_hit.desc(), Firm.tier_rank, Firm.sort_key, Firm.id))
    items = db.session.scalars(ordered.offset((page - 1) * per_page).limit(per_page)).all()
    return DirectoryPage(items=list(items), total=total, is_capped=is_capped, page=page, per_page=per_page)
