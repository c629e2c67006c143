"""A representative reads their firm's membership, payments and receipts, and keeps its invoice details."""
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.members.models import Firm
from tests.conftest import Browserish
from tests.memberships.conftest import BANK


@pytest.fixture
def paid_firm(make_firm, make_user, pay, today):
    """A firm with a representative and one payment of ¥1,234.50; returns (firm, representative, payment id)."""
    firm = make_firm("大连星海数据科技有限公司")
    rep = make_user("member", firm=firm)
    result = pay(firm.slug, today() + timedelta(days=200), "--amount", "1234.50", "--method", "bank",
                 "--reference", "BOC-778899")
    assert result.exit_code == 0, result.output
    return firm, rep, int(result.output.strip().splitlines()[-1])


def logged_in(app, person) -> Browserish:
    client = Browserish(app.test_client())
    assert client.login(person.email).status_code == 302
    return client


def test_a_representative_sees_the_membership_payments_and_how_to_pay(app, paid_firm, today):
    firm, rep, payment_id = paid_firm
    client = logged_in(app, rep)
    assert 'href="/account/membership"' in client.get("/auth/password").get_data(as_text=True)
    page = client.get("/account/membership").get_data(as_text=True)
    assert (today() + timedelta(days=200)).isoformat() in page
    assert "¥1,234.50" in page and "BOC-778899" in page
    assert f"/account/membership/payments/{payment_id}/receipt" in page
    assert BANK["MEMBERSHIP_BANK_ACCOUNT"] in page and BANK["MEMBERSHIP_BANK_NAME"] in page
    assert "¥2,000.00" in page  # the coming year's dues of its tier


def test_the_receipt_shows_the_amount_in_figures_and_in_capitals(app, paid_firm, today):
    firm, rep, payment_id = paid_firm
    page = logged_in(app, rep).get(f"/account/membership/payments/{payment_id}/receipt").get_data(as_text=True)
    assert "人民币壹仟贰佰叁拾肆元伍角整" in page and "¥1,234.50" in page
    assert firm.name in page and app.config["SITE_NAME"] in page
    assert f"{today().year}-{payment_id:06d}" in page and "银行转账" in page and "BOC-778899" in page
    assert 'href="/static/css/print.css?v=' in page


def test_a_receipt_is_refused_to_another_firms_representative(app, paid_firm, make_user, login_as):
    firm, rep, payment_id = paid_firm
    url = f"/account/membership/payments/{payment_id}/receipt"
    other = logged_in(app, make_user("member"))
    assert other.get(url).status_code == 403
    assert "BOC-778899" not in other.get("/account/membership").get_data(as_text=True)
    assert login_as("visitor").get(url).status_code == 403
    assert app.test_client().get(url).status_code == 302  # to the login page
    staff = login_as("staff")
    assert staff.get(url).status_code == 200
    assert "壹仟贰佰叁拾肆元伍角整" in staff.get(f"/staff/memberships/payments/{payment_id}/receipt").get_data(as_text=True)


def test_staff_and_visitors_speak_for_no_firm_and_have_no_membership_page(login_as):
    for role in ("visitor", "staff"):
        assert login_as(role).get("/account/membership").status_code == 403


def test_the_representative_edits_the_invoice_details(app, paid_firm):
    firm, rep, _payment = paid_firm
    client = logged_in(app, rep)
    page = client.get("/account/membership").get_data(as_text=True)
    assert f'value="{firm.name}"' in page  # the title starts as the firm's name
    response = client.submit("/account/membership", {
        "invoice_title": "大连星海数据科技有限公司", "tax_number": "91210200 mA0xxxxx1a", "invoice_address": "大连市高新区软件园路 1 号",
        "invoice_phone": "0411-8888 0000", "invoice_bank": "中国银行大连分行", "invoice_account": "3100 1234 5678"})
    assert response.status_code == 302
    with app.app_context():
        stored = db.session.get(Firm, firm.id)
        assert (stored.tax_number, stored.invoice_phone, stored.invoice_account) == (
            "91210200MA0XXXXX1A", "0411-8888 0000", "3100 1234 5678")


@pytest.mark.parametrize("field, value", [("tax_number", "abc"), ("tax_number", "1" * 21),
                                          ("invoice_title", "长" * 201), ("invoice_account", "1" * 41)])
def test_bad_invoice_details_are_shown_again_with_the_reason_and_not_stored(app, paid_firm, field, value):
    firm, rep, _payment = paid_firm
    client = logged_in(app, rep)
    response = client.submit("/account/membership", {field: value})
    assert response.status_code == 200 and "invalid-feedback" in response.get_data(as_text=True)
    with app.app_context():
        assert getattr(db.session.get(Firm, firm.id), field) == ""


def test_the_invoice_form_is_guarded_against_forged_posts(app, paid_firm):
    firm, rep, _payment = paid_firm
    client = logged_in(app, rep)
    response = client.post("/account/membership", data={"invoice_title": "伪造"})
    assert response.status_code in (200, 400)
    with app.app_context():
        assert db.session.get(Firm, firm.id).invoice_title == ""
