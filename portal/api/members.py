"""/api/v1/members: the public directory as JSON."""
from __future__ import annotations

from flask import abort

from portal.api import bp
from portal.api.schemas import MemberArgs, MemberDetail, MemberPage
from portal.extensions import limiter
from portal.members.directory import MAX_PER_PAGE, search_directory
from portal.members.services import get_firm


@bp.route("/members")
@limiter.limit("120 per minute")  # as the directory page: a search reads the index
@bp.arguments(MemberArgs, location="query", as_kwargs=True)
@bp.response(200, MemberPage)
@bp.alt_response(429, response="TOO_MANY_REQUESTS")
def members(q: str, page: int, per_page: int, tier: str | None = None):
    """Search the member directory, higher tiers first."""
    return search_directory(q.strip(), tier, page=page, per_page=min(per_page, MAX_PER_PAGE))


@bp.route("/members/<string(maxlength=80):slug>")  # the column's length; longer is no firm
@bp.response(200, MemberDetail)
@bp.alt_response(404, response="NOT_FOUND")
def member(slug: str):
    """One member firm, with its introduction and industries."""
    firm = get_firm(slug)
    if firm is None or not firm.is_public:
        abort(404, description="no such member")
    return firm
