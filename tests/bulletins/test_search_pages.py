"""Bulletin search results come a page at a time, and go on past the counting cap."""
from portal.bulletins import search


def test_search_results_have_pages_that_go_on_past_the_count_cap(client, import_file, sample_bytes, monkeypatch):
    import_file("bulletin-2022-07.txt", sample_bytes, publish_it=True)
    monkeypatch.setattr(search, "PER_PAGE", 1)
    monkeypatch.setattr(search, "COUNT_CAP", 2)
    titles, page = [], 1
    while True:
        html = client.get("/bulletins/", query_string={"q": "数", "page": page}).get_data(as_text=True)
        found = html.split('id="search-results"')[1].split("</section>")[0]
        titles += [part.split("</a>")[0] for part in found.split('#article-')[1:]]
        if f"page={page + 1}" not in html:
            break
        page += 1
    assert page > 2  # more hits than the cap, every one on a page of its own
    assert len(titles) == len(set(titles)) == page
    api = client.get("/api/v1/bulletins", query_string={"q": "数"}).json
    assert api["total"] == 2 and api["total_is_exact"] is False
    assert client.get("/api/v1/bulletins", query_string={"q": "不存在的词"}).json["total_is_exact"] is True


def test_a_page_of_many_hits_asks_the_database_as_often_as_a_page_of_one(import_file, sample_bytes, statements):
    # Each hit shows its issue's title: read with the hits, not by one query per section.
    import_file("bulletin-2022-07.txt", sample_bytes, publish_it=True)
    assert statements("/bulletins/", q="数") == statements("/bulletins/", q="RCEP")  # RCEP: one article


def test_a_search_past_its_last_hit_still_says_how_many_there_are(client, import_file, sample_bytes):
    import_file("bulletin-2022-07.txt", sample_bytes, publish_it=True)
    first = client.get("/api/v1/bulletins", query_string={"q": "知识产权"}).json
    beyond = client.get("/api/v1/bulletins", query_string={"q": "知识产权", "page": 99}).json
    assert first["total"] == beyond["total"] > 0 and beyond["items"] == []
