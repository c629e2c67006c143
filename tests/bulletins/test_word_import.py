"""Staff import a bulletin from its Word file (.docx), by the command or the upload; a bad one is refused."""
import io
import time
import zipfile

import pytest

from portal.bulletins.models import Bulletin, ImportJob
from portal.bulletins.states import ImportStatus
from portal.extensions import db
from tests.bulletins.test_staff_review import draft_from, upload
from tests.bulletins.word_files import add_table, docx, sample_as_word, saved, zip_bomb, zip_of
from tests.conftest import csrf_from

CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def report_with_a_table() -> bytes:
    document = docx.Document()
    document.add_paragraph("一、数据月报")
    document.add_paragraph("1--5 月接包合同执行额前三的国家如下。")
    add_table(document, [("国家", "执行额（万美元）"), ("日本", "25394"), ("欧盟", "21283"), ("荷兰", "19051")])
    document.add_paragraph("二、行业资讯")
    document.add_paragraph("● 人才新政")
    document.add_paragraph("新政提出，各地要加强人才培养。")
    return saved(document)


def bulletin_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(Bulletin))


def test_the_sample_imported_from_word_is_the_draft_its_text_makes(app, import_file, sample_bytes):
    from_word = import_file("bulletin-2022-07.docx", sample_as_word())
    with app.app_context():
        bulletin = db.session.get(Bulletin, from_word)
        shape = [(s.kind, s.title, [(a.title, a.source, a.body, a.spotlight, a.figures) for a in s.articles])
                 for s in bulletin.sections]
        warnings, original = bulletin.warnings, bulletin.original_name
    from_text = import_file("bulletin-2022-07.txt", sample_bytes)  # replaces the draft of 2022-07
    with app.app_context():
        bulletin = db.session.get(Bulletin, from_text)
        assert shape == [(s.kind, s.title, [(a.title, a.source, a.body, a.spotlight, a.figures) for a in s.articles])
                         for s in bulletin.sections]
        assert warnings == bulletin.warnings and "new_firm:中电文思海辉" in warnings
    assert original == "bulletin-2022-07.docx"


def test_a_tables_figures_are_drawn_in_the_data_reports_chart(app, import_file, client):
    bulletin_id = import_file("report.docx", report_with_a_table(), publish_it=True)
    with app.app_context():
        report = db.session.get(Bulletin, bulletin_id).sections[0].articles[0]
        assert "日本 | 25394" in report.body
        assert report.figures[:3] == [{"label": "日本", "value": 25394.0, "unit": "万美元"},
                                      {"label": "欧盟", "value": 21283.0, "unit": "万美元"},
                                      {"label": "荷兰", "value": 19051.0, "unit": "万美元"}]
    page = client.get(f"/bulletins/{bulletin_id}").get_data(as_text=True)
    assert 'class="figure-chart"' in page and ">荷兰</text>" in page
    original = client.get(f"/bulletins/{bulletin_id}/original")
    assert original.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert original.data.startswith(b"PK\x03\x04")


def test_the_cli_imports_a_word_file_and_prints_its_id(app, tmp_path):
    path = tmp_path / "bulletin.docx"
    path.write_bytes(sample_as_word())
    result = app.test_cli_runner().invoke(args=["bulletins", "import", str(path), "--period", "2022-07"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        bulletin = db.session.get(Bulletin, int(result.stdout.strip().splitlines()[-1]))
        assert len(bulletin.sections) == 6 and "check: new_firm:中电文思海辉" in result.stderr


def _hostile() -> dict[str, tuple[bytes, str, str]]:
    """Each hostile file, with the words of its refusal in English (staff pages, ?lang=en) and Chinese (the CLI)."""
    not_word = ("not a Word document (.docx)", "不是 Word 文档（.docx）")
    return {
        "not a zip": (b"\x00\x01 just bytes", *not_word),
        "a PDF named .docx": (b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", *not_word),
        "an old .doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old Word file (.doc)", "旧版 Word 文件（.doc）"),
        "a zip without word/document.xml": (zip_of({"[Content_Types].xml": CONTENT_TYPES, "readme.txt": b"hi"}),
                                            "no word/document.xml", "没有 word/document.xml"),
        "a zip bomb": (zip_bomb(80), "unpacks to more than 64 MB", "解压后超过 64 MB"),
        "a truncated zip": (sample_as_word()[:3000], *not_word),
        "a damaged document part": (zip_of({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document"}),
                                    "The Word file cannot be read", "无法读取该 Word 文件"),
    }


HOSTILE = _hostile()


@pytest.mark.parametrize("kind", HOSTILE)
def test_the_cli_refuses_a_bad_word_file_in_one_line_and_stores_nothing(app, tmp_path, kind):
    data, _english, words = HOSTILE[kind]
    path = tmp_path / "bulletin.docx"
    path.write_bytes(data)
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(args=["bulletins", "import", str(path), "--period", "2022-07"])
    assert result.exit_code != 0 and time.perf_counter() - started < 5
    assert len(result.output.strip().splitlines()) == 1 and words in result.output, result.output
    assert bulletin_count(app) == 0


def test_staff_upload_a_word_file_and_reach_its_draft(login_as, app):
    staff = login_as("staff")
    review = staff.get(draft_from(staff, upload(staff, report_with_a_table(), "bulletin.docx"))).get_data(as_text=True)
    assert "人才新政" in review and "日本 | 25394" in review
    with app.app_context():
        [job] = db.session.scalars(db.select(ImportJob)).all()
        assert job.status == ImportStatus.DONE and job.data is None


@pytest.mark.parametrize("kind", ["not a zip", "a PDF named .docx", "a zip without word/document.xml", "a zip bomb"])
def test_a_file_that_is_no_word_package_re_renders_the_upload_form_with_the_reason(login_as, app, kind):
    data, words, _chinese = HOSTILE[kind]
    staff = login_as("staff")
    token = csrf_from(staff.get("/staff/bulletins/?lang=en").get_data(as_text=True))
    response = staff.post("/staff/bulletins/?lang=en", data={"csrf_token": token, "period": "2022-07",
                                                             "audience": "public",
                                                             "file": (io.BytesIO(data), "bulletin.docx")},
                          content_type="multipart/form-data")
    assert response.status_code == 200 and words in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(ImportJob)) == 0
    assert bulletin_count(app) == 0


def test_a_word_file_damaged_inside_fails_its_import_job_with_the_reason(login_as, app):
    data, _english, words = HOSTILE["a damaged document part"]  # written in the uploader's language
    staff = login_as("staff")
    response = upload(staff, data, "bulletin.docx")
    page = staff.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert 'id="import-message"' in page and words in page
    with app.app_context():
        [job] = db.session.scalars(db.select(ImportJob)).all()
        assert job.status == ImportStatus.FAILED and "\n" not in job.message and job.data is None
    assert bulletin_count(app) == 0
