"""`seed-demo --scale N` adds events and bulletins in proportion to the firms, a later load adding more."""
import re

import sqlalchemy as sa

from portal.bulletins.models import Article, Bulletin, Section
from portal.events.models import Event
from portal.extensions import db


def _synthetic_events() -> list[int]:
    titles = db.session.scalars(sa.select(Event.title).where(Event.title.like("示例活动 #%")))
    return sorted(int(title.removeprefix("示例活动 #")) for title in titles)


def _issues() -> list[tuple[str, bool]]:
    """Every bulletin's period, newest first, and whether it is published."""
    return [(issue.period, issue.is_published) for issue in
            db.session.scalars(sa.select(Bulletin).order_by(Bulletin.year.desc(), Bulletin.month.desc()))]


def _articles_found(client, q: str) -> int:
    page = client.get("/bulletins/", query_string={"q": q, "lang": "en"}).get_data(as_text=True)
    return int(re.search(r"(\d+) articles?<", page)[1])


def test_a_scaled_load_adds_published_issues_before_the_archive_and_finds_their_articles(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    found_before = _articles_found(client, "服务外包")
    result = runner.invoke(args=["seed-demo", "--scale", "3000"])
    assert result.exit_code == 0, result.output
    assert "Added 30 synthetic events." in result.output and "Added 3 synthetic bulletins." in result.output
    with app.app_context():
        assert _issues() == [("2022-07", True), ("2022-06", True), ("2022-05", True), ("2022-04", True)]
        sample, *synthetic = db.session.scalars(sa.select(Bulletin).order_by(Bulletin.year.desc(), Bulletin.month.desc()))
        shape = [(section.kind, len(section.articles)) for section in sample.sections]
        assert all([(section.kind, len(section.articles)) for section in issue.sections] == shape for issue in synthetic)
        assert all(issue.title.endswith("（示例）") and issue.published_at is not None for issue in synthetic)
        assert [article.figures for article in synthetic[0].articles] == [article.figures for article in sample.articles]
        assert any(article.figures for article in sample.articles)  # JSON copied as JSON, on both databases
        # The same sentences, in another order: the same search terms, other articles.
        first, copy = sample.articles[0].body, synthetic[0].articles[0].body
        assert sorted(first) == sorted(copy)
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Article).where(Article.firm_id.is_not(None))) \
            == sum(1 for article in sample.articles if article.firm_id)  # one firm is not featured in every issue
        assert _synthetic_events() == list(range(1, 31))
    assert _articles_found(client, "服务外包") == 4 * found_before
    assert client.get("/api/v1/bulletins").json["total"] == 4

    # A second load goes on: more issues before the oldest, events numbered on; any scale adds both.
    result = runner.invoke(args=["seed-demo", "--scale", "5"])
    assert "Added 1 synthetic events." in result.output and "Added 1 synthetic bulletins." in result.output
    with app.app_context():
        assert _issues()[-1] == ("2022-03", True) and len(_issues()) == 5
        assert _synthetic_events() == list(range(1, 32))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Section)) == 5 * len(shape)
