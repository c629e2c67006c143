"""A PDF's text, extracted, feeds the parser."""
from __future__ import annotations

import datetime as dt
import io

import pytest

from portal.bulletins.parsing import parse_bulletin


def test_pdf_text_extraction_feeds_the_parser() -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from portal.bulletins.parsing.extraction import extract_text

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


@pytest.mark.parametrize("place", ["footer", "header"])
def test_a_page_number_at_a_page_turn_inside_a_paragraph_is_not_joined_into_the_sentence(place: str) -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from portal.bulletins.parsing.extraction import extract_text

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pages = [["一、行业资讯", "● 人才新政", "新政提出，", "各地"], ["要加强人才培养。", "（来源：新华社）"]]
    for number, lines in enumerate(pages, 1):
        pdf.setFont("STSong-Light", 12)
        for row, line in enumerate(lines):
            pdf.drawString(60, 780 - 24 * row, line)
        pdf.drawCentredString(300, 40 if place == "footer" else 815, str(number))
        pdf.showPage()
    pdf.save()

    [news] = parse_bulletin(extract_text(io.BytesIO(buffer.getvalue()))).sections[0].articles
    assert (news.title, news.body, news.source) == ("人才新政", "新政提出，各地要加强人才培养。", "新华社")
