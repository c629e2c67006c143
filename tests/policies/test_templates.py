"""Templates ask the same policies as views, through `can`, and show each person only their links."""
from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pytest

from portal import create_app
from portal.permissions import policy, registered_policies

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"
CAN_CALL = re.compile(r"\bcan\.(\w+)\(")
#: How templates asked before the one `can` name; none of these may come back.
OLD_CALLS = re.compile(r"\b(is_staff|is_admin|can_manage_accounts|can_manage_events|can_edit)\(")


@pytest.fixture(scope="module")
def bare_app():
    return create_app({"TESTING": True, "SECRET_KEY": "tests-only", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def template_sources():
    return {path.relative_to(TEMPLATES): path.read_text(encoding="utf-8") for path in TEMPLATES.rglob("*.html")}


def test_every_permission_a_template_asks_is_a_registered_policy(bare_app):
    asked = {(str(name), verb) for name, text in template_sources().items() for verb in CAN_CALL.findall(text)}
    assert asked, "no template asks `can` anything"
    unknown = sorted((name, verb) for name, verb in asked if verb not in registered_policies())
    assert not unknown, unknown


def test_templates_ask_permissions_only_through_can(bare_app):
    old = sorted(str(name) for name, text in template_sources().items() if OLD_CALLS.search(text))
    assert not old, old
    assert not {"is_staff", "is_admin", "can_manage_accounts", "can_manage_events", "can_edit"} & set(
        bare_app.jinja_env.globals)


def test_a_misspelt_permission_fails_loudly_instead_of_hiding_a_link(bare_app):
    with bare_app.test_request_context():
        template = bare_app.jinja_env.from_string("{% if can.edit_frim(firm) %}x{% endif %}")
        with pytest.raises(jinja2.UndefinedError):
            template.render(firm=None)


def test_a_policy_is_named_can_and_no_two_policies_share_a_name(bare_app):
    with pytest.raises(ValueError):
        policy(lambda user: True)

    def can_edit_firm(user, firm):
        return True

    with pytest.raises(ValueError):
        policy(can_edit_firm)


def test_only_the_firms_own_representative_and_staff_see_its_edit_link(login_as, make_user, make_firm):
    firm = make_firm()
    rep = login_as(None)
    rep.login(make_user("member", firm=firm).email)
    link = f'href="/members/{firm.slug}/edit"'
    assert link in rep.get(f"/members/{firm.slug}").get_data(as_text=True)
    for role in ("member", "visitor", None):
        assert link not in login_as(role).get(f"/members/{firm.slug}").get_data(as_text=True), role
    assert link in login_as("staff").get(f"/members/{firm.slug}").get_data(as_text=True)


def test_staff_see_the_staff_link_and_only_admins_the_accounts_and_audit_links(login_as):
    for role, staff_link, admin_links in (("member", False, False), ("staff", True, False), ("admin", True, True)):
        person = login_as(role)
        home = person.get("/").get_data(as_text=True)
        assert ('href="/staff/"' in home) is staff_link, role
        if staff_link:
            page = person.get("/staff/").get_data(as_text=True)
            assert ('href="/staff/accounts"' in page) is admin_links, role
            assert ('href="/staff/audit"' in page) is admin_links, role


def test_a_cancelled_event_offers_staff_a_copy_but_no_edit(app, login_as):
    from datetime import timedelta

    from portal.database import utcnow
    from portal.events.services import cancel_event, create_event
    from portal.extensions import db

    with app.test_request_context():
        starts = utcnow() + timedelta(days=3)
        event = create_event(None, publish=True, title="年会", starts_at=starts, ends_at=starts + timedelta(hours=2),
                             venue="大连", capacity=20)
        cancel_event(None, event)
        db.session.commit()
        event_id = event.id
    staff = login_as("staff")
    page = staff.get(f"/staff/events/{event_id}").get_data(as_text=True)
    assert f'href="/staff/events/{event_id}/edit"' not in page
    assert f'action="/staff/events/{event_id}/copy"' in page
    assert staff.get(f"/staff/events/{event_id}/edit").status_code == 403
