"""Every route of app.url_map against every kind of person, as tests/policies/expectations.py says."""
from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from portal import create_app
from portal.database import utcnow
from portal.extensions import db
from tests.conftest import PASSWORD, pass_second_factor
from tests.policies.expectations import ACTORS, EXPECTED, FORBIDDEN, HIDDEN, LOGIN, OK

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "bulletin-2022-07.txt"
#: The objects a variant (`endpoint:variant` in the table) puts in the URL instead of the usual ones.
VARIANTS = {"draft", "members", "cancelled", "lapsed", "own_revision"}
IGNORED_METHODS = {"HEAD", "OPTIONS"}


def is_static(endpoint: str) -> bool:
    return endpoint == "static" or endpoint.endswith(".static")


def served_routes(app) -> set[tuple[str, str]]:
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules() if not is_static(rule.endpoint)
            for method in rule.methods - IGNORED_METHODS}


def expected_routes() -> set[tuple[str, str]]:
    return {(key.partition(":")[0], method) for key, methods in EXPECTED.items() for method in methods}


@pytest.fixture(scope="module")
def bare_app():
    """The application without a database: enough to read its URL map."""
    return create_app({"TESTING": True, "SECRET_KEY": "tests-only", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_a_new_route_cannot_ship_without_saying_who_may_use_it(bare_app):
    missing = sorted(served_routes(bare_app) - expected_routes())
    assert not missing, f"add these (endpoint, method) to tests/policies/expectations.py: {missing}"


def test_the_table_names_no_route_that_is_gone(bare_app):
    gone = sorted(expected_routes() - served_routes(bare_app))
    assert not gone, f"remove these from tests/policies/expectations.py: {gone}"


def test_the_table_says_what_every_actor_gets_on_known_objects():
    for key, methods in EXPECTED.items():
        variant = key.partition(":")[2]
        assert not variant or variant in VARIANTS, key
        for method, outcomes in methods.items():
            assert set(outcomes) == set(ACTORS), (key, method)


@pytest.fixture
def app_config(app_config, tmp_path):
    # Forms go without their CSRF token (whether forms are guarded is tested elsewhere): this test
    # asks who gets past the permission checks, and a missing token would stop everyone before them.
    return {**app_config, "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
            "UPLOAD_FOLDER": str(tmp_path / "uploads")}


def _tiny_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def build_world(app, make_user, make_firm) -> tuple[dict, dict[str, dict]]:
    """Make one of every object a URL names; return the people and the URL values per variant."""
    from portal.auth.models import User
    from portal.bulletins.importer import import_bulletin
    from portal.bulletins.models import ImportJob
    from portal.bulletins.print_tasks import make_now
    from portal.bulletins.services import publish
    from portal.events import registration
    from portal.events.services import cancel_event, create_event
    from portal.events.tickets import registration_token
    from portal.mailings import subscriptions
    from portal.mailings.services import create_mailing, launch_mailing
    from portal.members.models import Firm
    from portal.members.services import propose_changes
    from portal.memberships import applications
    from portal.memberships.licence import check_licence
    from portal.i18n import local_today
    from portal.memberships.periods import record_payment
    from portal.uploads import save_image

    people = {role: make_user(role) for role in ("visitor", "member", "staff", "admin")}
    people["other_member"] = make_user("member")
    lapsed = make_firm(status="lapsed")
    with app.test_request_context():  # the registration's email builds links
        def event(**fields):
            starts = utcnow() + timedelta(days=7)
            return create_event(None, title="会员大会", starts_at=starts, ends_at=starts + timedelta(hours=3),
                                venue="大连软件园", capacity=50, **fields)

        published, draft, members_only, cancelled = (event(publish=True), event(), event(publish=True, audience="members"),
                                                     event(publish=True))
        cancel_event(None, cancelled)
        guest = registration.register(published, "王小明", "guest@example.org", "示例公司")
        bulletins = {}
        for name, period, audience in (("public", (2022, 7), "public"), ("members", (2022, 8), "members"),
                                       ("draft", (2022, 9), "public")):
            bulletins[name] = import_bulletin(None, "bulletin.txt", SAMPLE.read_bytes(), period=period, audience=audience)
            if name != "draft":
                publish(None, bulletins[name])
        job = ImportJob(filename="bulletin.txt", audience="public")
        db.session.add(job)
        db.session.flush()
        section = bulletins["public"].sections[0]
        firm = db.session.get(Firm, people["member"].firm_id)
        revision = propose_changes(db.session.get(User, people["member"].id), firm, {"summary": "新的简介"})
        own_revision = propose_changes(db.session.get(User, people["staff"].id),
                                       db.session.get(Firm, people["other_member"].firm_id), {"summary": "员工提议"})
        subscriptions.subscribe("reader@example.org", "zh")
        # A draft mailing (the launch form) and one sent (its progress), of the public issue.
        drafted = create_mailing(None, audience="everyone", bulletin_id=bulletins["public"].id)
        sending = create_mailing(None, audience="members", bulletin_id=bulletins["public"].id)
        launch_mailing(None, sending)
        application = applications.submit(
            {"name": "大连申请示例有限公司", "credit_code": "91350100M000100Y43", "tier": "member",
             "contact_name": "申请人", "contact_email": "applicant@example.org", "contact_phone": "0411-12345678"},
            check_licence(_tiny_png()), "zh")
        payment = record_payment(None, firm, local_today() + timedelta(days=300), 200_000)
        default = {
            "slug": firm.slug, "event_id": published.id, "registration_id": guest.id,
            "token": registration_token(guest), "bulletin_id": bulletins["public"].id, "section_id": section.id,
            "article_id": section.articles[0].id, "revision_id": revision.id, "user_id": people["member"].id,
            "name": save_image(io.BytesIO(_tiny_png()), "logos"), "change": "copy", "act": "approve",
            "job_id": job.id, "mailing_id": drafted.id, "step": "pause", "application_id": application.id,
            "payment_id": payment.id, "tier_code": "council", "industry_code": "software",
        }
        values = {
            "events.cover": {"name": save_image(io.BytesIO(_tiny_png()), "covers")},
            "mailings.confirm": {"token": subscriptions.confirmation_token("reader@example.org")},
            "mailings.unsubscribe": {"token": subscriptions.unsubscribe_token("reader@example.org")},
            "staff.mailing": {"mailing_id": sending.id},
            "memberships.application_state": {"token": applications.state_token(application)},
            "draft": {"event_id": draft.id, "bulletin_id": bulletins["draft"].id, "mailing_id": drafted.id},
            "members": {"event_id": members_only.id, "bulletin_id": bulletins["members"].id},
            "cancelled": {"event_id": cancelled.id},
            "lapsed": {"slug": lapsed.slug},
            "own_revision": {"revision_id": own_revision.id},
        }
        db.session.commit()
        # The worker makes a published issue's PDF; here, before anyone asks for it.
        for name in ("public", "members"):
            make_now(bulletins[name].id)
    assert set(values) - {"events.cover", "mailings.confirm", "mailings.unsubscribe", "staff.mailing",
                          "memberships.application_state"} == VARIANTS
    return people, {key: {**default, **extra} for key, extra in values.items()} | {"": default}


def outcome(response, path: str) -> str:
    """Classify a response as the table does: allowed, sent to log in, 403, 404 (or an error)."""
    location = urlsplit(response.headers.get("Location", ""))
    if response.status_code in (301, 302, 303, 307) and location.path == "/auth/login":
        return LOGIN if parse_qs(location.query).get("next") == [path] else f"login without next={path}"
    if response.status_code >= 500 or response.status_code == 401:
        return f"status {response.status_code}"
    return {403: FORBIDDEN, 404: HIDDEN}.get(response.status_code, OK)


#: The API names its path ids `id`, as the contract writes them; the value they take.
ID_OF = {("api.event", "id"): "event_id", ("api.bulletin", "id"): "bulletin_id"}


def cases(app, values: dict[str, dict]) -> list[tuple[str, str, str, dict]]:
    """(key, method, path, outcomes) for every row; logging out comes last, as it ends the session."""
    adapter = app.url_map.bind("localhost")
    found = []
    for key, methods in EXPECTED.items():
        endpoint, _, variant = key.partition(":")
        given = values.get(variant) if variant else values.get(endpoint, values[""])
        for method, outcomes in methods.items():
            rule = next(app.url_map.iter_rules(endpoint))
            path = adapter.build(endpoint, {name: given[ID_OF.get((endpoint, name), name)]
                                            for name in rule.arguments}, method=method)
            found.append((key, method, path, outcomes))
    return sorted(found, key=lambda case: case[0] == "auth.logout")


def test_each_person_reaches_exactly_the_routes_the_table_allows(app, make_user, make_firm):
    people, values = build_world(app, make_user, make_firm)
    clients = {"anonymous": app.test_client()}
    for actor in ACTORS[1:]:
        clients[actor] = app.test_client()
        response = clients[actor].post("/auth/login", data={"email": people[actor].email, "password": PASSWORD})
        response = pass_second_factor(clients[actor], people[actor].email, response, csrf=False)
        assert response.status_code == 302, actor
    every = cases(app, values)
    _let_the_guests_hold_lapse(app)  # so that reading meets a seat a GET must not release
    before = stored_rows(app)
    wrong = []
    # Every GET first: the POSTs that follow may change the objects (staff unpublish an issue).
    for phase in ("GET", "POST"):
        for actor in ACTORS:
            for key, method, path, outcomes in every:
                if method != phase:
                    continue
                got = outcome(clients[actor].open(path, method=method), path)
                if got != outcomes[actor]:
                    wrong.append(f"{actor} {method} {path} ({key}): expected {outcomes[actor]}, got {got}")
        if phase == "GET":
            assert stored_rows(app) == before, "reading a page, feed, calendar or API response changed a row"
    assert not wrong, "\n".join(wrong)


def _let_the_guests_hold_lapse(app) -> None:
    from portal.events.models import Registration

    with app.app_context():
        db.session.execute(db.update(Registration).values(hold_expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()


def stored_rows(app) -> dict[str, list]:
    """Every row of every table, in primary-key order."""
    with app.app_context():
        return {table.name: [tuple(row) for row in db.session.execute(
                    db.select(table).order_by(*table.primary_key.columns))]
                for table in db.metadata.sorted_tables}
