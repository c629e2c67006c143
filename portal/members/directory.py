"""The public directory: active firms filtered, searched and paged."""
from __future__ import annotations

import math
from dataclasses import dataclass

from portal.extensions import db
from portal.members.models import Firm, FirmIndustry
from portal.members.services import firm_tags
from portal.search import count_capped, search_after, search_page

PER_PAGE = 20
MAX_PER_PAGE = 100
#: Counting every match of a common word costs more than it tells; past this the page says
#: "more than 1,000" and the matches past the ranked pages follow by id (a keyset, `after`).
COUNT_CAP = 1000


@dataclass
class DirectoryPage:
    items: list[Firm]
    #: The number of matches, exact up to the cap; past it, the cap (is_capped).
    total: int
    is_capped: bool
    page: int
    per_page: int
    #: Where the next page starts when it lists matches past the ranked pages (?after=<id>).
    next_after: int | None = None
    #: Whether this page is one of those, reached by `after` (it has no page number).
    is_past_cap: bool = False
    #: A listing without a query knows a next page is there when it read one row more.
    has_more: bool = False

    @property
    def total_is_exact(self) -> bool:
        return not self.is_capped

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1 and not self.is_past_cap

    @property
    def has_next(self) -> bool:
        return self.next_after is not None or self.has_more or (not self.is_past_cap and self.page < self.pages)


def search_directory(q: str = "", tier: str | None = None, industry: str | None = None,
                     page: int = 1, per_page: int = PER_PAGE, after: int | None = None) -> DirectoryPage:
    """Return one page of active firms matching the query and filters, best first.

    Past the COUNT_CAP matches that the numbered pages rank, `after` (an object id) lists the
    others in id order: with the numbered pages, every match is reachable exactly once.
    """
    page = max(1, page)
    per_page = min(max(1, per_page), MAX_PER_PAGE)
    cap = COUNT_CAP
    if q and q.strip():
        # Tier and industries are tags of the firm's search document: the full-text index
        # narrows the matches itself, so a search within a tier costs what a plain one does.
        tags = firm_tags(tier, [industry] if industry else [])
        if after is not None:
            # Past what the numbered pages showed: all their pages, the last one's whole width.
            window = math.ceil(cap / per_page) * per_page
            found = search_after("firm", q, after=after, tags=tags, limit=per_page, cap=cap, window=window)
        else:
            found = search_page("firm", q, tags=tags, offset=(page - 1) * per_page, limit=per_page, cap=cap)
        if found is not None:
            return _search_result(found, page, per_page, cap, after)
    return _listing(tier, industry, page, per_page, cap)


def _search_result(found, page: int, per_page: int, cap: int, after: int | None) -> DirectoryPage:
    # The index holds the active firms, each with its tier and sort key, so it ranks the
    # page; the firms table only supplies the page's rows (checked again: never a lapsed one,
    # nor one past its grace that `memberships run` has not marked lapsed yet).
    # (By id alone: with the status in the query SQLite walked the directory index instead.)
    firms = {firm.id: firm for firm in db.session.scalars(db.select(Firm).where(Firm.id.in_(found.object_ids)))}
    items = [firms[firm_id] for firm_id in found.object_ids if firm_id in firms and firms[firm_id].is_public]
    if after is not None:  # past the ranked pages: found.is_capped says whether more follow
        next_after = found.object_ids[-1] if found.is_capped and found.object_ids else None
        return DirectoryPage(items, cap, True, page, per_page, next_after=next_after, is_past_cap=True)
    result = DirectoryPage(items, found.total, found.is_capped, page, per_page)
    if found.is_capped and page >= result.pages:
        result.next_after = 0  # the last ranked page leads on to the matches past the cap
    return result


def _listing(tier: str | None, industry: str | None, page: int, per_page: int, cap: int) -> DirectoryPage:
    # Active and not past its grace: the end date is one more comparison on the rows the
    # directory index walks (an index of its own serves `memberships run`).
    base = db.select(Firm).where(Firm.is_public)
    if tier:
        base = base.where(Firm.tier == tier)
    if industry:
        base = base.where(Firm.id.in_(db.select(FirmIndustry.firm_id).where(FirmIndustry.industry == industry)))
    total, is_capped = count_capped(base.with_only_columns(Firm.id), cap=cap)
    ordered = base.order_by(Firm.tier_rank, Firm.sort_key, Firm.id)
    # One row more than the page: past the cap, the pages go on as long as there are firms.
    rows = db.session.scalars(ordered.offset((page - 1) * per_page).limit(per_page + 1)).all()
    return DirectoryPage(items=list(rows[:per_page]), total=total, is_capped=is_capped, page=page,
                         per_page=per_page, has_more=is_capped and len(rows) > per_page)
