"""Events that association news mentions: their dates (the year from the issue) and places."""
from __future__ import annotations

import datetime as dt

from portal.bulletins.parsing import ParsedBulletin, parse_bulletin
from tests.bulletins.parsing.conftest import article, pdf_like


def test_sample_association_news_items_become_dated_events(sample: ParsedBulletin) -> None:
    first, second = next(s for s in sample.sections if s.kind == "association_news").articles
    assert first.title == "市商务局召开全市服务贸易和服务外包工作会议"
    assert first.body.startswith("6 月 30 日下午，市商务局")
    assert [(e.date, e.place) for e in first.events] == [(dt.date(2022, 6, 30), None)]
    assert second.title == "大连市数字贸易协会第二届第四次会员大会在大连软件园 8 号楼多功能厅举行"
    assert [(e.date, e.place) for e in second.events] == [(dt.date(2022, 7, 8), "大连软件园 8 号楼多功能厅")]
    assert second.events[0].text.startswith("7 月 8 日下午，大连市数字贸易协会")


def test_made_up_news_dates_take_the_issue_year_or_their_own(made_up: ParsedBulletin) -> None:
    items = next(s for s in made_up.sections if s.kind == "association_news").articles
    assert [a.title for a in items] == ["协会在创业大厦 5 楼会议室召开理事会", "协会走访会员企业", "举办年会"]
    assert [(e.date, e.place) for a in items for e in a.events] == [
        (dt.date(2023, 3, 15), "创业大厦 5 楼会议室"),
        (None, "高新园区"),
        (dt.date(2022, 12, 28), None),
    ]


def test_a_month_after_the_issue_month_belongs_to_the_year_before() -> None:
    text = pdf_like("一、协会动态 ", "1、12月28日，协会举办年会。 ")
    (event,) = article(parse_bulletin(text, period=(2023, 1)), "association_news").events
    assert event.date == dt.date(2022, 12, 28)
