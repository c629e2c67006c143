"""The public directory: active firms filtered, searched and paged."""
from __future__ import annotations

import math
from dataclasses import dataclass

from portal.extensions import db
from portal.members.models import Firm, FirmIndustry
from portal.members import tiers
from portal.search import count_capped, search_page

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
    in_industry = db.select(FirmIndustry.firm_id).where(FirmIndustry.industry == industry) if industry else None
    found = search_page("firm", q, rank=tiers.rank(tier) if tier else None, among=in_industry,
                        offset=(page - 1) * per_page, limit=per_page, cap=COUNT_CAP) if q and q.strip() else None
    if found is not None:
        # The index holds the active firms, each with its tier and sort key, so it ranks the
        # page; the firms table only supplies the page's rows (checked again: never a lapsed one,
        # nor one past its grace that `memberships run` has not marked lapsed yet).
        # (By id alone: with the status in the query SQLite walked the directory index instead.)
        firms = {firm.id: firm for firm in db.session.scalars(db.select(Firm).where(Firm.id.in_(found.object_ids)))}
        items = [firms[firm_id] for firm_id in found.object_ids if firm_id in firms and firms[firm_id].is_public]
        return DirectoryPage(items, found.total, found.is_capped, page, per_page)
    # Active and not past its grace: the end date is one more comparison on the rows the
    # directory index walks (an index of its own serves `memberships run`).
    base = db.select(Firm).where(Firm.is_public)
    if tier:
        base = base.where(Firm.tier == tier)
    if in_industry is not None:
        base = base.where(Firm.id.in_(in_industry))
    total, is_capped = count_capped(base.with_only_columns(Firm.id), cap=COUNT_CAP)
    ordered = base.order_by(Firm.tier_rank, Firm.sort_key, Firm.id)
    items = db.session.scalars(ordered.offset((page - 1) * per_page).limit(per_page)).all()
    return DirectoryPage(items=list(items), total=total, is_capped=is_capped, page=page, per_page=per_page)
