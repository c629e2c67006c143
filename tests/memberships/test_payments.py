"""Staff record payments, from the command line and the firm's page; a payment renews a membership."""
from datetime import date, timedelta

import pytest

from portal.audit.models import AuditEntry
from portal.extensions import db
from tests.memberships.conftest import firm_row, listed, payments, periods


def test_a_payment_from_the_command_line_extends_the_membership_and_prints_its_id(app, make_firm, pay, today):
    firm = make_firm()
    until = date(today().year, 12, 31)
    result = pay(firm.slug, until, "--amount", "2000", "--method", "wechat", "--reference", "4200001234")
    assert result.exit_code == 0, result.output
    payment_id = int(result.output.strip().splitlines()[-1])
    ((firm_id, amount, method, reference, received, period_id, recorder),) = payments(app)
    assert (firm_id, amount, method, reference, received, recorder) == (firm.id, 200_000, "wechat", "4200001234",
                                                                       today(), None)
    assert firm_row(app, firm.id)["ends_on"] == until
    assert periods(app, firm.id) == [(today(), until, "member", 200_000)]
    with app.app_context():
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "membership.payment_recorded"))
        assert entry.target == f"firm:{firm.id}" and entry.details["payment"] == payment_id


def test_without_an_amount_the_payment_is_what_the_period_owes(app, make_firm, pay, today):
    firm = make_firm(tier="council")
    assert pay(firm.slug, today() + timedelta(days=100)).exit_code == 0
    assert [row[1] for row in payments(app)] == [500_000]  # the council tier's yearly dues (tiers table)


def test_dues_an_admin_sets_for_a_tier_are_what_its_next_period_owes(app, make_firm, pay, today, login_as):
    admin = login_as("admin")
    assert admin.submit("/staff/tiers/council", {"label_zh": "理事单位", "label_en": "Council Member",
                                                 "dues": "6,500", "submit": "1"}).status_code == 302
    firm = make_firm(tier="council")
    assert pay(firm.slug, today() + timedelta(days=100)).exit_code == 0
    assert [row[1] for row in payments(app)] == [650_000]
    assert periods(app, firm.id)[-1][3] == 650_000


def test_a_renewal_is_a_new_period_following_on_from_the_last(app, make_firm, pay, today):
    firm = make_firm()
    first, second = today() + timedelta(days=30), today() + timedelta(days=400)
    assert pay(firm.slug, first, "--amount", "2000").exit_code == 0
    assert pay(firm.slug, second, "--amount", "2000").exit_code == 0
    (_, end_one, _, _), (start_two, end_two, _, _) = periods(app, firm.id)
    assert (end_one, start_two, end_two) == (first, first + timedelta(days=1), second)
    assert firm_row(app, firm.id)["ends_on"] == second


def test_paying_for_the_unpaid_first_year_makes_that_year_longer(app, make_firm, pay, today):
    from portal.members.models import Firm
    from portal.memberships.periods import open_period

    firm = make_firm()
    with app.app_context():
        period = open_period(None, db.session.get(Firm, firm.id))
        first_end = period.ends_on
        db.session.commit()
    later = first_end + timedelta(days=365)
    assert pay(firm.slug, later).exit_code == 0
    assert [(start, end) for start, end, _tier, _dues in periods(app, firm.id)] == [(today(), later)]
    assert firm_row(app, firm.id)["ends_on"] == later


BAD = [
    ("--amount", "-5"), ("--amount", "12.345"), ("--amount", "lots"), ("--amount", "1e9"), ("--amount", "NaN"),
    ("--amount", "99999999999"), ("--amount", ""), ("--method", "bitcoin"), ("--received", "yesterday"),
]


@pytest.mark.parametrize("option, value", BAD)
def test_a_bad_payment_on_the_command_line_is_refused_in_one_line_and_stores_nothing(app, make_firm, pay, today,
                                                                                     option, value):
    firm = make_firm()
    result = pay(firm.slug, today() + timedelta(days=100), option, value)
    assert result.exit_code != 0
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert "Traceback" not in result.output
    assert payments(app) == [] and periods(app, firm.id) == []
    assert firm_row(app, firm.id)["ends_on"] is None


@pytest.mark.parametrize("until", ["2026-13-01", "soon", "", "+20 years", "received tomorrow"])
def test_bad_dates_and_unknown_firms_are_refused_too(app, make_firm, pay, today, until):
    firm = make_firm()
    if until == "+20 years":
        until = (today() + timedelta(days=20 * 366)).isoformat()
    if until == "received tomorrow":
        result = pay(firm.slug, today() + timedelta(days=100), "--received", (today() + timedelta(days=1)).isoformat())
    else:
        result = pay(firm.slug, until)
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1, result.output
    assert pay("no-such-firm", today() + timedelta(days=100)).exit_code != 0
    assert payments(app) == []


def test_a_lapsed_firm_that_pays_is_active_and_listed_again(app, client, make_firm, pay, today, clock, run_memberships):
    firm = make_firm("滨海续费测试有限公司")
    assert pay(firm.slug, today() + timedelta(days=3)).exit_code == 0
    clock.move(days=40)
    assert "lapsed 1" in run_memberships()
    assert firm_row(app, firm.id)["status"] == "lapsed" and not listed(client, firm)
    result = pay(firm.slug, today() + timedelta(days=365), "--amount", "2000", "--method", "bank")
    assert result.exit_code == 0, result.output
    assert firm_row(app, firm.id)["status"] == "active" and listed(client, firm)
    # The gap is no membership: the renewal starts today, not the day after the old end.
    assert periods(app, firm.id)[-1][:2] == (today(), today() + timedelta(days=365))


def test_a_firm_made_lapsed_by_staff_is_listed_again_once_it_pays(app, client, make_firm, pay, today):
    firm = make_firm(status="lapsed")
    assert not listed(client, firm)
    assert pay(firm.slug, today() + timedelta(days=200)).exit_code == 0
    assert listed(client, firm)


def staff_page(firm) -> str:
    return f"/staff/firms/{firm.slug}"


def payment_fields(today, **changes) -> dict:
    fields = {"pay-amount": "1234.50", "pay-method": "alipay", "pay-reference": "2026120122001",
              "pay-received_on": today().isoformat(), "pay-until": (today() + timedelta(days=365)).isoformat(),
              "pay-submit": "y"}
    return {**fields, **{f"pay-{key}": value for key, value in changes.items()}}


def test_staff_record_a_payment_on_the_firms_page(app, login_as, make_firm, today):
    firm = make_firm()
    staff = login_as("staff")
    page = staff.get(staff_page(firm)).get_data(as_text=True)
    assert 'id="payment-form"' in page and (today() + timedelta(days=0)).isoformat() in page
    response = staff.submit(staff_page(firm), payment_fields(today))
    assert response.status_code == 302, response.get_data(as_text=True)
    ((_, amount, method, reference, received, _period, recorder),) = payments(app)
    assert (amount, method, reference, received, recorder) == (123_450, "alipay", "2026120122001", today(),
                                                               staff.user.id)
    page = staff.get(staff_page(firm)).get_data(as_text=True)
    assert "¥1,234.50" in page and "/staff/memberships/payments/" in page
    assert firm_row(app, firm.id)["ends_on"] == today() + timedelta(days=365)


@pytest.mark.parametrize("changes", [
    {"amount": "-5"}, {"amount": "1.234"}, {"amount": "lots"}, {"amount": "100000000"}, {"method": "bitcoin"},
    {"until": "2026-02-30"}, {"until": ""}, {"received_on": "tomorrow"}, {"reference": "x" * 101},
    {"received_on": "2099-01-01"}, {"until": "2999-01-01"},
])
def test_the_staff_form_refuses_bad_payments_with_the_reason_and_stores_nothing(app, login_as, make_firm, today,
                                                                                changes):
    firm = make_firm()
    staff = login_as("staff")
    response = staff.submit(staff_page(firm), payment_fields(today, **changes))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "invalid-feedback" in page and 'id="payment-form"' in page
    assert payments(app) == [] and firm_row(app, firm.id)["ends_on"] is None


def test_an_end_before_the_renewal_would_start_is_refused_on_the_form(app, login_as, make_firm, pay, today):
    firm = make_firm(status="lapsed")
    staff = login_as("staff")
    response = staff.submit(staff_page(firm), payment_fields(today, until=(today() - timedelta(days=10)).isoformat()))
    assert response.status_code == 200 and "invalid-feedback" in response.get_data(as_text=True)
    assert payments(app) == [] and firm_row(app, firm.id)["status"] == "lapsed"


def test_staff_give_a_firm_its_credit_code_typed_in_full_width_and_it_is_audited(app, make_firm, login_as):
    from portal.members.models import Firm
    from tests.memberships.conftest import VALID_CODES

    firm = make_firm()
    staff = login_as("staff")
    typed = VALID_CODES[1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + " "
    response = staff.submit(f"/staff/firms/{firm.slug}", {"credit-credit_code": typed, "credit-submit": "1"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Firm, firm.id).credit_code == VALID_CODES[1]
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "firm.credit_code_changed"))
        assert entry.details == {"old": None, "new": VALID_CODES[1]}


@pytest.mark.parametrize("typed", ["91350100M000100Y44", "123", "", "9135010\n0M000100Y43"])
def test_a_wrong_credit_code_or_one_another_firm_holds_is_refused_with_the_form(app, make_firm, login_as, typed):
    from portal.members.models import Firm
    from tests.memberships.conftest import VALID_CODES

    holder, firm = make_firm(slug="holder"), make_firm(slug="other")
    with app.app_context():
        db.session.get(Firm, holder.id).credit_code = VALID_CODES[0]
        db.session.commit()
    staff = login_as("staff")
    for code in (typed, VALID_CODES[0]):
        response = staff.submit(f"/staff/firms/{firm.slug}?lang=en", {"credit-credit_code": code, "credit-submit": "1"})
        assert response.status_code == 200 and "invalid-feedback" in response.get_data(as_text=True)
    assert "already holds this credit code" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Firm, firm.id).credit_code is None
