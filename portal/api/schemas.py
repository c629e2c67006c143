"""What the API reads from query strings and writes as JSON, declared once for parsing, output and the document."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, pre_load, validate

from portal.bulletins.states import SectionKind
from portal.events.states import EventAudience, EventStatus
from portal.events.timezone import iso
from portal.members.directory import MAX_PER_PAGE, PER_PAGE
from portal.members import tiers
from portal.richtext import clean_html
from portal.urls import MAX_ID, MAX_PAGE, safe_website, site_url  # the HTML pages' bound on page numbers, too

MAX_QUERY_LENGTH = 100
WHEN = ("upcoming", "past")
#: A schema's metadata naming a list staff change: the document lists its codes as they are when asked.
CURRENT_CODES = "x-current-codes"
_CODE_LISTS = {"tiers": tiers.codes}


def with_current_codes(document):
    """Return the OpenAPI document with each CURRENT_CODES marker replaced by that list's codes today."""
    if isinstance(document, dict):
        found = {key: with_current_codes(value) for key, value in document.items() if key != CURRENT_CODES}
        if CURRENT_CODES in document:
            found["enum"] = _CODE_LISTS[document[CURRENT_CODES]]()
        return found
    if isinstance(document, list):
        return [with_current_codes(value) for value in document]
    return document


def _known_tier(code: str) -> bool:
    # The tiers are staff's to add: checked against the table when asked, not a list made at start.
    if not tiers.is_known(code):
        raise ValidationError("Must be one of the tier codes of /api/v1/openapi.json.")
    return True


class QueryArgs(Schema):
    """Query arguments; an empty value counts as not given (`?q=&tier=&page=`)."""

    @pre_load
    def drop_empty_values(self, data, **kwargs):
        return {key: value for key, value in data.items() if value != ""}


def _page() -> fields.Integer:
    return fields.Integer(load_default=1, validate=validate.Range(1, MAX_PAGE),
                          metadata={"description": f"from 1 to {MAX_PAGE:,}", "allowEmptyValue": True})


def _query(description: str) -> fields.String:
    return fields.String(load_default="", validate=validate.Length(max=MAX_QUERY_LENGTH),
                         metadata={"description": description, "allowEmptyValue": True})


class MemberArgs(QueryArgs):
    q = _query("Chinese substring, English word prefix or pinyin (full or initials)")
    tier = fields.String(validate=_known_tier, metadata={"allowEmptyValue": True, CURRENT_CODES: "tiers"})
    page = _page()
    after = fields.Integer(validate=validate.Range(0, MAX_ID), metadata={
        "description": "past the ranked pages of a search with more matches than are counted: the "
                       "matches after this firm id, in id order (follow `next`)", "allowEmptyValue": True})
    per_page = fields.Integer(load_default=PER_PAGE, validate=validate.Range(min=1), metadata={
        "description": f"larger values are clamped to {MAX_PER_PAGE}", "allowEmptyValue": True})


class EventArgs(QueryArgs):
    when = fields.String(load_default="upcoming", validate=validate.OneOf(WHEN), metadata={"allowEmptyValue": True})
    page = _page()


class BulletinArgs(QueryArgs):
    q = _query("words in the articles of an issue")
    page = _page()


class PageUrl(fields.String):
    """The absolute URL of an object's page on this site, built from its attributes."""

    def __init__(self, endpoint: str, **arguments: str):
        super().__init__(required=True, metadata={"format": "uri"})
        self.endpoint, self.arguments = endpoint, arguments  # URL argument -> attribute

    def get_value(self, obj, attr, accessor=None, default=None):
        return site_url(self.endpoint, **{name: getattr(obj, source) for name, source in self.arguments.items()})


class LocalDateTime(fields.DateTime):
    """A time in ISO 8601 with the association's offset (+08:00)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return iso(value)


class Member(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    name_en = fields.String(required=True)
    tier = fields.String(required=True, metadata={CURRENT_CODES: "tiers"})
    website = fields.Method("website_or_none", required=True, metadata={"type": "string", "nullable": True})
    summary = fields.String(required=True)
    url = PageUrl("members.detail", slug="slug")

    def website_or_none(self, firm) -> str | None:
        return safe_website(firm.website)  # a row written before every website was checked


class MemberDetail(Member):
    # Stored intros are sanitised on save; cleaning again costs little and guards old rows.
    intro = fields.Function(lambda firm: clean_html(firm.intro), required=True,
                            metadata={"type": "string", "description": "sanitised HTML"})
    industries = fields.List(fields.String(), required=True)


def _total_is_exact() -> fields.Boolean:
    return fields.Boolean(required=True, metadata={
        "description": "false when the matches were counted up to a cap: `total` is the cap and there are more"})


class MemberPage(Schema):
    items = fields.List(fields.Nested(Member), required=True)
    total = fields.Integer(required=True)
    total_is_exact = _total_is_exact()
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    next = fields.String(required=True, allow_none=True, metadata={
        "format": "uri", "description": "the next page, null on the last one (past the counted matches "
                                        "it carries `after`)"})


class Event(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    starts_at = LocalDateTime(required=True)
    ends_at = LocalDateTime(required=True)
    venue = fields.String(required=True)
    capacity = fields.Integer(required=True, allow_none=True, metadata={"description": "null: no limit"})
    seats_left = fields.Integer(required=True, allow_none=True, metadata={"description": "null: no limit"})
    # As readers see them: a hold past its confirmation time is free (portal.events.models).
    registered = fields.Integer(attribute="seats_held", required=True, metadata={
        "description": "seats taken: confirmed, awaiting email confirmation or approval"})
    waitlisted = fields.Integer(attribute="waiting_count", required=True,
                                metadata={"description": "people on the waiting list"})
    audience = fields.String(required=True, metadata={"enum": EventAudience.values()})
    status = fields.String(required=True, metadata={
        "enum": [s.value for s in EventStatus if s is not EventStatus.DRAFT]})
    url = PageUrl("events.detail", event_id="id")


class EventList(Schema):
    items = fields.List(fields.Nested(Event), required=True)
    total = fields.Integer(required=True)
    when = fields.String(required=True, metadata={"enum": list(WHEN)})
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)


class BulletinSummary(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    period = fields.String(required=True, metadata={"pattern": r"^\d{4}-\d{2}$"})
    published_at = fields.DateTime(required=True)
    url = PageUrl("bulletins.detail", bulletin_id="id")


class Article(Schema):
    title = fields.String(required=True)
    source = fields.String(required=True, allow_none=True, metadata={"description": "the attribution, if any"})
    body = fields.String(required=True, metadata={"description": "plain text, paragraphs split by a blank line"})
    member = fields.Method("member_slug", required=True, metadata={
        "type": "string", "nullable": True, "description": "the slug of the firm a spotlight article presents"})

    def member_slug(self, article) -> str | None:
        return article.firm.slug if article.firm is not None and article.firm.is_public else None


class Section(Schema):
    kind = fields.String(required=True, metadata={"enum": SectionKind.values()})
    title = fields.String(required=True)
    articles = fields.List(fields.Nested(Article), required=True)


class Bulletin(BulletinSummary):
    sections = fields.List(fields.Nested(Section), required=True)


class BulletinPage(Schema):
    items = fields.List(fields.Nested(BulletinSummary), required=True)
    total = fields.Integer(required=True)
    total_is_exact = _total_is_exact()
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
