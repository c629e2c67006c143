"""Static files: fingerprinted URLs that browsers keep a year, sent compressed when asked."""
import gzip
import re

import brotli
import pytest


def static_urls(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', page)


def test_every_static_url_on_a_page_carries_its_content_hash(client):
    urls = static_urls(client.get("/").get_data(as_text=True))
    assert {url.split("?")[0] for url in urls} >= {
        "/static/css/bootstrap.min.css", "/static/css/portal.css", "/static/js/bootstrap.min.js"}
    assert all(re.search(r"\?v=[0-9a-f]{12}$", url) for url in urls)
    assert len({url.split("=")[1] for url in urls}) == len(urls)  # one hash per file


def test_a_fingerprinted_file_is_cached_for_a_year_and_an_old_fingerprint_is_not(client):
    (css,) = [url for url in static_urls(client.get("/").get_data(as_text=True)) if "portal.css" in url]
    current = client.get(css)
    assert current.status_code == 200
    assert current.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Cookie" not in current.headers.get("Vary", "")
    stale = client.get("/static/css/portal.css?v=000000000000")
    assert stale.status_code == 200 and stale.headers["Cache-Control"] == "no-cache"
    assert client.get("/static/css/portal.css").headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("encoding, decompress", [("gzip", gzip.decompress), ("br", brotli.decompress)])
def test_static_files_and_pages_are_compressed_when_the_browser_accepts_it(client, encoding, decompress):
    plain = client.get("/static/css/bootstrap.min.css").data
    packed = client.get("/static/css/bootstrap.min.css", headers={"Accept-Encoding": encoding})
    assert packed.headers["Content-Encoding"] == encoding and "Accept-Encoding" in packed.headers["Vary"]
    assert decompress(packed.data) == plain and len(packed.data) < len(plain) / 3
    page = client.get("/members/", headers={"Accept-Encoding": encoding})
    assert page.headers["Content-Encoding"] == encoding
    assert "<main" in decompress(page.data).decode()


def test_nothing_is_compressed_for_a_client_that_does_not_ask(client):
    for url in ("/members/", "/static/css/bootstrap.min.css"):
        answer = client.get(url, headers={"Accept-Encoding": "identity"})
        assert "Content-Encoding" not in answer.headers


def test_the_trimmed_bootstrap_is_a_fraction_of_the_full_one(client):
    css = client.get("/static/css/bootstrap.min.css").data
    assert len(css) < 80_000  # the full Bootstrap 5.3 is 232 KB
    for used in (b".navbar-collapse", b".btn-primary", b".form-control", b".alert-danger", b".collapsing"):
        assert used in css


def _class_names(css: str) -> set[str]:
    return set(re.findall(r"\.([a-zA-Z][\w-]*)", css))


def test_every_bootstrap_class_a_template_uses_is_in_the_trimmed_stylesheet():
    """The trimmed Bootstrap is committed: a template using a class it lacks needs `make css`."""
    from pathlib import Path

    import flask_bootstrap

    root = Path(__file__).resolve().parent.parent
    full = _class_names((Path(flask_bootstrap.__file__).parent / "static/bootstrap5/css/bootstrap.min.css")
                        .read_text(encoding="utf-8"))
    trimmed = _class_names((root / "static/css/bootstrap.min.css").read_text(encoding="utf-8"))
    used = set()
    for template in (root / "templates").rglob("*.html"):
        for attribute in re.findall(r'class="([^"]*)"', template.read_text(encoding="utf-8")):
            used.update(token.strip("'") for token in attribute.split())
    missing = sorted((used & full) - trimmed)
    assert missing == [], f"run `make css`: the trimmed Bootstrap lacks {missing}"
