"""/api/v1/members: the public directory as JSON."""
from __future__ import annotations

from flask import abort, jsonify, request

from portal.api import bp
from portal.api.openapi import PATHS, SCHEMAS
from portal.members.directory import MAX_PER_PAGE, PER_PAGE, search_directory
from portal.members.services import get_firm
from portal.members.tiers import TIER_CODES
from portal.richtext import clean_html
from portal.urls import site_url


def member_json(firm) -> dict:
    return {
        "slug": firm.slug, "name": firm.name, "name_en": firm.name_en, "tier": firm.tier,
        "website": firm.website or None, "summary": firm.summary,
        "url": site_url("members.detail", slug=firm.slug),
    }


def _int_arg(name: str, default: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        abort(400, description=f"'{name}' must be a whole number")


@bp.route("/members")
def members():
    tier = request.args.get("tier") or None
    if tier is not None and tier not in TIER_CODES:
        abort(400, description=f"'tier' must be one of {', '.join(TIER_CODES)}")
    page = _int_arg("page", 1)
    if page < 1:
        abort(400, description="'page' starts at 1")
    per_page = min(max(_int_arg("per_page", PER_PAGE), 1), MAX_PER_PAGE)
    result = search_directory(request.args.get("q", "")[:100], tier, page=page, per_page=per_page)
    return jsonify(items=[member_json(f) for f in result.items], total=result.total,
                   page=result.page, pages=result.pages)


@bp.route("/members/<slug>")
def member(slug: str):
    firm = get_firm(slug)
    if firm is None or not firm.is_public:
        abort(404, description="no such member")
    # Stored intros are sanitised on save; cleaning again costs little and guards old rows.
    return jsonify(**member_json(firm), intro=clean_html(firm.intro), industries=firm.industries)


SCHEMAS["Member"] = {
    "type": "object",
    "properties": {
        "slug": {"type": "string"}, "name": {"type": "string"}, "name_en": {"type": "string"},
        "tier": {"type": "string", "enum": TIER_CODES}, "website": {"type": "string", "nullable": True},
        "summary": {"type": "string"}, "url": {"type": "string", "format": "uri"},
    },
    "required": ["slug", "name", "name_en", "tier", "website", "summary", "url"],
}
SCHEMAS["MemberDetail"] = {
    "allOf": [{"$ref": "#/components/schemas/Member"}, {
        "type": "object",
        "properties": {"intro": {"type": "string", "description": "sanitised HTML"},
                       "industries": {"type": "array", "items": {"type": "string"}}},
        "required": ["intro", "industries"]}],
}
_ERRORS = {str(code): {"description": text, "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Error"}}}}
    for code, text in ((400, "bad parameter"), (404, "not found"), (429, "too many requests"))}
PATHS["/members"] = {"get": {
    "summary": "Search the member directory",
    "parameters": [
        {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 100},
         "description": "Chinese substring, English word prefix or pinyin (full or initials)"},
        {"name": "tier", "in": "query", "schema": {"type": "string", "enum": TIER_CODES}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
        {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": PER_PAGE},
         "description": f"clamped to {MAX_PER_PAGE}"},
    ],
    "responses": {"200": {"description": "one page of members", "content": {"application/json": {"schema": {
        "type": "object", "required": ["items", "total", "page", "pages"],
        "properties": {"items": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}},
                       "total": {"type": "integer"}, "page": {"type": "integer"},
                       "pages": {"type": "integer"}}}}}}, **_ERRORS},
}}
PATHS["/members/{slug}"] = {"get": {
    "summary": "One member firm",
    "parameters": [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}],
    "responses": {"200": {"description": "the member", "content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/MemberDetail"}}}}, "404": _ERRORS["404"]},
}}
