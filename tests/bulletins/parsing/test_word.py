"""A Word file's paragraphs, styles, numbering and tables read into sections and articles."""
from __future__ import annotations

import pytest

from portal.bulletins.parsing import ParsedBulletin, parse_bulletin, parse_lines
from tests.bulletins.conftest import SAMPLE
from tests.bulletins.parsing.conftest import article
from tests.bulletins.word_files import add_table, bold, docx, sample_as_word, saved


def parsed(data: bytes, period=None) -> ParsedBulletin:
    from portal.bulletins.parsing.word import word_lines

    return parse_lines(word_lines(data, 10_000), period=period)


def outline(bulletin: ParsedBulletin) -> list:
    return [(s.kind, s.title, [(a.title, a.source, a.body, a.spotlight) for a in s.articles])
            for s in bulletin.sections]


def test_the_sample_written_in_word_reads_as_its_text_does() -> None:
    word = parsed(sample_as_word(), period=(2022, 7))
    assert outline(word) == outline(parse_bulletin(SAMPLE.read_text(encoding="utf-8"), period=(2022, 7)))
    assert [s.kind for s in word.sections] == ["data_report", "industry_news", "policy", "member_spotlight",
                                               "association_news", "knowledge_tips"]
    news = article(word, "industry_news")
    assert (news.title, news.source) == ("中国到 2025 年将建成 20 个左右国家知识产权保护示范区", "国家知识产权局")
    assert "国家安全利益得到有效维护，知识产权制度促进科技创新" in news.body
    assert all("\n" not in p and p for p in news.body.split("\n\n")) and news.body.count("\n\n") == 3
    assert article(word, "policy", 2).source == "经济日报"
    pactera, ibm = (article(word, "member_spotlight", i).spotlight for i in (0, 1))
    assert (pactera.name, pactera.tier, pactera.website) == ("中电文思海辉", "vice_president", "https://www.pactera.com")
    assert (ibm.tier, ibm.website) == ("council", "http://www.ibm.com")


def test_heading_styles_make_the_sections_and_the_article_titles() -> None:
    document = docx.Document()
    document.add_paragraph("大连市数字贸易协会会刊", style="Title")
    document.add_paragraph("2023年第3期")
    document.add_heading("行业资讯", 1)
    document.add_heading("人才新政发布", 2)
    document.add_paragraph("新政提出，各地要加强人才培养。")
    document.add_paragraph("措施共十条。")
    document.add_paragraph("（来源：新华社）")
    document.add_heading("数据出境新规", 2)
    document.add_paragraph("规定自 4 月起施行。")
    document.add_paragraph("来源：中国政府网")
    document.add_heading("会员风采", 1)
    document.add_heading("示例科技有限公司", 2)
    document.add_paragraph("类  型：大连市数字贸易协会会员单位")
    document.add_paragraph("网址:WWW.Example.COM")
    document.add_paragraph("简介：一家示例企业。")
    bulletin = parsed(saved(document))
    assert (bulletin.title, bulletin.period, bulletin.issue_number) == ("大连市数字贸易协会会刊", (2023, 3), "3")
    assert outline(bulletin)[0] == ("industry_news", "行业资讯", [
        ("人才新政发布", "新华社", "新政提出，各地要加强人才培养。\n\n措施共十条。", None),
        ("数据出境新规", "中国政府网", "规定自 4 月起施行。", None)])
    spotlight = article(bulletin, "member_spotlight")
    assert (spotlight.title, spotlight.body) == ("示例科技有限公司", "一家示例企业。")
    assert (spotlight.spotlight.tier, spotlight.spotlight.website) == ("member", "http://www.example.com")


def test_numbered_paragraphs_make_sections_and_bold_lines_make_titles() -> None:
    document = docx.Document()
    document.add_paragraph("一、行业资讯")
    bold(document, "中国数字经济规模超 45 万亿元")
    document.add_paragraph("近年来，我国数字经济蓬勃发展。")
    document.add_paragraph("产业规模持续快速增长。")
    document.add_paragraph("（作者：张三）")
    bold(document, "服务贸易再创新高")
    emphasis = document.add_paragraph("上半年")
    emphasis.add_run("同比增长 12%。").bold = True  # bold in part is emphasis, not a title
    bold(document, "这是一句加粗的提醒。")  # a bold sentence is no title either
    document.add_paragraph("二、协会动态")
    document.add_paragraph("3月15日上午，协会在创业大厦 5 楼会议室召开理事会。", style="List Number")
    document.add_paragraph("3月20日，协会走访会员企业。", style="List Number")
    bulletin = parsed(saved(document), period=(2023, 3))
    [first, second] = bulletin.sections[0].articles
    assert (first.title, first.source, first.body) == (
        "中国数字经济规模超 45 万亿元", "张三", "近年来，我国数字经济蓬勃发展。\n\n产业规模持续快速增长。")
    assert (second.title, second.body) == ("服务贸易再创新高", "上半年同比增长 12%。\n\n这是一句加粗的提醒。")
    meeting, visit = bulletin.sections[1].articles  # Word's own numbering, 1. 2., opens the items
    assert meeting.body == "3月15日上午，协会在创业大厦 5 楼会议室召开理事会。"
    assert [(e.date.isoformat(), e.place) for e in meeting.events] == [("2023-03-15", "创业大厦 5 楼会议室")]
    assert visit.title == "协会走访会员企业"


def test_headings_numbered_by_word_in_chinese_make_sections() -> None:
    from docx.oxml.ns import qn

    document = docx.Document()
    # Word's own numbering, 一、二、, on the List Number style: the text holds no numeral.
    num_id = document.styles["List Number"].element.pPr.numPr.numId.val
    numbering = document.part.numbering_part.element
    abstract_id = next(n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == str(num_id)) \
        .find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.iter(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    level = abstract.find(qn("w:lvl"))
    level.find(qn("w:numFmt")).set(qn("w:val"), "chineseCounting")
    level.find(qn("w:lvlText")).set(qn("w:val"), "%1、")
    for heading, title in (("数据月报", None), ("行业资讯", "人才新政发布"), ("协会动态", None)):
        document.add_paragraph(heading, style="List Number")
        if title:
            bold(document, title)
        document.add_paragraph("正文。")
    bulletin = parsed(saved(document), period=(2023, 3))
    assert [(s.kind, s.title) for s in bulletin.sections] == [
        ("data_report", "数据月报"), ("industry_news", "行业资讯"), ("association_news", "协会动态")]
    assert article(bulletin, "industry_news").title == "人才新政发布"


def test_bullets_typed_or_from_word_lists_open_articles() -> None:
    document = docx.Document()
    document.add_paragraph("三、会员风采")
    document.add_paragraph("● 示例软件有限公司")
    document.add_paragraph("类 型：大连市数字贸易协会理事单位")
    document.add_paragraph("网  址：www.example.com")
    document.add_paragraph("简介:一家示例企业。")
    document.add_paragraph("另一家示例公司", style="List Bullet")
    document.add_paragraph("类型：副会长单位")
    document.add_paragraph("网址：https://other.example.cn")
    bulletin = parsed(saved(document), period=(2023, 3))
    [one, two] = bulletin.sections[0].articles
    assert (one.spotlight.name, one.spotlight.tier, one.spotlight.website, one.body) == (
        "示例软件有限公司", "council", "http://www.example.com", "一家示例企业。")
    assert (two.spotlight.name, two.spotlight.tier, two.spotlight.website) == (
        "另一家示例公司", "vice_president", "https://other.example.cn")


def test_a_table_stays_in_the_body_as_rows_of_text() -> None:
    document = docx.Document()
    document.add_heading("一、数据月报", 1)
    document.add_paragraph("1--5 月接包合同执行额前三的国家如下。")
    add_table(document, [("国家", "执行额（万美元）", "同比（%）"), ("日本", "25394", "-3.5"), ("欧盟", "21,283", "12")])
    document.add_paragraph("总体保持增长。")
    [report] = parsed(saved(document), period=(2022, 7)).sections[0].articles
    assert report.body == ("1--5 月接包合同执行额前三的国家如下。\n\n国家 | 执行额（万美元） | 同比（%）\n\n"
                           "日本 | 25394 | -3.5\n\n欧盟 | 21,283 | 12\n\n总体保持增长。")
    assert report.tables == [[("国家", "执行额（万美元）", "同比（%）"), ("日本", "25394", "-3.5"), ("欧盟", "21,283", "12")]]


def test_line_breaks_inside_a_word_paragraph_are_joined_like_a_pdfs() -> None:
    document = docx.Document()
    document.add_paragraph("二、行业资讯")
    document.add_paragraph("● 协定")
    paragraph = document.add_paragraph("即 Digital Economy")
    paragraph.add_run().add_break()
    paragraph.add_run("Partnership 协定，于 2021 年")
    paragraph.add_run().add_break()
    paragraph.add_run("生效。")
    [news] = parsed(saved(document)).sections[0].articles
    assert news.body == "即 Digital Economy Partnership 协定，于 2021 年生效。"


@pytest.mark.parametrize("count", [3, 4])
def test_a_document_past_the_paragraph_limit_is_refused(count: int) -> None:
    from portal.bulletins.parsing.word import TooManyParagraphs, word_lines

    document = docx.Document()
    for _ in range(count):
        document.add_paragraph("正文。")
    if count > 3:
        with pytest.raises(TooManyParagraphs):
            word_lines(saved(document), 3)
    else:
        assert len(word_lines(saved(document), 3)) == 3
