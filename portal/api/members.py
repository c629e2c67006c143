"""/api/v1/members: the public directory as JSON."""
from __future__ import annotations

from flask import abort

from portal.api import bp
from portal.api.schemas import MemberArgs, MemberDetail, MemberPage
from portal.caching.pages import is_search, kept_search
from portal.extensions import limiter
from portal.members.directory import MAX_PER_PAGE, PER_PAGE, search_directory
from portal.members.services import get_firm
from portal.urls import site_url


@bp.route("/members")
@limiter.limit("120 per minute", exempt_when=lambda: not is_search())  # as the directory page: searches
@kept_search
@bp.arguments(MemberArgs, location="query", as_kwargs=True)
@bp.response(200, MemberPage)
@bp.alt_response(429, response="TOO_MANY_REQUESTS")
def members(q: str, page: int, per_page: int, tier: str | None = None, after: int | None = None):
    """Search the member directory, higher tiers first."""
    q, per_page = q.strip(), min(per_page, MAX_PER_PAGE)
    result = search_directory(q, tier, page=page, per_page=per_page, after=after if q else None)
    arguments = {"q": q or None, "tier": tier, "per_page": per_page if per_page != PER_PAGE else None}
    if result.next_after is not None:
        next_page = site_url("api.members", **arguments, after=result.next_after)
    elif result.has_next:
        next_page = site_url("api.members", **arguments, page=result.page + 1)
    else:
        next_page = None
    return {"items": result.items, "total": result.total, "total_is_exact": result.total_is_exact,
            "page": result.page, "pages": result.pages, "next": next_page}


@bp.route("/members/<string(maxlength=80):slug>")  # the column's length; longer is no firm
@bp.response(200, MemberDetail)
@bp.alt_response(404, response="NOT_FOUND")
def member(slug: str):
    """One member firm, with its introduction and industries."""
    firm = get_firm(slug)
    if firm is None or not firm.is_public:
        abort(404, description="no such member")
    return firm
