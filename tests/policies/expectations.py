"""Who reaches which route: one row per endpoint (and method), one outcome per kind of person.

A key is an endpoint name, or `endpoint:variant` when the same route is tried on another object
(a draft, a members-only issue...); test_routes.py says which objects each variant names.
Adding a route without a row here fails the suite, and so does a row for a route that is gone.
"""
from __future__ import annotations

#: Who asks, least powerful first: later (staff) requests may change data earlier ones relied on.
ACTORS = ("anonymous", "visitor", "member", "other_member", "staff", "admin")
#: "member" represents the firm the objects belong to; "other_member" represents another firm.
RANK = {"anonymous": 0, "visitor": 1, "member": 2, "other_member": 2, "staff": 3, "admin": 4}

OK, LOGIN, FORBIDDEN, HIDDEN = "allowed", "login", "403", "404"


def from_role(lowest: str) -> dict[str, str]:
    """Allowed from `lowest` up; anonymous people are sent to log in, other people get 403."""
    return {a: OK if RANK[a] >= RANK[lowest] else LOGIN if a == "anonymous" else FORBIDDEN for a in ACTORS}


def hidden_below(lowest: str) -> dict[str, str]:
    """Allowed from `lowest` up; for everyone else the thing does not exist (404)."""
    return {a: OK if RANK[a] >= RANK[lowest] else HIDDEN for a in ACTORS}


def both(outcomes: dict[str, str]) -> dict[str, dict[str, str]]:
    return {"GET": outcomes, "POST": outcomes}


EVERYONE = hidden_below("anonymous")
SIGNED_IN = from_role("visitor")
STAFF = from_role("staff")
ADMINS = from_role("admin")
#: A representative edits their own firm; a representative of another firm is refused.
OWN_FIRM = {**from_role("member"), "other_member": FORBIDDEN}
#: Nobody may, staff and admins included (anonymous people are still sent to log in first).
REFUSED = {a: LOGIN if a == "anonymous" else FORBIDDEN for a in ACTORS}

EXPECTED: dict[str, dict[str, dict[str, str]]] = {
    # Public pages
    "home.index": {"GET": EVERYONE},
    "home.healthz": {"GET": EVERYONE},
    "privacy.notice": {"GET": EVERYONE},
    # Mailings: anyone subscribes; the signed link is the key to confirming and to unsubscribing.
    "mailings.subscribe": both(EVERYONE),
    "mailings.confirm": both(EVERYONE),
    "mailings.unsubscribe": both(EVERYONE),
    # The account page's choice of mailings: one's own address only, so anyone signed in.
    "mailings.account_preferences": {"POST": SIGNED_IN},
    # Applying to join: anyone applies; the emailed link is the key to the application's state.
    "memberships.join": both(EVERYONE),
    "memberships.application_state": {"GET": EVERYONE},
    "members.index": {"GET": EVERYONE},
    "members.detail": {"GET": EVERYONE},
    "members.detail:lapsed": {"GET": hidden_below("staff")},
    "members.logo": {"GET": EVERYONE},
    "events.index": {"GET": EVERYONE},
    "events.calendar_feed": {"GET": EVERYONE},
    "events.cover": {"GET": EVERYONE},
    "events.detail": {"GET": EVERYONE},
    "events.detail:draft": {"GET": hidden_below("staff")},
    "events.ics": {"GET": EVERYONE},
    "events.ics:draft": {"GET": hidden_below("staff")},
    "events.register": {"POST": EVERYONE},
    "events.register:draft": {"POST": hidden_below("staff")},
    # No login page could send a guest back to a POST, so guests are refused outright too.
    "events.register:members": {"POST": {**from_role("member"), "anonymous": FORBIDDEN}},
    # The emailed link is the key: whoever holds it manages that registration.
    "events.registration": {"GET": EVERYONE},
    "events.confirm": {"POST": EVERYONE},
    "events.cancel": {"POST": EVERYONE},
    "bulletins.index": {"GET": EVERYONE},
    "bulletins.feed": {"GET": EVERYONE},
    "bulletins.detail": {"GET": EVERYONE},
    "bulletins.detail:members": {"GET": hidden_below("member")},
    "bulletins.detail:draft": {"GET": hidden_below("staff")},
    "bulletins.original": {"GET": EVERYONE},
    "bulletins.original:members": {"GET": hidden_below("member")},
    "bulletins.original:draft": {"GET": hidden_below("staff")},
    "bulletins.pdf": {"GET": EVERYONE},
    "bulletins.pdf:members": {"GET": hidden_below("member")},
    # Staff preview a draft on its page; only a published version is ever printed.
    "bulletins.pdf:draft": {"GET": {actor: HIDDEN for actor in ACTORS}},
    # Accounts
    "auth.login": both(EVERYONE),
    "auth.logout": {"POST": EVERYONE},
    "auth.forgot_password": both(EVERYONE),
    "auth.reset_password": both(EVERYONE),
    "auth.accept_invitation": both(EVERYONE),
    "auth.change_password": both(SIGNED_IN),
    # Without a login waiting for its code: 410 (log in again), or home for the logged-in.
    "auth.second_factor": both(EVERYONE),
    "auth.two_factor": {"GET": SIGNED_IN},
    "auth.enrol_two_factor": {"POST": SIGNED_IN},
    # Staff and admins always keep their second factor.
    "auth.disable_two_factor": {"POST": {**SIGNED_IN, "staff": FORBIDDEN, "admin": FORBIDDEN}},
    "events.mine": {"GET": SIGNED_IN},
    "privacy.my_data": {"GET": SIGNED_IN},
    "privacy.download": {"GET": SIGNED_IN},
    "privacy.erase_me": {"POST": SIGNED_IN},
    "members.edit": both(OWN_FIRM),
    # A firm's membership page is its representatives'; staff and visitors speak for no firm.
    "memberships.mine": both({**from_role("member"), "staff": FORBIDDEN, "admin": FORBIDDEN}),
    "memberships.receipt": {"GET": OWN_FIRM},
    # Staff tools
    "staff.index": {"GET": STAFF},
    "staff.invite": both(STAFF),
    "staff.outbox": {"GET": STAFF},
    "staff.firms": {"GET": STAFF},
    "staff.firm_new": both(STAFF),
    "staff.firm": both(STAFF),
    "staff.firm_edit": both(STAFF),
    "staff.memberships": {"GET": STAFF},
    "staff.memberships_export": {"GET": STAFF},
    "staff.payment_receipt": {"GET": STAFF},
    "staff.revisions": {"GET": STAFF},
    "staff.applications_list": {"GET": STAFF},
    "staff.application": {"GET": STAFF},
    # The business licence: to anyone but staff, there is nothing at this address.
    "staff.application_licence": {"GET": hidden_below("staff")},
    "staff.application_approve": {"POST": STAFF},
    "staff.application_reject": {"POST": STAFF},
    "staff.review": both(STAFF),
    # Nobody approves a change they proposed; another reviewer (here the admin) does.
    "staff.review:own_revision": both({**STAFF, "staff": FORBIDDEN}),
    "staff.events": {"GET": STAFF},
    "staff.event_new": both(STAFF),
    "staff.event": {"GET": STAFF},
    "staff.event_edit": both(STAFF),
    "staff.event_edit:cancelled": both(REFUSED),
    "staff.event_change": {"POST": STAFF},
    "staff.event_registrations": {"GET": STAFF},
    "staff.registration_act": {"POST": STAFF},
    "staff.event_export": {"GET": STAFF},
    "staff.event_checkin": both(STAFF),
    "staff.event_checkin_person": {"POST": STAFF},
    "staff.bulletins": both(STAFF),
    "staff.bulletin": both(STAFF),
    "staff.bulletin_import": {"GET": STAFF},
    "staff.bulletin_section": {"POST": STAFF},
    "staff.bulletin_article": {"POST": STAFF},
    "staff.bulletin_article_event": {"POST": STAFF},
    "staff.bulletin_new": both(STAFF),
    "staff.bulletin_preview": {"GET": STAFF},
    "staff.bulletin_preview:draft": {"GET": STAFF},
    "staff.bulletin_article_add": {"POST": STAFF},
    "staff.bulletin_article_move": {"POST": STAFF},
    "staff.bulletin_section_move": {"POST": STAFF},
    "staff.bulletin_article_figures": {"POST": STAFF},
    # Without its confirmation a POST only asks again: the table's empty POST deletes nothing.
    "staff.bulletin_article_delete": both(STAFF),
    "staff.bulletin_delete": both(STAFF),
    "staff.bulletin_publish": {"POST": STAFF},
    "staff.bulletin_unpublish": {"POST": STAFF},
    "staff.mailings": {"GET": STAFF},
    "staff.mailing_new": both(STAFF),
    "staff.mailing": {"GET": STAFF},
    "staff.mailing:draft": {"GET": STAFF},
    "staff.mailing_preview": {"GET": STAFF},
    "staff.mailing_test": {"POST": STAFF},
    "staff.mailing_launch": {"POST": STAFF},
    "staff.mailing_change": {"POST": STAFF},
    "staff.accounts_list": {"GET": ADMINS},
    "staff.account": both(ADMINS),
    "staff.audit_log": {"GET": ADMINS},
    # The tiers (labels, order, dues) and the industries: the association's lists, admins' alone.
    "staff.tiers": both(ADMINS),
    "staff.tier": both(ADMINS),
    "staff.tier_move": {"POST": ADMINS},
    "staff.industries": both(ADMINS),
    "staff.industry": both(ADMINS),
    "staff.industry_state": {"POST": ADMINS},
    # JSON API: public data only, for everyone (drafts and members-only data never appear).
    "api.openapi": {"GET": EVERYONE},
    "api.members": {"GET": EVERYONE},
    "api.member": {"GET": EVERYONE},
    "api.events": {"GET": EVERYONE},
    "api.event": {"GET": EVERYONE},
    "api.bulletins": {"GET": EVERYONE},
    "api.bulletin": {"GET": EVERYONE},
}
