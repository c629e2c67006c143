"""A bulletin's structure: front matter, sections at headings, articles at bullets or news items."""
from __future__ import annotations

from portal.bulletins.parsing import ParsedBulletin, parse_bulletin
from tests.bulletins.conftest import SAMPLE
from tests.bulletins.parsing.conftest import pdf_like


def test_sample_bulletin_splits_into_its_sections_in_order(sample: ParsedBulletin) -> None:
    assert [(s.kind, s.title) for s in sample.sections] == [
        ("data_report", "数据月报"),
        ("industry_news", "行业资讯"),
        ("policy", "最新政策/研究报告"),
        ("member_spotlight", "会员风采"),
        ("association_news", "协会动态"),
        ("knowledge_tips", "知识小贴士"),
    ]


def test_sample_sections_hold_one_article_per_bullet_or_item(sample: ParsedBulletin) -> None:
    assert [len(s.articles) for s in sample.sections] == [1, 3, 3, 2, 2, 1]


def test_sample_states_no_period_so_undated_years_stay_unknown() -> None:
    bulletin = parse_bulletin(SAMPLE.read_text(encoding="utf-8"))
    assert (bulletin.title, bulletin.period, bulletin.issue_number) == (None, None, None)
    news = next(s for s in bulletin.sections if s.kind == "association_news")
    assert [e.date for a in news.articles for e in a.events] == [None, None]


def test_made_up_issue_reads_title_period_and_issue_from_its_first_lines(made_up: ParsedBulletin) -> None:
    assert (made_up.title, made_up.period, made_up.issue_number) == ("大连市数字贸易协会会刊", (2023, 3), "3")


def test_made_up_issue_sections_follow_its_own_order_and_unknown_headings_are_other(made_up: ParsedBulletin) -> None:
    assert [s.kind for s in made_up.sections] == [
        "other", "member_spotlight", "industry_news", "association_news", "knowledge_tips"]
    assert [len(s.articles) for s in made_up.sections] == [1, 1, 2, 3, 1]


def test_numbered_list_inside_an_article_is_not_a_section() -> None:
    text = pdf_like("一、最新政策 ", "● 意见 ", "内容如下： ", "一、加强领导 ", "二、强化保障 ")
    bulletin = parse_bulletin(text)
    assert [s.kind for s in bulletin.sections] == ["policy"]
    assert bulletin.sections[0].articles[0].body == "内容如下：\n\n一、加强领导\n\n二、强化保障"


def test_a_known_section_heading_ends_a_numbered_list_before_it() -> None:
    text = pdf_like("一、数据月报 ", "一、总体情况 ", "增长", "较快。 ", "二、行业资讯 ", "● 标题 ", "正文。 ")
    bulletin = parse_bulletin(text)
    assert [s.kind for s in bulletin.sections] == ["data_report", "industry_news"]
    assert bulletin.sections[0].articles[0].body == "一、总体情况\n\n增长较快。"


def test_every_kind_the_parser_gives_is_a_section_kind_the_portal_stores():
    # The parser imports without Flask, so it names kinds by their stored values, not SectionKind.
    from portal.bulletins.parsing.structure import _KIND_RULES
    from portal.bulletins.states import SectionKind

    assert {kind for kind, _words in _KIND_RULES} | {"other"} <= set(SectionKind.values())
