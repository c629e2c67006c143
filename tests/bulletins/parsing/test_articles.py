"""What an article holds: its title, its source, and a member spotlight's tier, website and intro."""
from __future__ import annotations

import pytest

from portal.bulletins.parsing import ParsedBulletin, parse_bulletin
from tests.bulletins.parsing.conftest import article, pdf_like


def test_sample_article_titles_come_from_bullets_or_section_titles(sample: ParsedBulletin) -> None:
    titles = [a.title for s in sample.sections for a in s.articles]
    assert titles[0] == "数据月报"  # no bullets: the section is one article
    assert titles[1:7] == [
        "中国到 2025 年将建成 20 个左右国家知识产权保护示范区",
        "我国数字经济规模超 45 万亿元",
        "2021 年中国数字经济发展指数显著增长",
        "国家网信办公布《数据出境安全评估办法》",
        "国务院印发《关于加强数字政府建设的指导意见》",
        "李俊：认识数字贸易需避免几个误区",  # its bullet line starts with a stray space
    ]
    assert titles[-1] == "DEPA"  # the tips box is titled by its "DEPA：" term line


def test_sample_attributions_become_sources(sample: ParsedBulletin) -> None:
    sources = [a.source for s in sample.sections for a in s.articles]
    assert sources == [None, "国家知识产权局", "人民日报", "中国新闻网", "中国经济网", "中国政府网",
                       "经济日报", None, None, None, None, None]
    # A parenthesised note that is no attribution stays in the body.
    assert article(sample, "policy", 2).body.endswith("（具体内容详见大连数字贸易季刊第二期）")


def test_sample_spotlight_entries_carry_tier_website_and_intro(sample: ParsedBulletin) -> None:
    first, second = (a.spotlight for a in next(s for s in sample.sections if s.kind == "member_spotlight").articles)
    assert (first.name, first.tier, first.website) == ("中电文思海辉", "vice_president", "https://www.pactera.com")
    assert first.intro.startswith("中电文思海辉是一家来自中国的全球 IT 服务企业，汇聚了国内外近 35,000 余名")
    assert first.intro.endswith("与 157家《财富》500 强企业建立了长期合作关系。")
    assert (second.name, second.tier, second.website) == (
        "国际商业机器全球服务（大连）有限公司", "council", "http://www.ibm.com")
    assert second.intro.startswith("IBM，1911 年创立于美国")
    assert "类  型" not in article(sample, "member_spotlight").body
    assert article(sample, "member_spotlight").body == first.intro


def test_attribution_at_a_paragraphs_end_with_ascii_punctuation_becomes_the_source(made_up: ParsedBulletin) -> None:
    second = article(made_up, "industry_news", 1)
    assert (second.title, second.body, second.source) == ("第二条", "正文。", "张三")


def test_made_up_spotlight_normalises_its_website(made_up: ParsedBulletin) -> None:
    entry = article(made_up, "member_spotlight").spotlight
    assert (entry.name, entry.tier, entry.website, entry.intro) == (
        "示例科技", "member", "http://www.example.com/About", "示例科技成立于2010 年。")


@pytest.mark.parametrize(("label", "tier"), [
    ("副会长单位", "vice_president"), ("会长单位", "president"), ("理事单位", "council"),
    ("监事单位", "supervisor"), ("会员单位", "member"), ("合作伙伴", None),
])
def test_spotlight_tier_codes(label: str, tier: str | None) -> None:
    text = pdf_like("一、会员风采 ", "◆ 某公司 ", f"类  型：本会{label} ", "简  介：一家公司。 ")
    assert article(parse_bulletin(text), "member_spotlight").spotlight.tier == tier
