"""Behaviour of the bulletin parser on the real July 2022 issue and on made-up issues."""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.bulletins.parsing import ParsedBulletin, parse_bulletin

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "bulletin-2022-07.txt"


@pytest.fixture(scope="module")
def sample() -> ParsedBulletin:
    """Parse the real bulletin, with the period the importer is given (--period 2022-07)."""
    return parse_bulletin(SAMPLE.read_text(encoding="utf-8"), period=(2022, 7))


def pdf_like(*lines: str) -> str:
    """Lay lines out as the sample does: a blank line after each one."""
    return "\n\n".join(lines) + "\n"


def article(bulletin: ParsedBulletin, kind: str, index: int = 0):
    """Return the index-th article of the first section of a kind."""
    return next(s for s in bulletin.sections if s.kind == kind).articles[index]


# --- the real July 2022 issue ------------------------------------------------------------

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


def test_sample_line_broken_before_a_number_is_rejoined_without_a_space(sample: ParsedBulletin) -> None:
    body = article(sample, "data_report").body
    # "…今年" / "1--5 月份…（包含在岸）405832.99" / "万美元，…"
    assert body.startswith(
        "根据商务部服务外包统一平台公布的最新数据显示，今年1--5 月份大连市服务外包合同"
        "签约额（包含在岸）405832.99万美元，同比增长 238.15 %；执行额 102670.76 万美元，"
        "同比增长 2.1%。\n\n从国际市场看，"
    )
    assert "1--5 月 RCEP 国家接包合同签约145607.7 万美元" in body  # "…签约" / "145607.7 万美元"
    # A continuation line that pdfminer glued to the previous one with a leading space.
    assert "分别为 161801.34万美元、29030.10万美元、20637.23万美元" in body


def test_sample_paragraph_runs_on_across_the_page_number(sample: ParsedBulletin) -> None:
    body = article(sample, "industry_news", 0).body
    assert "国家安全利益得到有效维护，知识产权制度促进科技创新" in body  # "得" / "3" / "到有效维护"
    assert body.split("\n\n")[-1].endswith("示范有效期为 3 年。")


def test_sample_bodies_keep_no_page_numbers_attributions_or_extraction_breaks(sample: ParsedBulletin) -> None:
    for section in sample.sections:
        for art in section.articles:
            assert art.body == art.body.strip()
            assert "\n\n\n" not in art.body
            paragraphs = art.body.split("\n\n")
            assert all(p and "\n" not in p and p == p.strip() for p in paragraphs)
            assert not any(re.fullmatch(r"[0-9]{1,3}", p) for p in paragraphs)
            assert "来源：" not in art.body and "作者：" not in art.body
            assert "\uf06c" not in art.body


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


def test_sample_association_news_items_become_dated_events(sample: ParsedBulletin) -> None:
    first, second = next(s for s in sample.sections if s.kind == "association_news").articles
    assert first.title == "市商务局召开全市服务贸易和服务外包工作会议"
    assert first.body.startswith("6 月 30 日下午，市商务局")
    assert [(e.date, e.place) for e in first.events] == [(dt.date(2022, 6, 30), None)]
    assert second.title == "大连市数字贸易协会第二届第四次会员大会在大连软件园 8 号楼多功能厅举行"
    assert [(e.date, e.place) for e in second.events] == [(dt.date(2022, 7, 8), "大连软件园 8 号楼多功能厅")]
    assert second.events[0].text.startswith("7 月 8 日下午，大连市数字贸易协会")


def test_sample_states_no_period_so_undated_years_stay_unknown() -> None:
    bulletin = parse_bulletin(SAMPLE.read_text(encoding="utf-8"))
    assert (bulletin.title, bulletin.period, bulletin.issue_number) == (None, None, None)
    news = next(s for s in bulletin.sections if s.kind == "association_news")
    assert [e.date for a in news.articles for e in a.events] == [None, None]


# --- made-up issues: the rules, not the sample's words -----------------------------------

MADE_UP = pdf_like(
    "大连市数字贸易协会会刊 ",
    "2023年第3期（2023年3月） ",
    "一、卷首语 ",
    "春回大地。 ",
    "二、会员风采 ",
    "■ 示例科技 ",
    "类 型：大连市数字贸易协会会员单位 ",
    "网址:WWW.Example.COM/About。 ",
    "简介：示例科技成立于",
    "2010 年。 ",
    "三、行业资讯 ",
    "● 新规发布 ",
    "新规详见 https://www.exam",
    "ple.gov.cn/news/2023 ，自",
    "7 ",
    "2023 年 4 月起施行，涉及金额 1234",
    "5678 万元。 ",
    "(来源:新华社) ",
    "● 第二条 ",
    "正文。(作者: 张三) ",
    "四、协会动态 ",
    "1、3月15日上午，协会在创业大厦 5 楼会议室召开理事会。 ",
    "2、近日，协会走访会员企业。地点：高新园区 ",
    "3、2022年12月28日，举办年会。 ",
    "小贴士 ",
    "数据出境要评估。 ",
)


@pytest.fixture(scope="module")
def made_up() -> ParsedBulletin:
    """Parse the made-up issue."""
    return parse_bulletin(MADE_UP)


def test_made_up_issue_reads_title_period_and_issue_from_its_first_lines(made_up: ParsedBulletin) -> None:
    assert (made_up.title, made_up.period, made_up.issue_number) == ("大连市数字贸易协会会刊", (2023, 3), "3")


def test_made_up_issue_sections_follow_its_own_order_and_unknown_headings_are_other(made_up: ParsedBulletin) -> None:
    assert [s.kind for s in made_up.sections] == [
        "other", "member_spotlight", "industry_news", "association_news", "knowledge_tips"]
    assert [len(s.articles) for s in made_up.sections] == [1, 1, 2, 3, 1]


def test_made_up_issue_rejoins_mid_url_and_mid_number_breaks_and_drops_the_page_number(made_up: ParsedBulletin) -> None:
    news = article(made_up, "industry_news")
    assert news.title == "新规发布"
    assert news.body == "新规详见 https://www.example.gov.cn/news/2023 ，自2023 年 4 月起施行，涉及金额 12345678 万元。"
    assert news.source == "新华社"


def test_attribution_at_a_paragraphs_end_with_ascii_punctuation_becomes_the_source(made_up: ParsedBulletin) -> None:
    second = article(made_up, "industry_news", 1)
    assert (second.title, second.body, second.source) == ("第二条", "正文。", "张三")


def test_made_up_spotlight_normalises_its_website(made_up: ParsedBulletin) -> None:
    entry = article(made_up, "member_spotlight").spotlight
    assert (entry.name, entry.tier, entry.website, entry.intro) == (
        "示例科技", "member", "http://www.example.com/About", "示例科技成立于2010 年。")


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


@pytest.mark.parametrize(("label", "tier"), [
    ("副会长单位", "vice_president"), ("会长单位", "president"), ("理事单位", "council"),
    ("监事单位", "supervisor"), ("会员单位", "member"), ("合作伙伴", None),
])
def test_spotlight_tier_codes(label: str, tier: str | None) -> None:
    text = pdf_like("一、会员风采 ", "◆ 某公司 ", f"类  型：本会{label} ", "简  介：一家公司。 ")
    assert article(parse_bulletin(text), "member_spotlight").spotlight.tier == tier


def test_latin_words_broken_at_a_space_keep_it() -> None:
    text = pdf_like("一、行业资讯 ", "● 协定 ", "即 Digital Economy Partnership ", "Agreement 协定，于 2021",
                    " 年生效。 ")
    body = article(parse_bulletin(text), "industry_news").body
    assert body == "即 Digital Economy Partnership Agreement 协定，于 2021年生效。"


def test_blank_lines_separate_paragraphs_when_lines_are_not_double_spaced() -> None:
    text = "十一、行业资讯\n● 标题\n第一段第一行\n第一段第二行。\n\n第二段。\n12\n十二、其他\n正文\n"
    bulletin = parse_bulletin(text)
    assert [(s.kind, s.title) for s in bulletin.sections] == [("industry_news", "行业资讯"), ("other", "其他")]
    assert bulletin.sections[0].articles[0].body == "第一段第一行第一段第二行。\n\n第二段。"


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


@pytest.mark.parametrize("text", [
    "", " \n\n \x0c", "3", "●", "一、", "1、", "（来源：）", "类型：", "\uf06c\n\n一、协会动态\n1、",
    "一、会员风采\n● X\n网址：http://[",
])
def test_degenerate_inputs_parse_without_error(text: str) -> None:
    assert isinstance(parse_bulletin(text), ParsedBulletin)


_PIECES = st.sampled_from([
    "一、", "十二、", "协会动态", "会员风采", "行业资讯", "知识小贴士", "●", "\uf06c", "1、", "2、", "（来源：",
    "(作者:", "）", ")", "类  型：", "网  址：", "简  介：", "副会长单位", "www.", "http://[", "年", "月", "日",
    "在", "召开", "会议室", "2022", "13", "0", "99", "。", "，", ":", " ", "\n", "\n\n", "\x0c", "\u3000", "A", "z",
])


@settings(max_examples=300, deadline=None, database=None)
@given(st.text() | st.lists(_PIECES | st.text(max_size=3)).map("".join))
def test_any_text_parses_into_a_bulletin(text: str) -> None:
    bulletin = parse_bulletin(text)
    assert isinstance(bulletin, ParsedBulletin)
    for section in bulletin.sections:
        assert section.articles
        for art in section.articles:
            assert art.title and art.body == art.body.strip() and "\n\n\n" not in art.body


# --- PDF in, sections out -----------------------------------------------------------------

def test_pdf_text_extraction_feeds_the_parser() -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from portal.bulletins.pdftext import extract_text

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("STSong-Light", 12)
    lines = ["2023年3月 会员通讯", "一、协会动态", "1、3月15日上午，协会在创业大厦 5 楼会议室召开理事会。会议审议",
             "了年度计划。", "二、行业资讯", "● 新规发布", "新规详见 https://www.exa", "mple.gov.cn/news。",
             "（来源：新华社）"]
    for number, line in enumerate(lines):
        pdf.drawString(60, 800 - 30 * number, line)
    pdf.drawString(300, 40, "1")
    pdf.showPage()
    pdf.save()

    bulletin = parse_bulletin(extract_text(io.BytesIO(buffer.getvalue())))
    assert (bulletin.title, bulletin.period) == ("会员通讯", (2023, 3))
    assert [s.kind for s in bulletin.sections] == ["association_news", "industry_news"]
    meeting, news = bulletin.sections[0].articles[0], bulletin.sections[1].articles[0]
    assert meeting.body == "3月15日上午，协会在创业大厦 5 楼会议室召开理事会。会议审议了年度计划。"
    assert [(e.date, e.place) for e in meeting.events] == [(dt.date(2023, 3, 15), "创业大厦 5 楼会议室")]
    assert (news.title, news.body, news.source) == ("新规发布", "新规详见 https://www.example.gov.cn/news。", "新华社")
