"""/api/v1/bulletins: the published issues a visitor may read, as JSON."""
from __future__ import annotations

from flask import abort

from portal.api import bp
from portal.api.schemas import Bulletin, BulletinArgs, BulletinPage
from portal.bulletins import services
from portal.bulletins.models import Bulletin as BulletinRow
from portal.bulletins.search import search_articles
from portal.extensions import db
from portal.urls import MAX_ID

PER_PAGE = 20
#: The API is public data only: it never reads a session, so members-only issues stay out.
ANONYMOUS = None


@bp.route("/bulletins")
@bp.arguments(BulletinArgs, location="query", as_kwargs=True)
@bp.response(200, BulletinPage)
def bulletins(q: str, page: int):
    """Published public issues, newest first, or those with articles matching q."""
    hits = search_articles(ANONYMOUS, q.strip(), page) if q.strip() else None
    if hits is not None:
        issues = {hit.article.bulletin.id: hit.article.bulletin for hit in hits.hits}
        return {"items": list(issues.values()), "total": hits.total, "total_is_exact": hits.total_is_exact,
                "page": page, "pages": hits.pages}
    pagination = db.paginate(services.published_query(ANONYMOUS), page=page, per_page=PER_PAGE, error_out=False)
    return {"items": pagination.items, "total": pagination.total, "total_is_exact": True, "page": page,
            "pages": max(1, pagination.pages)}


@bp.route(f"/bulletins/<int(min=1, max={MAX_ID}):id>")  # {id}, as the contract names it
@bp.response(200, Bulletin)
@bp.alt_response(404, response="NOT_FOUND")
def bulletin(id: int):
    """One published public issue with its sections and articles."""
    found = db.session.get(BulletinRow, id)
    if found is None or not services.can_read(ANONYMOUS, found):
        abort(404, description="no such bulletin")
    return found
