"""A firm applies at /join: a good application waits for staff, a bad one stores nothing and says why."""
import io

import pytest
from PIL import Image

from tests.memberships.conftest import (VALID_CODES, apply, licence_jpeg, licence_pdf, licence_png, link_in,
                                        private_files, stored_applications)


def test_a_good_application_waits_for_staff_and_the_contact_gets_a_receipt_with_a_state_link(app, client, mailbox):
    response = apply(client, credit_code="９１３５ ０１００ ｍ０００ １００ｙ４３")  # as an IME types it
    assert response.status_code == 302
    ((_, name, code, status, licence),) = stored_applications(app)
    assert (name, code, status) == ("大连星海数字科技有限公司", VALID_CODES[0], "pending")
    assert private_files(app) == [licence]
    (receipt,) = mailbox.to("li.hua@example.org")
    assert "大连星海数字科技有限公司" in mailbox.text(receipt)
    page = client.get(link_in(mailbox, "li.hua@example.org", "/join/"))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-status="pending"' in html and "等待审核" in html


def test_the_receipt_and_the_page_speak_the_applicants_language(app, client, mailbox):
    apply(client, lang="en")
    (receipt,) = mailbox.to("li.hua@example.org")
    assert receipt["Subject"] == "We have received your application"
    assert "Follow the state of the application" in mailbox.text(receipt)


def test_the_licence_is_stored_in_the_private_folder_never_among_the_uploads(app, client):
    apply(client)
    (name,) = private_files(app)
    assert name.endswith(".png")
    upload_root = app.config["UPLOAD_FOLDER"]
    assert not app.config["PRIVATE_FOLDER"].startswith(upload_root)
    assert not app.config["PRIVATE_FOLDER"].startswith(app.static_folder)


@pytest.mark.parametrize("content, filename, stored", [
    (licence_pdf(), "licence.pdf", ".pdf"),
    (licence_jpeg(), "IMG_2024.JPG", ".jpg"),
    (licence_png(), "licence.png", ".png"),
    (licence_pdf(), "licence.png", ".pdf"),  # what it is comes from the content, not the name
])
def test_a_pdf_png_or_jpeg_licence_is_accepted(app, client, content, filename, stored):
    assert apply(client, licence=content, filename=filename).status_code == 302
    (name,) = private_files(app)
    assert name.endswith(stored)


def test_an_image_licence_is_re_encoded_so_nothing_hidden_in_it_is_kept(app, client):
    original = licence_png() + b"<script>alert(1)</script>"  # bytes after the image's end
    apply(client, licence=original)
    (name,) = private_files(app)
    with open(f"{app.config['PRIVATE_FOLDER']}/licences/{name}", "rb") as stored:
        data = stored.read()
    assert b"<script>" not in data and Image.open(io.BytesIO(data)).format == "PNG"


#: Each field gone wrong, and (a part of) the reason the form gives in English.
BAD_FIELDS = [
    ({"name": ""}, "This field is required"),
    ({"name": "名" * 121}, "longer than 120"),
    ({"credit_code": "91350100M000100Y4"}, "too short"),
    ({"credit_code": "91350100M000100Y433"}, "too long"),
    ({"credit_code": "91350100M000100O43"}, "cannot contain “O”"),
    ({"credit_code": "91350100M000100Y44"}, "last character does not match"),
    ({"tier": "emperor"}, "Not a valid choice"),
    ({"website": "javascript:alert(1)"}, "http:// or https://"),
    ({"contact_name": ""}, "This field is required"),
    ({"contact_email": "not-an-address"}, "Invalid email address"),
    ({"contact_phone": "call me"}, "Enter a telephone number"),
    ({"consent": None}, "Please agree to the privacy notice"),
]


@pytest.mark.parametrize("fields, reason", BAD_FIELDS, ids=[next(iter(f)) + "-" + r[:12] for f, r in BAD_FIELDS])
def test_a_bad_field_re_renders_the_form_with_the_reason_and_stores_nothing(app, client, mailbox, fields, reason):
    response = apply(client, lang="en", **fields)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert reason in html and 'id="join-form"' in html
    assert stored_applications(app) == [] and private_files(app) == [] and mailbox.messages == []


def test_an_application_without_its_licence_is_refused(app, client, mailbox):
    response = apply(client, lang="en", attach=False)
    assert response.status_code == 400
    assert "Please attach the business licence" in response.get_data(as_text=True)
    assert stored_applications(app) == [] and private_files(app) == []


def _decompression_bomb() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")  # 400 megapixels in a few hundred KB
    return buffer.getvalue()


HOSTILE = [
    (b"<html><script>alert(document.cookie)</script></html>", "licence.png", "PDF, PNG or JPEG"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "licence.svg", "PDF, PNG or JPEG"),
    (b"GIF89a" + b"\x00" * 100, "licence.gif", "PDF, PNG or JPEG"),
    (licence_png()[:200], "truncated.png", "PDF, PNG or JPEG"),
    (b"%PDF-1.7\nthis is not a PDF at all\n%%EOF", "licence.pdf", "This PDF cannot be read"),
    (licence_pdf()[:300], "truncated.pdf", "This PDF cannot be read"),
    (b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj", "script.pdf",
     "contains scripts"),
    (licence_pdf(pages=11), "eleven.pdf", "more than 10 pages"),
    (_decompression_bomb(), "bomb.png", "too many pixels"),
    (b"", "empty.png", "The file is empty"),
]


@pytest.mark.parametrize("content, filename, reason", HOSTILE, ids=[h[1] for h in HOSTILE])
def test_a_hostile_or_broken_licence_file_is_refused_clearly_and_nothing_is_stored(app, client, mailbox, content,
                                                                                     filename, reason):
    response = apply(client, licence=content, filename=filename, lang="en")
    assert response.status_code == 400
    assert reason in response.get_data(as_text=True)
    assert stored_applications(app) == [] and private_files(app) == [] and mailbox.messages == []


def test_a_licence_over_the_size_limit_is_refused(app, client):
    app.config["LICENCE_MAX_BYTES"] = 1024 * 1024
    response = apply(client, licence=licence_pdf() + b"\n%" + b"x" * (1024 * 1024), filename="big.pdf", lang="en")
    assert response.status_code == 400
    assert "larger than 1 MB" in response.get_data(as_text=True)
    assert private_files(app) == []


def test_a_request_over_the_sites_upload_limit_gets_a_page_saying_so_not_an_error(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 512 * 1024
    response = apply(client, licence=b"%PDF-1.4\n" + b"0" * (600 * 1024), filename="huge.pdf")
    assert response.status_code == 413
    assert "<main" in response.get_data(as_text=True)
    assert stored_applications(app) == [] and private_files(app) == []


def test_when_the_database_write_fails_no_licence_file_is_left_behind(app, client, mailbox, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from portal.memberships import applications

    def failing_record(*args, **kwargs):
        raise OperationalError("INSERT INTO audit_entries", {}, Exception("disk I/O error"))

    monkeypatch.setattr(applications, "record", failing_record)
    response = apply(client)
    assert response.status_code == 500
    assert stored_applications(app) == [] and private_files(app) == [] and mailbox.messages == []


def test_a_conflict_retried_by_the_unit_of_work_stores_one_application_and_one_file(app, client, mailbox,
                                                                                     monkeypatch):
    from sqlalchemy.exc import OperationalError

    from portal.memberships import applications

    real_record, calls = applications.record, []

    def busy_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("INSERT INTO audit_entries", {}, Exception("database is locked"))
        return real_record(*args, **kwargs)

    monkeypatch.setattr(applications, "record", busy_once)
    assert apply(client).status_code == 302
    ((_, _, _, _, licence),) = stored_applications(app)
    assert private_files(app) == [licence]
    assert len(mailbox.to("li.hua@example.org")) == 1


def test_applying_is_rate_limited_per_address(app, client):
    app.config["JOIN_LIMIT"] = "2 per 10 minutes"
    answers = [apply(client, contact_email=f"person{n}@example.org").status_code for n in range(3)]
    assert answers == [302, 302, 429]


def test_a_forged_state_link_shows_nothing(app, client, applied, mailbox):
    applied()
    path = link_in(mailbox, "li.hua@example.org", "/join/")
    assert client.get(path[:-3] + "abc").status_code == 404
    assert client.get("/join/MQ").status_code == 404


def test_the_same_credit_code_may_apply_again_and_staff_see_both(app, client, applied):
    first, second = applied(), applied(contact_email="other@example.org")
    assert [row[2] for row in stored_applications(app)] == [VALID_CODES[0]] * 2
    assert first != second


def test_the_form_is_bilingual_and_fits_a_phone(client):
    for lang, title in (("zh", "申请入会"), ("en", "Apply to join the association")):
        html = client.get(f"/join?lang={lang}").get_data(as_text=True)
        assert title in html and 'enctype="multipart/form-data"' in html
        assert 'accept=".pdf,.png,.jpg,.jpeg' in html

