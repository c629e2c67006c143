"""Applications for tests: licence files good and hostile, an applicant filling /join, the mailed links."""
from __future__ import annotations

import io
import os
import re

import pytest
from PIL import Image

from portal.extensions import db
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
