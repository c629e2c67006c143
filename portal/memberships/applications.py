"""Applying to join, and staff's decision: the firm made (or joined), the contact invited, the applicant told."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError

from portal.audit.services import record
from portal.auth import services as accounts
from portal.database import utcnow
from portal.extensions import db
from portal.mail.services import queue_message
from portal.members.matching import match_firm, suggest_slug
from portal.members.models import Firm
from portal.members.services import create_firm, set_standing
from portal.members.states import FirmStatus
from portal.memberships.licence import CheckedLicence, store_licence
from portal.memberships.models import MembershipApplication
from portal.memberships.periods import open_period
from portal.memberships.states import ApplicationStatus
from portal.permissions import Role
from portal.signing import sign, unsign
from portal.urls import site_url

_STATE_SALT = "membership-application"
#: The approve form's choice of a new firm (its other choices are existing firms' ids).
NEW_FIRM = "new"


class ApplicationError(ValueError):
    """A decision that cannot be made, with a reason fit to show to staff."""


class Invitation(enum.Enum):
    """What approval did about the contact's account."""

    #: A new representative account, and the emailed link to choose its password.
    SENT = "sent"
    #: The address already represents the firm: the email says so and links to the login.
    ALREADY_REPRESENTS = "already"
    #: A visitor's account (no firm) now represents the firm.
    PROMOTED = "promoted"
    #: The address belongs to staff or to another firm's representative: left alone, staff decide.
    NOT_INVITED = "not_invited"


# ---- applying ----

def submit(fields: dict, licence: CheckedLicence, locale: str) -> MembershipApplication:
    """Store an application with its checked licence, and email the contact a receipt with the state link."""
    application = MembershipApplication(
        name=fields["name"], name_en=fields.get("name_en") or "", credit_code=fields["credit_code"],
        tier=fields["tier"], website=fields.get("website") or "", contact_name=fields["contact_name"],
        contact_email=accounts.normalise_email(fields["contact_email"]), contact_phone=fields["contact_phone"],
        locale=locale, consent_at=utcnow(), licence_format=licence.format)
    application.licence_file = store_licence(licence)  # deleted again if this transaction rolls back
    db.session.add(application)
    db.session.flush()
    record(None, "membership.applied", f"application:{application.id}", credit_code=application.credit_code)
    queue_message(application.contact_email, "application_received", _l("We have received your application"),
                  application.locale, application=application, link=state_link(application))
    return application


def state_token(application: MembershipApplication) -> str:
    """The signed token of the applicant's link to the application's state (it does not lapse)."""
    return sign(application.id, _STATE_SALT)


def state_link(application: MembershipApplication) -> str:
    return site_url("memberships.application_state", token=state_token(application))


def application_for_token(token: str) -> MembershipApplication | None:
    application_id = unsign(token, _STATE_SALT)
    if not isinstance(application_id, int) or isinstance(application_id, bool):
        return None
    return db.session.get(MembershipApplication, application_id)


# ---- what staff see ----

@dataclass
class Warnings:
    """What the directory already holds that an application may be: shown to staff before they decide."""

    #: The firm whose credit code is the application's: approval can only join it.
    code_holder: Firm | None = None
    #: Firms with the same (or a containing) name, the same English name, or the same website.
    similar: list[Firm] = field(default_factory=list)
    #: Other applications with the same credit code, still waiting.
    other_pending: list[MembershipApplication] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.code_holder or self.similar or self.other_pending)

    @property
    def candidates(self) -> list[Firm]:
        return [firm for firm in [self.code_holder, *self.similar] if firm is not None]


def warnings_for(application: MembershipApplication) -> Warnings:
    holder = db.session.scalar(db.select(Firm).where(Firm.credit_code == application.credit_code))
    conditions = [Firm.name == application.name]
    if application.name_en:
        conditions.append(func.lower(Firm.name_en) == application.name_en.lower())
    similar = list(db.session.scalars(db.select(Firm).where(db.or_(*conditions)).order_by(Firm.id)))
    fuzzy = match_firm(application.name)
    if fuzzy is not None and fuzzy not in similar:
        similar.append(fuzzy)
    others = db.session.scalars(db.select(MembershipApplication).where(
        MembershipApplication.credit_code == application.credit_code, MembershipApplication.id != application.id,
        MembershipApplication.status == ApplicationStatus.PENDING).order_by(MembershipApplication.id)).all()
    return Warnings(holder, [firm for firm in similar if firm is not holder], list(others))


def default_choice(application: MembershipApplication, warnings: Warnings | None = None) -> str:
    """The firm approval joins unless staff choose: the code's holder, a firm of the very same name, else a new one."""
    warnings = warnings or warnings_for(application)
    if warnings.code_holder is not None:
        return str(warnings.code_holder.id)
    same_name = [firm for firm in warnings.similar if firm.name == application.name]
    return str(same_name[0].id) if len(same_name) == 1 else NEW_FIRM


def listing(page: int, per_page: int = 50):
    """Applications for staff's list: the pending ones first (oldest first), then the decided, latest first."""
    pending = MembershipApplication.status == ApplicationStatus.PENDING
    query = db.select(MembershipApplication).order_by(
        db.case((pending, 0), else_=1), db.case((pending, MembershipApplication.created_at)),
        MembershipApplication.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def pending_count() -> int:
    return db.session.scalar(db.select(func.count()).select_from(MembershipApplication).where(
        MembershipApplication.status == ApplicationStatus.PENDING))


# ---- deciding ----

@dataclass
class Approval:
    firm: Firm
    #: True when the application joined a firm already in the directory.
    joined: bool
    invitation: Invitation


def approve(actor, application: MembershipApplication, choice: str | None = None) -> Approval:
    """Make the firm (active, at the tier, listed and searchable) or join the existing one; invite the contact."""
    target = _target_firm(application, choice)
    _claim(actor, application, ApplicationStatus.APPROVED)
    joined = target is not None
    try:
        firm = target if joined else _new_firm(actor, application)
        if firm.credit_code is None:
            firm.credit_code = application.credit_code
        application.firm_id = firm.id
        db.session.flush()
    except IntegrityError:
        # Another application with this credit code (or a firm at this address) was approved in
        # the same moment: the unique indexes refuse the second firm; the caller rolls back.
        raise ApplicationError(_l("Another firm with this credit code was approved a moment ago: "
                                  "reload the application to join it.")) from None
    record(actor, "membership.approved", f"application:{application.id}", firm=firm.id, joined=joined)
    invitation = _invite_contact(actor, application, firm)
    rejoins = joined and firm.status == FirmStatus.LAPSED
    if rejoins:  # a lapsed member applying again is a member again, listed, with a new unpaid year
        set_standing(actor, firm, firm.tier, FirmStatus.ACTIVE)
    if not joined or rejoins:  # a new firm starts its first year, unpaid; a current one keeps its periods
        open_period(actor, firm)
    return Approval(firm, joined, invitation)


def reject(actor, application: MembershipApplication, note: str) -> None:
    """Refuse the application and email the contact staff's note (the state page shows it too)."""
    note = (note or "").strip()
    if not note:
        raise ApplicationError(_l("Please say why: the applicant receives this note."))
    _claim(actor, application, ApplicationStatus.REJECTED)
    application.decision_note = note
    db.session.flush()
    record(actor, "membership.rejected", f"application:{application.id}")
    queue_message(application.contact_email, "application_rejected", _l("Your application to join was not approved"),
                  application.locale, application=application, link=state_link(application))


def _claim(actor, application: MembershipApplication, outcome: ApplicationStatus) -> None:
    """Decide the application once: a conditional UPDATE, so two staff deciding at once cannot both win."""
    decided = db.session.execute(
        update(MembershipApplication)
        .where(MembershipApplication.id == application.id, MembershipApplication.status == ApplicationStatus.PENDING)
        .values(status=outcome, decided_at=utcnow(), decided_by_id=getattr(actor, "id", None))
        .execution_options(synchronize_session="fetch")).rowcount
    if decided != 1:
        db.session.refresh(application)
        raise ApplicationError(_l("This application has already been decided: it cannot be decided again."))
    db.session.refresh(application)


def _target_firm(application: MembershipApplication, choice: str | None) -> Firm | None:
    """The existing firm approval joins, or None for a new one; never a second firm with one credit code."""
    if not application.is_pending:
        raise ApplicationError(_l("This application has already been decided: it cannot be decided again."))
    holder = db.session.scalar(db.select(Firm).where(Firm.credit_code == application.credit_code))
    choice = (choice or "").strip() or default_choice(application)
    if holder is not None:
        if choice != str(holder.id):
            raise ApplicationError(_l("%(firm)s already holds this credit code: the application can only join it.",
                                      firm=holder.name))
        return holder
    if choice == NEW_FIRM:
        return None
    firm = db.session.get(Firm, int(choice)) if choice.isdigit() and len(choice) < 10 else None
    if firm is None:
        raise ApplicationError(_l("Please choose a firm from the list."))
    if firm.credit_code is not None and firm.credit_code != application.credit_code:
        raise ApplicationError(_l("%(firm)s has another credit code: it is a different firm.", firm=firm.name))
    return firm


def _new_firm(actor, application: MembershipApplication) -> Firm:
    today = utcnow().astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
    firm = create_firm(actor, suggest_slug(application.name, application.website), application.name,
                       application.tier, member_since=today, name_en=application.name_en,
                       website=application.website)
    firm.credit_code = application.credit_code
    return firm


def _invite_contact(actor, application: MembershipApplication, firm: Firm) -> Invitation:
    """Make the contact the firm's representative: invite a new address, or tell an existing account."""
    subject = _l("Welcome: %(firm)s is a member of the association", firm=firm.name)
    user = accounts.find_user(application.contact_email)
    if user is None:
        user = accounts.create_user(application.contact_email, Role.MEMBER, name=application.contact_name,
                                    locale=application.locale, actor=actor, firm=firm)
        outcome = Invitation.SENT
    elif user.role == Role.VISITOR and user.firm_id is None and user.is_enabled:
        user.firm_id = firm.id
        accounts.set_role(actor, user, Role.MEMBER)
        outcome = Invitation.PROMOTED
    elif user.role == Role.MEMBER and user.firm_id == firm.id:
        outcome = Invitation.ALREADY_REPRESENTS
    else:
        # Staff, an admin, or another firm's representative: a role is not changed behind anyone's back.
        queue_message(application.contact_email, "application_approved", subject, application.locale,
                      firm=firm, application=application, invited=False, link=None)
        return Invitation.NOT_INVITED
    if not user.has_password:  # new, or invited once and never came: the link to choose a password
        accounts.send_invitation(actor, user, "application_approved", subject, firm=firm, application=application,
                                 invited=True)
    else:
        queue_message(user.email, "application_approved", subject, application.locale, firm=firm,
                      application=application, invited=False, link=site_url("auth.login"))
    return outcome
