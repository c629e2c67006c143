"""The printable PDF of a published issue: made once by the worker, served from its file, never for drafts."""
from __future__ import annotations

import io
import logging
import sys

import pytest
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTCurve, LTImage, LTRect
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from portal import unit_of_work
from portal.bulletins import print_cache, printing
from portal.extensions import db

TITLES = ["中国到 2025 年将建成 20 个左右国家知识产权保护示范区", "国家网信办公布《数据出境安全评估办法》"]
SPOTLIGHT_FIRMS = ["中电文思海辉", "国际商业机器全球服务（大连）有限公司"]


@pytest.fixture
def app_config(app_config):
    return {**app_config, "BULLETIN_PDF_ON_PUBLISH": True}


@pytest.fixture
def publish_issue(app, sample_bytes):
    """Import the sample and publish it as staff do, in one unit of work (which queues its PDF)."""
    from portal.bulletins.importer import import_bulletin
    from portal.bulletins.services import publish

    def run(period=(2022, 7), audience="public") -> int:
        def act():
            bulletin = import_bulletin(None, "bulletin.txt", sample_bytes, period=period, audience=audience)
            publish(None, bulletin)
            return bulletin.id

        with app.test_request_context():
            return unit_of_work.run(act)

    return run


@pytest.fixture
def draft_issue(import_file, sample_bytes):
    return import_file("bulletin.txt", sample_bytes, period=(2022, 9))


def made_files(app) -> list:
    with app.app_context():
        folder = print_cache.folder()
        return sorted(path.name for path in folder.glob("*.pdf")) if folder.is_dir() else []


def font_descriptors(data: bytes) -> list[dict]:
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    found = []
    for xref in document.xrefs:
        for object_id in xref.get_objids():
            try:
                value = resolve1(document.getobj(object_id))
            except Exception:  # free or compressed slots pdfminer cannot resolve alone
                continue
            if isinstance(value, dict) and getattr(value.get("Type"), "name", None) == "FontDescriptor":
                found.append(value)
    return found


def test_a_published_issue_prints_its_titles_and_spotlight_firms_with_embedded_fonts(client, publish_issue):
    bulletin_id = publish_issue()
    response = client.get(f"/bulletins/{bulletin_id}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = extract_text(io.BytesIO(response.data))
    assert "大连市数字贸易协会" in text and "目录" in text  # the masthead and the contents
    for words in TITLES + SPOTLIGHT_FIRMS:
        assert words in text, words
    pages = list(extract_pages(io.BytesIO(response.data)))
    assert f"1 / {len(pages)}" in text and len(pages) > 2  # page numbers
    assert all(round(page.width) == 595 and round(page.height) == 842 for page in pages)  # A4 in points
    descriptors = font_descriptors(response.data)
    assert descriptors and any(b"CJK" in d["FontName"].name.encode() for d in descriptors)
    assert all({"FontFile", "FontFile2", "FontFile3"} & set(d) for d in descriptors), "a font is not embedded"


def test_the_figures_chart_is_drawn_as_vector_graphics(client, publish_issue):
    data = client.get(f"/bulletins/{publish_issue()}.pdf").data

    def shapes(item):
        if isinstance(item, (LTRect, LTCurve, LTImage)):
            yield item
        for child in item if hasattr(item, "__iter__") else ():
            yield from shapes(child)

    chart_pages = [page for page in extract_pages(io.BytesIO(data)) if "日本" in "".join(
        getattr(item, "get_text", lambda: "")() for item in page)]
    drawn = [shape for page in chart_pages for shape in shapes(page)]
    assert sum(isinstance(shape, (LTRect, LTCurve)) for shape in drawn) >= 5  # the bars
    assert not any(isinstance(shape, LTImage) for shape in drawn)


def test_the_issue_page_links_to_its_pdf_once_made(client, publish_issue):
    bulletin_id = publish_issue()
    page = client.get(f"/bulletins/{bulletin_id}").get_data(as_text=True)
    assert f'href="/bulletins/{bulletin_id}.pdf"' in page


def test_a_draft_has_no_pdf_not_even_for_staff(login_as, draft_issue, app):
    client = login_as("staff")
    assert client.get(f"/bulletins/{draft_issue}").status_code == 200
    assert client.get(f"/bulletins/{draft_issue}.pdf").status_code == 404
    assert f"/bulletins/{draft_issue}.pdf" not in client.get(f"/bulletins/{draft_issue}").get_data(as_text=True)
    assert made_files(app) == []


@pytest.mark.parametrize("role, status", [(None, 404), ("visitor", 404), ("member", 200), ("staff", 200)])
def test_a_members_only_issue_prints_only_for_those_who_may_read_it(login_as, publish_issue, role, status):
    bulletin_id = publish_issue(audience="members")
    response = login_as(role).get(f"/bulletins/{bulletin_id}.pdf")
    assert response.status_code == status
    if status == 200:
        # No shared cache may hand it to others (signed-in answers are no-store: portal/security.py).
        assert "public" not in response.headers["Cache-Control"]


def test_the_made_pdf_is_served_with_an_etag_and_answers_304_when_unchanged(client, publish_issue):
    bulletin_id = publish_issue()
    first = client.get(f"/bulletins/{bulletin_id}.pdf")
    assert first.headers["ETag"] and "public" in first.headers["Cache-Control"]
    assert "max-age=" in first.headers["Cache-Control"]
    again = client.get(f"/bulletins/{bulletin_id}.pdf", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


def test_until_the_worker_has_made_it_the_pdf_answers_503_and_the_page_says_it_is_coming(
        client, app, import_file, sample_bytes):
    bulletin_id = import_file("bulletin.txt", sample_bytes, publish_it=True)  # published, nothing queued
    page = client.get(f"/bulletins/{bulletin_id}").get_data(as_text=True)
    assert f'href="/bulletins/{bulletin_id}.pdf"' not in page and "打印版 PDF 正在生成" in page
    response = client.get(f"/bulletins/{bulletin_id}.pdf")
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert made_files(app) == []  # a request never makes it


def test_the_sweep_makes_missing_pdfs_and_removes_those_of_unpublished_issues(client, app, import_file, sample_bytes):
    from portal.bulletins.print_tasks import sweep_pdfs
    from portal.bulletins.models import Bulletin
    from portal.bulletins.services import unpublish

    bulletin_id = import_file("bulletin.txt", sample_bytes, publish_it=True)
    with app.app_context():
        sweep_pdfs.call_local()
    assert client.get(f"/bulletins/{bulletin_id}.pdf").status_code == 200
    with app.test_request_context():
        unit_of_work.run(lambda: unpublish(None, db.session.get(Bulletin, bulletin_id)))
    assert made_files(app) == []
    assert client.get(f"/bulletins/{bulletin_id}.pdf").status_code == 404


def test_a_correction_to_a_published_issue_prints_a_new_version(client, app, publish_issue):
    from portal.bulletins.models import Bulletin
    from portal.bulletins.services import update_article

    bulletin_id = publish_issue()
    before = client.get(f"/bulletins/{bulletin_id}.pdf").headers["ETag"]

    def correct():
        article = db.session.get(Bulletin, bulletin_id).articles[1]
        update_article(None, article, "更正后的标题", article.source, article.body, article.firm_id, article.event_id)

    with app.test_request_context():
        unit_of_work.run(correct)
    after = client.get(f"/bulletins/{bulletin_id}.pdf")
    assert after.headers["ETag"] != before and "更正后的标题" in extract_text(io.BytesIO(after.data))
    assert len(made_files(app)) == 1  # the old version's file is gone


def test_the_bulletin_mailing_links_to_the_pdf_once_it_exists(app, import_file, sample_bytes):
    from portal.bulletins.print_tasks import make_now
    from portal.mailings.messages import render_mailing
    from portal.mailings.services import create_mailing

    bulletin_id = import_file("bulletin.txt", sample_bytes, publish_it=True)
    with app.test_request_context():
        mailing = create_mailing(None, audience="everyone", bulletin_id=bulletin_id)
        before = render_mailing(mailing, "zh")
        assert f"/bulletins/{bulletin_id}.pdf" not in before.html_body + before.text_body
        db.session.commit()
        make_now(bulletin_id)
        after = render_mailing(mailing, "zh")
    link = f"https://portal.example.org/bulletins/{bulletin_id}.pdf"
    assert link in after.text_body and f'href="{link}"' in after.html_body


class PangoMissing:
    """An import finder standing for a machine where WeasyPrint is installed but Pango is not."""

    def find_spec(self, name, path=None, target=None):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0': No such file")  # as cffi's dlopen says
        return None


@pytest.mark.parametrize("missing, package", [("engine", "weasyprint"), ("pango", "libpango-1.0-0"),
                                              ("font", "fonts-noto-cjk")])
def test_without_the_engine_or_the_font_there_is_no_pdf_link_and_the_log_says_what_to_install(
        client, app, publish_issue, monkeypatch, caplog, missing, package):
    monkeypatch.setattr(printing, "_told", set())
    if missing == "engine":
        monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now fails
    elif missing == "pango":
        monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
        monkeypatch.setattr(sys, "meta_path", [PangoMissing(), *sys.meta_path])
    else:
        app.config["BULLETIN_PDF_FONT"] = "/nonexistent/NotoSansCJK-Regular.ttc"
    with caplog.at_level(logging.WARNING, logger="portal.bulletins"):
        bulletin_id = publish_issue()
    assert package in caplog.text
    page = client.get(f"/bulletins/{bulletin_id}")
    assert page.status_code == 200 and "日本" in page.get_data(as_text=True)  # the issue reads as ever
    assert ".pdf" not in page.get_data(as_text=True) and "打印版 PDF" not in page.get_data(as_text=True)
    assert client.get(f"/bulletins/{bulletin_id}.pdf").status_code == 404
    assert made_files(app) == []


@pytest.mark.parametrize("url", ["https://example.com/x.css", "http://portal.example.org/static/css/portal.css",
                                 "https://portal.example.org/bulletins/1", "file:///etc/passwd",
                                 "https://portal.example.org/static/../portal/config.py",
                                 "https://portal.example.org/static/%2e%2e/portal/config.py",
                                 "data:text/css,body{}"])
def test_the_pdf_engine_fetches_nothing_but_this_sites_static_files(app, url):
    with app.app_context():
        assert printing.local_static_file("https://portal.example.org/static/css/bulletin-pdf.css").is_file()
        with pytest.raises(ValueError):
            printing.local_static_file(url)


def test_a_remote_image_in_an_article_is_not_fetched(app, monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF engine tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    html = '<p>正文</p><img src="https://example.com/tracker.png"><link rel="stylesheet" href="http://example.com/x.css">'
    with app.app_context():
        data = printing.render_pdf(html)
    assert "正文" in extract_text(io.BytesIO(data))


def test_printing_leaves_the_upload_checks_refusing_truncated_images(app):
    """WeasyPrint's import tells Pillow to accept truncated images, for the whole process."""
    import io

    from PIL import Image, ImageFile

    from portal.bulletins.printing import can_print
    from portal.uploads import UploadError, open_image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buffer, "PNG")
    truncated = buffer.getvalue()[: len(buffer.getvalue()) // 2]
    with app.app_context():
        assert can_print()
        assert ImageFile.LOAD_TRUNCATED_IMAGES is False
        with pytest.raises(UploadError):
            open_image(truncated)
