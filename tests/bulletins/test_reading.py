"""Reading the archive: the issue page, search, the feed, the API; members-only issues stay hidden."""
import re
import xml.etree.ElementTree as ET

import pytest

from portal import unit_of_work
from portal.demo.bulletins import add_synthetic_bulletins

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def public_issue(import_file, sample_bytes):
    return import_file("bulletin-2022-07.txt", sample_bytes, publish_it=True)


@pytest.fixture
def members_issue(import_file, sample_bytes):
    return import_file("bulletin-2022-08.txt", sample_bytes.replace(b"RCEP", b"MEMBERSONLYWORD"),
                       period=(2022, 8), publish_it=True, audience="members")


def test_issue_page_has_contents_sections_sources_chart_and_original(client, public_issue, sample_bytes):
    page = client.get(f"/bulletins/{public_issue}").get_data(as_text=True)
    assert page.count("<main") == 1
    assert 'class="toc' in page and "会员风采" in page
    assert "来源：国家知识产权局" in page
    assert '<svg class="figure-chart"' in page and "日本" in page
    original = client.get(f"/bulletins/{public_issue}/original")
    assert original.status_code == 200 and original.data == sample_bytes
    assert "attachment" in original.headers["Content-Disposition"]


def test_archive_lists_issues_by_year(client, public_issue, import_file, sample_bytes):
    import_file("b.txt", sample_bytes, period=(2023, 1), publish_it=True)
    page = client.get("/bulletins/").get_data(as_text=True)
    assert page.index(">2023<") < page.index(">2022<")
    only_2022 = client.get("/bulletins/?year=2022").get_data(as_text=True)
    assert f'href="/bulletins/{public_issue}"' in only_2022 and "2023-01" not in only_2022


def test_all_years_lists_the_newest_two_years_and_each_year_lists_the_rest(app, client, public_issue):
    with app.app_context():
        unit_of_work.run(add_synthetic_bulletins, 25)  # monthly, from 2020-06 to 2022-06
    page = client.get("/bulletins/").get_data(as_text=True)
    listed = re.findall(r'text-muted">(\d{4}-\d{2})', page)
    assert listed[0] == "2022-07" and listed[-1] == "2020-08" and len(listed) == 24
    assert 'id="older-issues"' in page and 'href="/bulletins/?year=2020"' in page
    year = client.get("/bulletins/?year=2020").get_data(as_text=True)
    assert re.findall(r'text-muted">(\d{4}-\d{2})', year) == [f"2020-{month:02d}" for month in range(12, 5, -1)]
    assert 'id="older-issues"' not in year


@pytest.mark.parametrize("q, words", [("服务外包", "服务外包"), ("数", "数"), ("rcep", "RCEP"), ("DEPA", "DEPA")])
def test_search_finds_articles_and_marks_the_term(client, public_issue, q, words):
    page = client.get("/bulletins/", query_string={"q": q}).get_data(as_text=True)
    assert 'id="search-results"' in page
    assert f"<mark>{words}</mark>" in page


def test_search_output_is_escaped(client, import_file):
    text = "一、行业资讯 \n\n● <script>alert(1)</script>标题 \n\n正文里有<b>粗体</b>和脚本。 \n".encode()
    import_file("x.txt", text, publish_it=True)
    page = client.get("/bulletins/", query_string={"q": "脚本"}).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;b&gt;" in page


def test_feed_is_atom_xml_with_the_latest_issues(client, public_issue):
    response = client.get("/bulletins/feed.atom")
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    assert entries[0].find(f"{ATOM}link").get("href") == f"https://portal.example.org/bulletins/{public_issue}"


def test_members_only_issue_is_hidden_from_visitors_everywhere(client, members_issue, public_issue):
    for path in (f"/bulletins/{members_issue}", f"/bulletins/{members_issue}/original",
                 f"/api/v1/bulletins/{members_issue}"):
        assert client.get(path).status_code == 404, path
    assert "2022-08" not in client.get("/bulletins/").get_data(as_text=True)
    assert members_issue not in [b["id"] for b in client.get("/api/v1/bulletins").json["items"]]
    assert f"/bulletins/{members_issue}" not in client.get("/bulletins/feed.atom").get_data(as_text=True)
    results = client.get("/bulletins/?q=MEMBERSONLYWORD").get_data(as_text=True)
    assert "<mark>MEMBERSONLYWORD</mark>" not in results and "0 articles" in results.replace("共 0 篇文章", "0 articles")
    assert client.get("/api/v1/bulletins?q=MEMBERSONLYWORD").json["total"] == 0


def test_members_read_members_only_issues(login_as, members_issue):
    member = login_as("member")
    assert member.get(f"/bulletins/{members_issue}").status_code == 200
    assert "2022-08" in member.get("/bulletins/").get_data(as_text=True)
    assert "<mark>MEMBERSONLYWORD</mark>" in member.get("/bulletins/?q=MEMBERSONLYWORD").get_data(as_text=True)
    assert f"/bulletins/{members_issue}" in member.get("/bulletins/feed.atom").get_data(as_text=True)
    # the API is public data only, whoever asks
    assert member.get(f"/api/v1/bulletins/{members_issue}").status_code == 404


def test_issue_is_printable(client, public_issue):
    page = client.get(f"/bulletins/{public_issue}").get_data(as_text=True)
    assert re.search(r'href="/static/css/print\.css\?v=\w+" media="print"', page)
    assert client.get("/static/css/print.css").status_code == 200
