"""Memberships for tests: licence files good and hostile, an applicant filling /join, the mailed links;
paying, running and reading memberships as staff, cron and representatives do."""
from __future__ import annotations

import io
import os
import re
from datetime import date, timedelta

import pytest
from PIL import Image

from portal.extensions import db
from portal.i18n import local_today
from portal.members.models import Firm
from tests.conftest import csrf_from


#: Published codes that pass GB 32100-2015's check (see portal/memberships/credit_code.py).
VALID_CODES = ["91350100M000100Y43", "914403001922038216", "91110108551385082Q", "91330100799655058B"]


def licence_png(size=(600, 420)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def licence_jpeg(size=(800, 560)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (240, 240, 230)).save(buffer, "JPEG")
    return buffer.getvalue()


def licence_pdf(pages: int = 1) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    for number in range(pages):
        document.drawString(72, 720, f"Business licence, page {number + 1}")
        document.showPage()
    document.save()
    return buffer.getvalue()


def application_fields(**overrides) -> dict:
    """The contract's fields of a good application (the licence is given separately)."""
    fields = {"name": "大连星海数字科技有限公司", "name_en": "Dalian Xinghai Digital Technology Co., Ltd.",
              "credit_code": VALID_CODES[0], "tier": "council", "website": "https://xinghai.example.cn",
              "contact_name": "李华", "contact_email": "li.hua@example.org", "contact_phone": "0411-8481 2345",
              "consent": "y"}
    fields.update(overrides)
    return {key: value for key, value in fields.items() if value is not None}


def apply(client, licence: bytes | None = None, filename: str = "营业执照.png", lang: str = "zh",
          attach: bool = True, **overrides):
    """Fill /join as an applicant does: open the form, post the fields and the licence with its token."""
    page = client.get(f"/join?lang={lang}")
    data = {"csrf_token": csrf_from(page.get_data(as_text=True)), **application_fields(**overrides)}
    if attach:
        data["license"] = (io.BytesIO(licence_png() if licence is None else licence), filename)
    return client.post("/join", data=data, content_type="multipart/form-data")


def link_in(mailbox, address: str, pattern: str) -> str:
    """The site path matching `pattern` in the latest email to an address that has one."""
    messages = mailbox.to(address)
    assert messages, f"no mail to {address}"
    for message in reversed(messages):
        found = re.search(rf"https://portal\.example\.org({pattern}[A-Za-z0-9_.\-]*)", mailbox.text(message))
        if found:
            return found.group(1)
    raise AssertionError(f"no link {pattern} in: " + "\n---\n".join(mailbox.text(m) for m in messages))


def stored_applications(app) -> list:
    from portal.memberships.models import MembershipApplication

    with app.app_context():
        return [(a.id, a.name, a.credit_code, a.status, a.licence_file)
                for a in db.session.scalars(db.select(MembershipApplication).order_by(MembershipApplication.id))]


def private_files(app) -> list[str]:
    root = app.config["PRIVATE_FOLDER"]
    return sorted(name for _folder, _dirs, names in os.walk(root) for name in names)


@pytest.fixture
def applied(app, client, mailbox):
    """Return a function that sends a good application and returns its id."""

    def make(**overrides) -> int:
        response = apply(client, **overrides)
        assert response.status_code == 302, response.get_data(as_text=True)
        return stored_applications(app)[-1][0]

    return make


@pytest.fixture
def staff(login_as):
    return login_as("staff")


BANK = {"MEMBERSHIP_PAYEE": "大连市数字贸易协会", "MEMBERSHIP_BANK_NAME": "中国银行大连软件园支行",
        "MEMBERSHIP_BANK_ACCOUNT": "3100 0000 1234 5678"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, **BANK}


@pytest.fixture
def today(app):
    """Return the association's date today (Beijing), as the site's moved clock says."""

    def current() -> date:
        with app.app_context():
            return local_today()

    return current


@pytest.fixture
def pay(app):
    """Run `memberships pay SLUG --until DAY [options]`; return the click result."""

    def run(slug: str, until: date | str, *options: str):
        until = until.isoformat() if isinstance(until, date) else until
        return app.test_cli_runner().invoke(args=["memberships", "pay", slug, "--until", until, *options])

    return run


@pytest.fixture
def run_memberships(app):
    """Run `memberships run` as cron does; return its one-line summary."""

    def run() -> str:
        result = app.test_cli_runner().invoke(args=["memberships", "run"])
        assert result.exit_code == 0, result.output
        return result.output.strip()

    return run


@pytest.fixture
def member_until(pay, today):
    """Make a firm a paid-up member until `days` from today (a payment of its dues)."""

    def make(firm, days: int):
        result = pay(firm.slug, today() + timedelta(days=days))
        assert result.exit_code == 0, result.output
        return int(result.output.strip().splitlines()[-1])

    return make


def firm_row(app, firm_id: int) -> dict:
    with app.app_context():
        firm = db.session.get(Firm, firm_id)
        return {"status": firm.status, "ends_on": firm.membership_ends_on, "is_public": firm.is_public}


def listed(client, firm) -> bool:
    """Tell whether the public directory, its search, the firm's page and the API all show the firm."""
    found = [f'href="/members/{firm.slug}"' in client.get("/members/").get_data(as_text=True),
             f'href="/members/{firm.slug}"' in client.get("/members/", query_string={"q": firm.name}).get_data(as_text=True),
             client.get(f"/members/{firm.slug}").status_code == 200,
             client.get(f"/api/v1/members/{firm.slug}").status_code == 200,
             firm.slug in client.get("/api/v1/members").get_data(as_text=True)]
    assert len(set(found)) == 1, f"the public places disagree about {firm.slug}: {found}"
    return found[0]


def payments(app) -> list:
    from portal.memberships.models import MembershipPayment

    with app.app_context():
        return [(p.firm_id, p.amount_fen, p.method, p.reference, p.received_on, p.period_id, p.recorded_by_id)
                for p in db.session.scalars(db.select(MembershipPayment).order_by(MembershipPayment.id))]


def periods(app, firm_id: int) -> list[tuple]:
    from portal.memberships.models import MembershipPeriod

    with app.app_context():
        return [(p.starts_on, p.ends_on, p.tier, p.dues_fen) for p in db.session.scalars(
            db.select(MembershipPeriod).where(MembershipPeriod.firm_id == firm_id).order_by(MembershipPeriod.starts_on))]
