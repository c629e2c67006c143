"""/api/v1/bulletins: the published issues a visitor may read, as JSON."""
from __future__ import annotations

from flask import abort, jsonify, request

from portal.api import bp
from portal.api.openapi import PATHS, SCHEMAS
from portal.bulletins import services
from portal.bulletins.models import Bulletin
from portal.bulletins.search import search_articles
from portal.bulletins.states import SectionKind
from portal.extensions import db
from portal.urls import site_url

PER_PAGE = 20


def summary_json(bulletin: Bulletin) -> dict:
    return {"id": bulletin.id, "title": bulletin.title, "period": bulletin.period,
            "published_at": bulletin.published_at.isoformat() if bulletin.published_at else None,
            "url": site_url("bulletins.detail", bulletin_id=bulletin.id)}


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        abort(400, description="'page' must be a whole number from 1")
    return int(raw)


@bp.route("/bulletins")
def bulletins():
    page, q = _page(), request.args.get("q", "").strip()[:100]
    # The API is public data only: it never reads a session, so members-only issues stay out.
    anonymous = None
    if q:
        hits = search_articles(anonymous, q, page)
        if hits is not None:
            seen, items = set(), []
            for hit in hits.hits:
                if hit.article.bulletin.id not in seen:
                    seen.add(hit.article.bulletin.id)
                    items.append(summary_json(hit.article.bulletin))
            return jsonify(items=items, total=hits.total, page=page, pages=hits.pages)
    pagination = db.paginate(services.published_query(anonymous), page=page, per_page=PER_PAGE, error_out=False)
    return jsonify(items=[summary_json(b) for b in pagination.items], total=pagination.total, page=page,
                   pages=max(1, pagination.pages))


@bp.route("/bulletins/<int:bulletin_id>")
def bulletin(bulletin_id: int):
    found = db.session.get(Bulletin, bulletin_id)
    if found is None or not services.can_read(None, found):
        abort(404, description="no such bulletin")
    sections = [{"kind": s.kind, "title": s.title, "articles": [
        {"title": a.title, "source": a.source, "body": a.body,
         "member": a.firm.slug if a.firm is not None and a.firm.is_public else None}
        for a in s.articles]} for s in found.sections]
    return jsonify(**summary_json(found), sections=sections)


SCHEMAS["BulletinSummary"] = {
    "type": "object", "required": ["id", "title", "period", "published_at", "url"],
    "properties": {"id": {"type": "integer"}, "title": {"type": "string"},
                   "period": {"type": "string", "pattern": "^\\d{4}-\\d{2}$"},
                   "published_at": {"type": "string", "format": "date-time"},
                   "url": {"type": "string", "format": "uri"}}}
SCHEMAS["Bulletin"] = {"allOf": [{"$ref": "#/components/schemas/BulletinSummary"}, {
    "type": "object", "required": ["sections"],
    "properties": {"sections": {"type": "array", "items": {
        "type": "object", "required": ["kind", "title", "articles"],
        "properties": {
            "kind": {"type": "string", "enum": SectionKind.values()},
            "title": {"type": "string"},
            "articles": {"type": "array", "items": {
                "type": "object", "required": ["title", "source", "body", "member"],
                "properties": {"title": {"type": "string"}, "source": {"type": "string", "nullable": True},
                               "body": {"type": "string"}, "member": {"type": "string", "nullable": True}}}}}}}}}]}
_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
PATHS["/bulletins"] = {"get": {
    "summary": "Published public bulletins, newest first, or those whose articles match q",
    "parameters": [{"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 100}},
                   {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}}],
    "responses": {"200": {"description": "one page", "content": {"application/json": {"schema": {
        "type": "object", "required": ["items", "total", "page", "pages"],
        "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/BulletinSummary"}},
                       "total": {"type": "integer"}, "page": {"type": "integer"}, "pages": {"type": "integer"}}}}}},
                  "400": {"description": "bad parameter", **_ERROR}}}}
PATHS["/bulletins/{id}"] = {"get": {
    "summary": "One published bulletin with its sections and articles",
    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
    "responses": {"200": {"description": "the bulletin", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/Bulletin"}}}}, "404": {"description": "not found", **_ERROR}}}}
