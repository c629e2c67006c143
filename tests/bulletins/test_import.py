"""Importing bulletins from text and PDF: drafts, warnings, firms linked or created on publishing."""
import pytest

from portal.bulletins.models import Article, Bulletin
from portal.extensions import db
from portal.members.models import Firm
from tests.bulletins.conftest import make_paged_pdf, make_pdf


def firms_named(app, name):
    with app.app_context():
        return db.session.scalars(db.select(Firm).where(Firm.name == name)).all()


def test_import_lands_as_a_draft_with_the_samples_structure(app, import_file, sample_bytes, client):
    bulletin_id = import_file("bulletin-2022-07.txt", sample_bytes)
    with app.app_context():
        bulletin = db.session.get(Bulletin, bulletin_id)
        assert bulletin.status == "draft" and bulletin.period == "2022-07"
        assert [s.kind for s in bulletin.sections] == [
            "data_report", "industry_news", "policy", "member_spotlight", "association_news", "knowledge_tips"]
        report = bulletin.sections[0].articles[0]
        assert {"label": "日本", "value": 25394.0, "unit": "万美元"} in report.figures
        news = bulletin.sections[4].articles[1]
        assert news.mentions[0]["date"] == "2022-07-08"
        assert "new_firm:中电文思海辉" in bulletin.warnings
    assert client.get(f"/bulletins/{bulletin_id}").status_code == 404  # drafts are not public


def test_publishing_creates_missing_spotlight_firms_once(app, import_file, sample_bytes, client):
    first = import_file("bulletin-2022-07.txt", sample_bytes, publish_it=True)
    [firm] = firms_named(app, "中电文思海辉")
    assert (firm.slug, firm.tier, firm.website) == ("pactera", "vice_president", "https://www.pactera.com")
    [ibm] = firms_named(app, "国际商业机器全球服务（大连）有限公司")
    assert (ibm.tier, ibm.website) == ("council", "http://www.ibm.com")
    page = client.get(f"/bulletins/{first}").get_data(as_text=True)
    assert 'href="/members/pactera"' in page
    assert f'href="/bulletins/{first}#article-' in client.get("/members/pactera").get_data(as_text=True)
    # a second issue spotlighting the same firm links to it; no duplicate appears
    second = import_file("bulletin-2022-08.txt", sample_bytes, period=(2022, 8), publish_it=True)
    assert len(firms_named(app, "中电文思海辉")) == 1
    with app.app_context():
        linked = db.session.scalars(db.select(Article.firm_id).where(Article.spotlight.is_not(None))).all()
        assert len(linked) == 4 and None not in linked
    assert second != first


def test_spotlight_matches_an_existing_firm_by_its_full_name(app, make_firm, import_file, sample_bytes):
    existing = make_firm("中电文思海辉科技有限公司", "council", slug="wenshi")
    import_file("b.txt", sample_bytes, publish_it=True)
    assert firms_named(app, "中电文思海辉") == []
    with app.app_context():
        article = db.session.scalar(db.select(Article).where(Article.title == "中电文思海辉"))
        assert article.firm_id == existing.id


def test_re_importing_a_draft_replaces_it_and_a_published_month_is_refused(app, import_file, sample_bytes):
    import_file("b.txt", sample_bytes)
    import_file("b.txt", sample_bytes, publish_it=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Bulletin)) == 1
    from portal.bulletins.importer import BulletinImportError

    with pytest.raises(BulletinImportError):
        import_file("b.txt", sample_bytes)


def test_a_pdf_with_chinese_text_is_imported(app, import_file):
    pdf = make_pdf(["2023年3月 会员通讯", "一、协会动态", "1、3月15日上午，协会在创业大厦 5 楼会议室召开理事会。",
                    "二、会员风采", "● 示例软件有限公司", "类  型：大连市数字贸易协会理事单位", "网  址：www.example.com",
                    "简  介：一家示例企业。"])
    bulletin_id = import_file("issue.pdf", pdf, period=None, publish_it=True)
    with app.app_context():
        bulletin = db.session.get(Bulletin, bulletin_id)
        assert bulletin.period == "2023-03"
        assert [s.kind for s in bulletin.sections] == ["association_news", "member_spotlight"]
    [firm] = firms_named(app, "示例软件有限公司")
    assert (firm.tier, firm.website) == ("council", "http://www.example.com")


@pytest.mark.parametrize("name, data, words", [
    ("notes.odt", b"PK\x03\x04", ".docx, .pdf or .txt"),
    ("notes.docx", b"PK\x03\x04", "not a Word document"),
    ("fake.pdf", b"<html>not a pdf</html>", "not a PDF"),
    ("broken.pdf", b"%PDF-1.4\n garbage", "cannot be read"),
    ("empty.txt", b"", "No sections"),
    ("prose.txt", "只是一段没有栏目的文字。".encode(), "No sections"),
])
def test_a_bad_file_gets_a_clear_error_and_changes_nothing(app, import_file, name, data, words):
    from portal.bulletins.importer import BulletinImportError

    with pytest.raises(BulletinImportError, match=words):
        import_file(name, data)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Bulletin)) == 0


def test_cli_imports_prints_the_id_and_publishes(app, tmp_path, sample_bytes):
    path = tmp_path / "bulletin-2022-07.txt"
    path.write_bytes(sample_bytes)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["bulletins", "import", str(path), "--period", "2022-07", "--publish"])
    assert result.exit_code == 0, result.output
    bulletin_id = int(result.stdout.strip().splitlines()[-1])
    with app.app_context():
        assert db.session.get(Bulletin, bulletin_id).is_published


@pytest.mark.parametrize("args", [["--period", "2022-13"], ["--period", "July"]])
def test_cli_refuses_bad_input_with_one_line(app, tmp_path, sample_bytes, args):
    path = tmp_path / "b.txt"
    path.write_bytes(sample_bytes)
    result = app.test_cli_runner().invoke(args=["bulletins", "import", str(path), *args])
    assert result.exit_code != 0 and len(result.output.strip().splitlines()) == 1
    missing = app.test_cli_runner().invoke(args=["bulletins", "import", str(tmp_path / "nope.txt")])
    assert missing.exit_code != 0 and len(missing.output.strip().splitlines()) == 1
    no_period = app.test_cli_runner().invoke(args=["bulletins", "import", str(path)])
    assert no_period.exit_code != 0 and "YYYY-MM" in no_period.output


def test_an_imported_pdf_drops_the_page_number_of_a_page_turn_inside_a_paragraph(app, import_file):
    pdf = make_paged_pdf([["2023年3月 会员通讯", "一、行业资讯", "● 人才新政", "新政提出，各地"],
                          ["要加强人才培养。", "（来源：新华社）"]])
    bulletin_id = import_file("issue.pdf", pdf, period=None)
    with app.app_context():
        [article] = db.session.get(Bulletin, bulletin_id).articles
        assert (article.title, article.body, article.source) == ("人才新政", "新政提出，各地要加强人才培养。", "新华社")
