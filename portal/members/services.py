"""Firms: creating them, proposing and reviewing profile changes, indexing them for search."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from pypinyin import lazy_pinyin
import sqlalchemy as sa
from sqlalchemy import func

from portal.audit.services import record
from portal.auth.models import User
from portal.database import utcnow
from portal.extensions import db
from portal.mail.services import queue_message
from portal.members.models import CHOSEN_CONTACTS, Firm, ProfileRevision
from portal.members.states import FirmStatus, RevisionStatus, Visibility
from portal.members import industries, tiers
from portal.members.contact import hides_more
from portal.permissions import Role
from portal.richtext import clean_html, plain_text
from portal.search import Document, index_document, register_source, remove_document
from portal.urls import safe_website, site_url

#: What a representative may change (with approval). Tier, status and slug are staff's alone.
EDITABLE_FIELDS = {
    "name": _l("Chinese name"),
    "name_en": _l("English name"),
    "website": _l("Website"),
    "logo": _l("Logo"),
    "summary": _l("One-line summary"),
    "intro": _l("Introduction"),
    "industries": _l("Industries"),
    "district": _l("District"),
    "address": _l("Address"),
    "address_visibility": _l("Who sees the address"),
    "founded_year": _l("Founded"),
    "staff_size": _l("Staff"),
    "public_contact": _l("Contact"),
    "public_contact_visibility": _l("Who sees the contact"),
    "telephone": _l("Telephone"),
    "telephone_visibility": _l("Who sees the telephone number"),
    "contact_email": _l("Email"),
    "contact_email_visibility": _l("Who sees the email address"),
    "private_contact": _l("Private contact (staff only)"),
}
#: The fields that say who sees a contact detail (see portal.members.contact).
VISIBILITY_FIELDS = tuple(f"{name}_visibility" for name in CHOSEN_CONTACTS)


class FirmError(ValueError):
    """A request about firms that cannot be carried out, with a reason fit to show."""


def get_firm(slug: str) -> Firm | None:
    """Return the firm with this slug; None for any string no slug can be (PostgreSQL refuses NUL)."""
    if "\x00" in slug or len(slug) > Firm.slug.type.length:
        return None
    return db.session.scalar(db.select(Firm).where(Firm.slug == slug))


def profile_data(firm: Firm) -> dict:
    """Return the editable fields of a firm as plain JSON-friendly values."""
    return {field: getattr(firm, field) for field in EDITABLE_FIELDS}


def clean_profile(data: dict, firm: Firm | None = None) -> dict:
    """Keep only editable fields, sanitised; anything else (tier, status, role …) is dropped.

    Industries keep the active ones, and the retired ones `firm` already has (nobody new gets those).
    """
    cleaned = {key: data[key] for key in EDITABLE_FIELDS if key in data}
    if "intro" in cleaned:
        cleaned["intro"] = clean_html(cleaned["intro"])
    if "website" in cleaned:  # whoever sets it (a form, a bulletin, the seeder): a link we can show, or none
        cleaned["website"] = safe_website(cleaned["website"]) or ""
    if "industries" in cleaned:
        cleaned["industries"] = industries.allowed(cleaned["industries"], kept=firm.industries if firm else ())
    for key in VISIBILITY_FIELDS:  # an unknown audience changes nothing (the column's CHECK would refuse it)
        if key in cleaned and Visibility.parse(cleaned[key]) is None:
            del cleaned[key]
    for key, value in cleaned.items():
        if isinstance(value, str):
            cleaned[key] = value.strip()
    return cleaned


def apply_profile(firm: Firm, data: dict) -> None:
    for key, value in clean_profile(data, firm).items():
        setattr(firm, key, value)
    firm.sort_key = name_sort_key(firm.name)


def name_sort_key(name: str) -> str:
    return " ".join(lazy_pinyin(name))[:400]


def firm_document(firm: Firm) -> Document:
    """Return what the directory search indexes of a firm, listed by tier, then by name."""
    return Document(firm.id, [firm.name, firm.name_en], [firm.summary, plain_text(firm.intro)], [firm.name],
                    rank=firm.tier_rank, order_key=firm.sort_key, tags=firm_tags(firm.tier, firm.industries))


def firm_tags(tier: str | None, industries) -> tuple[str, ...]:
    """Return what a directory search can be narrowed by: the firm's tier and its industries."""
    return ((f"tier:{tier}",) if tier else ()) + tuple(f"industry:{code}" for code in industries)


def index_firm(firm: Firm) -> None:
    """Keep the firm's search document in step: the index holds the firms the directory lists."""
    if firm.status == FirmStatus.ACTIVE:
        index_document("firm", *firm_document(firm))
    else:
        remove_document("firm", firm.id)


def _rebuild_firms():
    """Yield every listed firm's search document, for `flask --app portal search reindex`."""
    listed = db.select(Firm).where(Firm.status == FirmStatus.ACTIVE).execution_options(yield_per=1000)
    for firm in db.session.scalars(listed):
        yield firm_document(firm)


register_source("firm", _rebuild_firms, most_of_index=True)


def create_firm(actor, slug: str, name: str, tier: str, status: str = FirmStatus.ACTIVE, member_since=None,
                **profile) -> Firm:
    if get_firm(slug) is not None:
        raise FirmError(_l("Another firm already uses this short name."))
    if not tiers.is_known(tier) or FirmStatus.parse(status) is None:
        raise FirmError("unknown tier or status")
    firm = Firm(slug=slug, name=name.strip(), tier=tier, status=status, member_since=member_since)
    apply_profile(firm, {"name": name, **profile})
    db.session.add(firm)
    db.session.flush()
    index_firm(firm)
    record(actor, "firm.created", f"firm:{firm.id}", slug=slug, tier=tier)
    return firm


def update_firm(actor, firm: Firm, data: dict) -> None:
    """Change a firm's profile at once (staff)."""
    changed = [key for key, value in clean_profile(data, firm).items() if getattr(firm, key) != value]
    apply_profile(firm, data)
    db.session.flush()
    index_firm(firm)
    if changed:
        record(actor, "firm.updated", f"firm:{firm.id}", fields=changed)


def set_credit_code(actor, firm: Firm, code: str) -> None:
    """Give the firm a verified credit code that no other firm holds; audited; flushes."""
    holder = db.session.scalar(db.select(Firm).where(Firm.credit_code == code, Firm.id != firm.id))
    if holder is not None:
        raise FirmError(_l("%(firm)s already holds this credit code.", firm=holder.name))
    if firm.credit_code == code:
        return
    old, firm.credit_code = firm.credit_code, code
    db.session.flush()
    record(actor, "firm.credit_code_changed", f"firm:{firm.id}", old=old, new=code)


def set_standing(actor, firm: Firm, tier: str, status: str) -> None:
    """Set tier and status, the two things only staff decide."""
    if not tiers.is_known(tier) or FirmStatus.parse(status) is None:
        raise FirmError("unknown tier or status")
    old = {"tier": firm.tier, "status": firm.status}
    firm.tier, firm.status = tier, status
    index_firm(firm)
    if old != {"tier": tier, "status": status}:
        record(actor, "firm.standing_changed", f"firm:{firm.id}", old=old, new={"tier": tier, "status": status})


def pending_revision(firm: Firm) -> ProfileRevision | None:
    return db.session.scalar(db.select(ProfileRevision).where(
        ProfileRevision.firm_id == firm.id, ProfileRevision.status == RevisionStatus.PENDING))


def latest_revision(firm: Firm) -> ProfileRevision | None:
    return db.session.scalar(db.select(ProfileRevision).where(ProfileRevision.firm_id == firm.id)
                             .order_by(ProfileRevision.id.desc()).limit(1))


def propose_changes(author, firm: Firm, data: dict) -> ProfileRevision | None:
    """Hide at once what the firm hides more; store the rest as a pending revision and tell staff.

    Returns the revision, or None when hiding details was the whole change.
    """
    proposed = {**profile_data(firm), **clean_profile(data, firm)}
    _hide_at_once(author, firm, proposed)
    revision = pending_revision(firm)
    if revision is None and proposed == profile_data(firm):
        return None
    if revision is None:
        revision = ProfileRevision(firm=firm, author_id=author.id, data=proposed)
        db.session.add(revision)
    else:
        revision.data, revision.author_id, revision.created_at = proposed, author.id, utcnow()
    db.session.flush()
    record(author, "firm.change_proposed", f"firm:{firm.id}", revision=revision.id)
    _notify_staff(revision)
    return revision


def _hide_at_once(author, firm: Firm, proposed: dict) -> None:
    """Apply each contact visibility the firm narrows: withdrawing a detail never waits for staff (PIPL)."""
    narrowed = {}
    for name in CHOSEN_CONTACTS:
        key = f"{name}_visibility"
        if key in proposed and hides_more(proposed[key], getattr(firm, key)):
            narrowed[key] = {"old": getattr(firm, key), "new": proposed[key]}
            setattr(firm, key, proposed[key])
    if narrowed:
        db.session.flush()
        record(author, "firm.contacts_hidden", f"firm:{firm.id}", fields=narrowed)


def diff(revision: ProfileRevision) -> list[tuple[str, str, object, object]]:
    """Return (field, label, current, proposed) for each field the revision changes."""
    current = profile_data(revision.firm)
    return [(key, str(label), current.get(key), revision.data.get(key))
            for key, label in EDITABLE_FIELDS.items()
            if key in revision.data and revision.data.get(key) != current.get(key)]


def approve(reviewer, revision: ProfileRevision, note: str = "") -> None:
    _review(reviewer, revision, RevisionStatus.APPROVED, note)
    apply_profile(revision.firm, revision.data)
    db.session.flush()
    index_firm(revision.firm)


def reject(reviewer, revision: ProfileRevision, note: str) -> None:
    _review(reviewer, revision, RevisionStatus.REJECTED, note)


def _review(reviewer, revision: ProfileRevision, outcome: RevisionStatus, note: str) -> None:
    if revision.status != RevisionStatus.PENDING:
        raise FirmError(_l("This change has already been reviewed."))
    revision.status, revision.reviewer_id = outcome, reviewer.id
    revision.reviewed_at, revision.review_note = utcnow(), (note or "").strip()
    record(reviewer, f"firm.change_{outcome}", f"firm:{revision.firm_id}", revision=revision.id)
    author = revision.author
    if author is not None and author.is_enabled:
        queue_message(author.email, f"revision_{outcome}",
                      _l("Your profile change is approved") if outcome == RevisionStatus.APPROVED
                      else _l("Your profile change was not approved"),
                      author.locale, firm=revision.firm, revision=revision,
                      link=site_url("members.edit", slug=revision.firm.slug))


def _notify_staff(revision: ProfileRevision) -> None:
    staff = db.session.scalars(db.select(User).where(
        User.role.in_([Role.STAFF.value, Role.ADMIN.value]), User.is_enabled.is_(True))).all()
    for person in staff:
        queue_message(person.email, "revision_submitted", _l("A member firm changed its profile"),
                      person.locale, firm=revision.firm, link=site_url("staff.review", revision_id=revision.id))


def pending_revision_count() -> int:
    """Count the profile changes waiting for staff."""
    return db.session.scalar(db.select(func.count()).select_from(ProfileRevision).where(
        ProfileRevision.status == RevisionStatus.PENDING)) or 0


def pending_revisions() -> sa.Select:
    """The query of changes waiting for review, oldest first (for db.paginate)."""
    return (db.select(ProfileRevision).where(ProfileRevision.status == RevisionStatus.PENDING)
            .order_by(ProfileRevision.created_at, ProfileRevision.id))
