"""Staff compose an issue in the portal: a new draft, articles from firms and past events, order, figures, preview."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from portal.audit.models import AuditEntry
from portal.bulletins.models import Article, Bulletin, Section
from portal.extensions import db
from tests.conftest import csrf_from


def start_issue(staff, **fields):
    data = {"title": "数字贸易月报 2030 年 3 月", "year": "2030", "month": "3", "issue_number": "第 3 期",
            "audience": "public", **fields}
    return staff.submit("/staff/bulletins/new", data)


def new_issue(staff, app, **fields) -> int:
    response = start_issue(staff, **fields)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(re.search(r"/staff/bulletins/(\d+)", response.headers["Location"]).group(1))


def section_of(app, bulletin_id: int, kind: str) -> int:
    with app.app_context():
        return db.session.scalar(db.select(Section.id).where(Section.bulletin_id == bulletin_id, Section.kind == kind))


def past_event(app, title="第二届第四次会员大会", venue="大连软件园 8 号楼多功能厅", guests=3, checked_in=2):
    from portal.events import registration
    from portal.events.models import Registration
    from portal.events.services import create_event

    with app.test_request_context():
        starts = datetime(2030, 2, 20, 6, 0, tzinfo=timezone.utc)  # 14:00 in Dalian
        event = create_event(None, publish=True, title=title, starts_at=starts, ends_at=starts + timedelta(hours=2),
                             venue=venue, capacity=None, description="<p>会议听取了秘书处工作总结。</p>")
        people = [registration.register(event, f"来宾{n}", f"guest{n}@example.org") for n in range(guests)]
        for person in people[:checked_in]:
            db.session.get(Registration, person.id).checked_in_at = starts
        db.session.commit()
        return event.id


def add(staff, bulletin_id: int, section_id: int, **fields):
    data = {f"n{section_id}-{key}": value for key, value in fields.items()}
    return staff.submit(f"/staff/bulletins/{bulletin_id}/sections/{section_id}/articles", data,
                        page=f"/staff/bulletins/{bulletin_id}")


def articles_of(app, section_id: int) -> list[Article]:
    with app.app_context():
        section = db.session.get(Section, section_id)
        return [db.session.get(Article, a.id) for a in section.articles]


def test_staff_compose_an_issue_from_a_firm_a_past_event_and_figures(login_as, app, make_firm, client, clock):
    firm = make_firm("大连示例软件有限公司", tier="vice_president", slug="example-soft", website="https://example.cn",
                     summary="一家做软件的公司。", intro="<p>成立于 2003 年，服务日本客户。</p>")
    event_id = past_event(app)  # people register while it is ahead; then it takes place
    clock.move(days=(datetime(2030, 3, 1, tzinfo=timezone.utc) - clock.now()).days)
    staff = login_as("staff")
    bulletin_id = new_issue(staff, app)
    page = staff.get(f"/staff/bulletins/{bulletin_id}").get_data(as_text=True)
    for heading in ("数据月报", "行业资讯", "最新政策/研究报告", "会员风采", "协会动态", "知识小贴士"):
        assert f'value="{heading}"' in page

    spotlight = section_of(app, bulletin_id, "member_spotlight")
    assert add(staff, bulletin_id, spotlight, firm="大连示例软件").status_code == 302
    [article] = articles_of(app, spotlight)
    assert article.firm_id == firm.id and article.title == firm.name
    assert article.spotlight == {"name": firm.name, "tier": "vice_president", "website": "https://example.cn",
                                 "intro": "成立于 2003 年，服务日本客户。"}
    assert "一家做软件的公司。" in article.body and "服务日本客户" in article.body

    news = section_of(app, bulletin_id, "association_news")
    assert add(staff, bulletin_id, news, event=str(event_id)).status_code == 302
    [item] = articles_of(app, news)
    assert item.event_id == event_id and item.title == "第二届第四次会员大会"
    assert item.body.startswith("2030 年 2 月 20 日，第二届第四次会员大会在大连软件园 8 号楼多功能厅举行，2 人出席。")
    assert "秘书处工作总结" in item.body and item.mentions[0]["date"] == "2030-02-20"

    report = section_of(app, bulletin_id, "data_report")
    assert add(staff, bulletin_id, report, title="1-2 月数据", body="签约额增长。").status_code == 302
    [numbers] = articles_of(app, report)
    saved = staff.submit(f"/staff/bulletins/{bulletin_id}/articles/{numbers.id}/figures", {
        f"f{numbers.id}-rows-0-label": "日本", f"f{numbers.id}-rows-0-value": "25,394", f"f{numbers.id}-rows-0-unit": "万美元",
        f"f{numbers.id}-rows-1-label": "欧盟", f"f{numbers.id}-rows-1-value": "21283.5", f"f{numbers.id}-rows-1-unit": "万美元",
        f"f{numbers.id}-rows-2-label": "荷兰", f"f{numbers.id}-rows-2-value": "1", f"f{numbers.id}-rows-2-unit": "万美元",
        f"f{numbers.id}-rows-2-remove": "y", f"f{numbers.id}-rows-3-label": "", f"f{numbers.id}-rows-3-value": ""},
        page=f"/staff/bulletins/{bulletin_id}")
    assert saved.status_code == 302
    assert articles_of(app, report)[0].figures == [{"label": "日本", "value": 25394.0, "unit": "万美元"},
                                                   {"label": "欧盟", "value": 21283.5, "unit": "万美元"}]

    preview = staff.get(f"/staff/bulletins/{bulletin_id}/preview").get_data(as_text=True)
    chart = re.search(r'<svg class="figure-chart".*?</svg>', preview, re.S).group(0)
    assert "日本" in chart and "欧盟" in chart and "荷兰" not in chart and "25,394" in chart
    assert 'id="preview-banner"' in preview and "大连示例软件有限公司" in preview
    assert client.get(f"/bulletins/{bulletin_id}").status_code == 404  # a draft, not yet for readers

    staff.submit(f"/staff/bulletins/{bulletin_id}/publish", {}, page=f"/staff/bulletins/{bulletin_id}")
    public = client.get(f"/bulletins/{bulletin_id}").get_data(as_text=True)
    assert "第二届第四次会员大会" in public and "https://example.cn" in public and "figure-chart" in public
    assert "/members/example-soft" in public
    with app.app_context():
        actions = set(db.session.scalars(db.select(AuditEntry.action)))
    assert {"bulletin.composed", "bulletin.article_added", "bulletin.figures_edited", "bulletin.published"} <= actions


def test_a_firm_name_that_matches_several_offers_them_to_pick_from(login_as, app, make_firm):
    first, second = make_firm("大连云海科技有限公司"), make_firm("大连云海数据有限公司")
    staff = login_as("staff")
    bulletin_id = new_issue(staff, app)
    spotlight = section_of(app, bulletin_id, "member_spotlight")
    response = add(staff, bulletin_id, spotlight, firm="云海")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and f'value="{first.id}"' in page and f'value="{second.id}"' in page
    assert articles_of(app, spotlight) == []
    assert add(staff, bulletin_id, spotlight, firm="云海", firm_choice=str(second.id)).status_code == 302
    assert articles_of(app, spotlight)[0].firm_id == second.id
    unknown = add(staff, bulletin_id, spotlight, firm="不存在的公司")
    assert unknown.status_code == 400 and "不存在的公司" in unknown.get_data(as_text=True)


def move(staff, bulletin_id, kind, object_id, direction):
    return staff.submit(f"/staff/bulletins/{bulletin_id}/{kind}/{object_id}/move", {"direction": direction},
                        page=f"/staff/bulletins/{bulletin_id}")


def test_staff_reorder_articles_and_sections_and_delete_an_article(login_as, app):
    staff = login_as("staff")
    bulletin_id = new_issue(staff, app)
    industry = section_of(app, bulletin_id, "industry_news")
    for title in ("甲", "乙", "丙"):
        assert add(staff, bulletin_id, industry, title=title, body=f"{title}的正文。").status_code == 302
    first, second, third = articles_of(app, industry)
    assert move(staff, bulletin_id, "articles", third.id, "up").status_code == 302
    assert [a.title for a in articles_of(app, industry)] == ["甲", "丙", "乙"]
    move(staff, bulletin_id, "articles", first.id, "up")  # already first: nothing moves
    move(staff, bulletin_id, "articles", first.id, "down")
    assert [a.title for a in articles_of(app, industry)] == ["丙", "甲", "乙"]

    move(staff, bulletin_id, "sections", industry, "up")
    with app.app_context():
        kinds = [s.kind for s in db.session.get(Bulletin, bulletin_id).sections]
    assert kinds[:2] == ["industry_news", "data_report"]

    ask = staff.get(f"/staff/bulletins/{bulletin_id}/articles/{second.id}/delete")
    assert ask.status_code == 200 and "乙" in ask.get_data(as_text=True)
    assert staff.post(f"/staff/bulletins/{bulletin_id}/articles/{second.id}/delete",
                      data={"csrf_token": csrf_from(ask.get_data(as_text=True))}).status_code == 200  # no confirm
    assert len(articles_of(app, industry)) == 3
    deleted = staff.submit(f"/staff/bulletins/{bulletin_id}/articles/{second.id}/delete", {"confirm": "yes"})
    assert deleted.status_code == 302
    assert [a.title for a in articles_of(app, industry)] == ["丙", "甲"]
    with app.app_context():
        actions = list(db.session.scalars(db.select(AuditEntry.action)))
    assert actions.count("bulletin.article_moved") == 2 and "bulletin.section_moved" in actions
    assert "bulletin.article_deleted" in actions


def test_staff_edit_an_imported_issue_the_same_way(login_as, app, import_file, sample_bytes, make_firm):
    firm = make_firm("大连示例软件有限公司", tier="council", website="https://example.cn", summary="做软件。")
    bulletin_id = import_file("b.txt", sample_bytes)
    staff = login_as("staff")
    spotlight = section_of(app, bulletin_id, "member_spotlight")
    before = [a.title for a in articles_of(app, spotlight)]
    assert add(staff, bulletin_id, spotlight, firm=firm.slug).status_code == 302
    assert [a.title for a in articles_of(app, spotlight)] == before + [firm.name]
    added = articles_of(app, spotlight)[-1]
    move(staff, bulletin_id, "articles", added.id, "up")
    assert [a.title for a in articles_of(app, spotlight)][-2] == firm.name

    imported = articles_of(app, spotlight)[0]
    relinked = staff.submit(f"/staff/bulletins/{bulletin_id}/articles/{imported.id}", {
        f"a{imported.id}-title": imported.title, f"a{imported.id}-body": imported.body,
        f"a{imported.id}-firm": firm.name, f"a{imported.id}-refill": "y"}, page=f"/staff/bulletins/{bulletin_id}")
    assert relinked.status_code == 302
    refilled = articles_of(app, spotlight)[0]
    assert refilled.firm_id == firm.id and refilled.title == firm.name and refilled.body == "做软件。"
    assert refilled.spotlight["tier"] == "council"

    report = section_of(app, bulletin_id, "data_report")
    [numbers] = articles_of(app, report)
    assert len(numbers.figures) > 3  # read from the text at import
    page = staff.get(f"/staff/bulletins/{bulletin_id}").get_data(as_text=True)
    assert f'name="f{numbers.id}-rows-0-label" type="text" value="{numbers.figures[0]["label"]}"' in page
    staff.submit(f"/staff/bulletins/{bulletin_id}/articles/{numbers.id}/figures", {
        f"f{numbers.id}-rows-0-label": "新标签", f"f{numbers.id}-rows-0-value": "12", f"f{numbers.id}-rows-0-unit": "家",
        f"f{numbers.id}-rows-1-label": "另一个", f"f{numbers.id}-rows-1-value": "3", f"f{numbers.id}-rows-1-unit": "家"},
        page=f"/staff/bulletins/{bulletin_id}")
    assert [f["label"] for f in articles_of(app, report)[0].figures] == ["新标签", "另一个"]


@pytest.mark.parametrize("fields, message", [
    ({"year": "99999999999999999999999"}, None),
    ({"month": "13"}, None),
    ({"year": "二〇三〇"}, None),
    ({"title": "第一行\n第二行"}, "请写在一行内"),
    ({"issue_number": "x" * 41}, None),
    ({"audience": "everybody"}, None),
])
def test_a_bad_new_issue_re_renders_the_form_with_its_error(login_as, app, fields, message):
    staff = login_as("staff")
    response = start_issue(staff, **fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "invalid-feedback" in page and (message is None or message in page)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Bulletin)) == 0


def test_a_second_issue_of_the_same_month_is_refused(login_as, app):
    staff = login_as("staff")
    new_issue(staff, app)
    response = start_issue(staff, title="另一期")
    assert response.status_code == 400 and "2030-03" in response.get_data(as_text=True)


def test_bad_articles_and_figures_re_render_the_page_with_the_errors(login_as, app):
    staff = login_as("staff")
    bulletin_id = new_issue(staff, app)
    industry = section_of(app, bulletin_id, "industry_news")
    assert add(staff, bulletin_id, industry, title="").status_code == 400  # no title, nothing picked
    assert add(staff, bulletin_id, industry, title="标题\r\n换行").status_code == 400
    assert add(staff, bulletin_id, industry, title="x" * 301).status_code == 400
    news = section_of(app, bulletin_id, "association_news")
    assert add(staff, bulletin_id, news, event="99999999999999999999999").status_code == 400
    assert articles_of(app, industry) == [] and articles_of(app, news) == []
    add(staff, bulletin_id, industry, title="好标题")
    [article] = articles_of(app, industry)
    renamed = staff.submit(f"/staff/bulletins/{bulletin_id}/sections/{industry}", {
        f"s{industry}-title": "行业\n资讯", f"s{industry}-kind": "industry_news"}, page=f"/staff/bulletins/{bulletin_id}")
    assert renamed.status_code == 400 and "请写在一行内" in renamed.get_data(as_text=True)
    edited = staff.submit(f"/staff/bulletins/{bulletin_id}/articles/{article.id}", {
        f"a{article.id}-title": "好标题\n第二行"}, page=f"/staff/bulletins/{bulletin_id}")
    assert edited.status_code == 400
    for value in ("99999999999999999999999", "1e400", "nan", "abc", "1" * 30):
        response = staff.submit(f"/staff/bulletins/{bulletin_id}/articles/{article.id}/figures", {
            f"f{article.id}-rows-0-label": "日本", f"f{article.id}-rows-0-value": value},
            page=f"/staff/bulletins/{bulletin_id}")
        assert response.status_code == 400, value
        assert "invalid-feedback" in response.get_data(as_text=True)
    settings = staff.submit(f"/staff/bulletins/{bulletin_id}", {"settings-title": "", "settings-audience": "public"})
    assert settings.status_code == 400
    with app.app_context():
        assert db.session.get(Section, industry).title == "行业资讯"
        assert db.session.get(Article, article.id).title == "好标题"
        assert db.session.get(Bulletin, bulletin_id).title == "数字贸易月报 2030 年 3 月"


@pytest.mark.parametrize("role", [None, "visitor", "member"])
def test_only_staff_compose_and_preview(login_as, app, import_file, sample_bytes, role):
    bulletin_id = import_file("b.txt", sample_bytes)
    with app.app_context():
        article = db.session.scalar(db.select(Article).where(Article.title == "DEPA"))
        article_id, section_id = article.id, article.section_id
    person = login_as(role)
    expected = 302 if role is None else 403
    for path in ("/staff/bulletins/new", f"/staff/bulletins/{bulletin_id}/preview",
                 f"/staff/bulletins/{bulletin_id}/articles/{article_id}/delete"):
        assert person.get(path).status_code == expected, path
    for path in (f"/staff/bulletins/{bulletin_id}/sections/{section_id}/articles",
                 f"/staff/bulletins/{bulletin_id}/articles/{article_id}/move",
                 f"/staff/bulletins/{bulletin_id}/articles/{article_id}/delete",
                 f"/staff/bulletins/{bulletin_id}/articles/{article_id}/figures",
                 f"/staff/bulletins/{bulletin_id}/sections/{section_id}/move"):
        assert person.post(path, data={"confirm": "yes", "direction": "up"}).status_code in (expected, 400), path
    with app.app_context():
        assert db.session.get(Article, article_id) is not None


def test_an_article_of_another_issue_is_not_found_through_this_one(login_as, app, import_file, sample_bytes):
    one = import_file("a.txt", sample_bytes, period=(2022, 7))
    other = import_file("b.txt", sample_bytes, period=(2022, 8))
    with app.app_context():
        article_id = db.session.get(Bulletin, other).articles[0].id
    staff = login_as("staff")
    assert staff.get(f"/staff/bulletins/{one}/articles/{article_id}/delete").status_code == 404


def test_importing_a_file_never_replaces_an_issue_written_in_the_portal_until_staff_delete_it(
        login_as, app, import_file, sample_bytes):
    from portal.bulletins.importer import BulletinImportError

    staff = login_as("staff")
    composed = new_issue(staff, app, year="2022", month="7", title="七月号")
    with pytest.raises(BulletinImportError, match="being written in the portal"):
        import_file("b.txt", sample_bytes)
    with app.app_context():
        assert db.session.get(Bulletin, composed) is not None
    page = staff.get(f"/staff/bulletins/{composed}/delete?lang=en")
    assert page.status_code == 200 and "七月号" in page.get_data(as_text=True)
    assert staff.submit(f"/staff/bulletins/{composed}/delete", {}).status_code == 200  # no confirmation: asks again
    response = staff.submit(f"/staff/bulletins/{composed}/delete", {"confirm": "yes"},
                            page=f"/staff/bulletins/{composed}/delete")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Bulletin, composed) is None
        assert db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "bulletin.deleted")) is not None
    assert import_file("b.txt", sample_bytes)


def test_a_published_issue_cannot_be_deleted(login_as, app, import_file, sample_bytes):
    published = import_file("b.txt", sample_bytes, publish_it=True)
    staff = login_as("staff")
    response = staff.submit(f"/staff/bulletins/{published}/delete", {"confirm": "yes"},
                            page=f"/staff/bulletins/{published}/delete")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Bulletin, published) is not None
