"""Lines as extraction leaves them: page numbers dropped, paragraphs found, breaks rejoined."""
from __future__ import annotations

import re

from portal.bulletins.parsing import ParsedBulletin, parse_bulletin
from tests.bulletins.parsing.conftest import article, pdf_like


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


def test_made_up_issue_rejoins_mid_url_and_mid_number_breaks_and_drops_the_page_number(made_up: ParsedBulletin) -> None:
    news = article(made_up, "industry_news")
    assert news.title == "新规发布"
    assert news.body == "新规详见 https://www.example.gov.cn/news/2023 ，自2023 年 4 月起施行，涉及金额 12345678 万元。"
    assert news.source == "新华社"


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
