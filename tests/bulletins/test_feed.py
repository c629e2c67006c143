"""Feed readers get a valid Atom feed: an author, honest times, conditional GETs, the full text."""
import time
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

import pytest

from portal.bulletins.models import Bulletin
from portal.extensions import db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def issue_of(app, import_file, sample_bytes):
    """Publish the sample as the issue of a month, dated as published on a given day."""
    def publish(month: int, published: datetime, data: bytes = sample_bytes) -> int:
        bulletin_id = import_file(f"bulletin-2022-{month:02}.txt", data, period=(2022, month), publish_it=True)
        with app.app_context():
            db.session.get(Bulletin, bulletin_id).published_at = published
            db.session.commit()
        return bulletin_id

    return publish


def feed(client, **headers):
    return client.get("/bulletins/feed.atom", headers=headers)


def test_the_feed_names_the_association_as_its_author(client, issue_of):
    issue_of(7, datetime(2022, 8, 1, 2, tzinfo=timezone.utc))
    root = ET.fromstring(feed(client).data)
    (author,) = root.findall(f"{ATOM}author")
    assert author.findtext(f"{ATOM}name") == "大连市数字贸易协会"
    assert author.findtext(f"{ATOM}uri") == "https://portal.example.org/"


def test_the_feed_is_as_new_as_its_newest_issue_not_the_request(client, issue_of):
    issue_of(7, datetime(2022, 8, 1, 2, tzinfo=timezone.utc))
    issue_of(8, datetime(2022, 9, 2, 3, tzinfo=timezone.utc))
    first = ET.fromstring(feed(client).data)
    time.sleep(1.1)
    again = ET.fromstring(feed(client).data)
    updated = first.findtext(f"{ATOM}updated")
    assert datetime.fromisoformat(updated) == datetime(2022, 9, 2, 3, tzinfo=timezone.utc)
    assert again.findtext(f"{ATOM}updated") == updated
    assert max(entry.findtext(f"{ATOM}updated") for entry in first.findall(f"{ATOM}entry")) == updated


def test_a_feed_reader_polling_an_unchanged_feed_gets_304(client, issue_of):
    issue_of(7, datetime(2022, 8, 1, 2, tzinfo=timezone.utc))
    response = feed(client)
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert modified == "Mon, 01 Aug 2022 02:00:00 GMT"
    assert "Cookie" in response.headers["Vary"]  # members read more in it than visitors
    by_etag = feed(client, **{"If-None-Match": etag})
    assert by_etag.status_code == 304 and by_etag.data == b""
    by_date = feed(client, **{"If-Modified-Since": modified})
    assert by_date.status_code == 304 and by_date.data == b""
    assert feed(client, **{"If-Modified-Since": "Sun, 31 Jul 2022 00:00:00 GMT"}).status_code == 200
    issue_of(8, datetime(2022, 9, 2, 3, tzinfo=timezone.utc))
    changed = feed(client, **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert feed(client, **{"If-Modified-Since": modified}).status_code == 200


def test_entries_carry_the_whole_issue_as_sanitised_html(client, issue_of, sample_bytes):
    text = ("一、行业资讯 \n\n● <script>alert(1)</script>标题 \n\n正文里有<b>粗体</b>和脚本。"
            + "这是很长的正文。" * 100 + "最后一句在五百字之后。 \n").encode()
    issue_of(7, datetime(2022, 8, 1, 2, tzinfo=timezone.utc), data=text)
    root = ET.fromstring(feed(client).data)
    (entry,) = root.findall(f"{ATOM}entry")
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    html = content.text
    assert "最后一句在五百字之后。" in html
    assert "<script" not in html and "&lt;b&gt;粗体&lt;/b&gt;" in html and "<p>" in html


@pytest.mark.parametrize("path", ["/", "/members/", "/events/", "/bulletins/", "/auth/login", "/privacy/"])
def test_every_page_lets_browsers_discover_the_feed(client, path):
    page = client.get(path).get_data(as_text=True)
    assert ('<link rel="alternate" type="application/atom+xml" href="/bulletins/feed.atom"' in page), path
