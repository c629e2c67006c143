"""Properties: any text parses into a bulletin, and however extraction broke its lines, no text is lost."""
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.bulletins.parsing import ParsedBulletin, parse_bulletin

HEADINGS = ["数据月报", "行业资讯", "最新政策", "会员风采", "协会动态"]
NUMERALS = "一二三四五"
# Words without the glyphs the parser treats as structure (bullets, numbering, brackets of sources).
WORDS = st.sampled_from(["数字", "贸易", "服务", "外包", "大连", "企业", "增长", "合同", "data", "cloud",
                         "RCEP", "2022", "15.6", "万美元", "https://example.org/a", "发展", "平台"])
PARAGRAPH = st.lists(WORDS, min_size=3, max_size=25).map(lambda words: "".join(words) + "。")


def extracted(paragraph: str, cuts: list[int]) -> list[str]:
    """Break a paragraph into lines the way PDF extraction does: last line with a trailing space.

    Lines are at least 8 characters, as on a printed page; anywhere else, even mid-word or mid-number.
    """
    points, last = [], 0
    for cut in sorted({c % len(paragraph) for c in cuts}):
        if cut - last >= 8 and len(paragraph) - cut >= 1:
            points.append(cut)
            last = cut
    pieces = [paragraph[a:b] for a, b in zip([0, *points], [*points, len(paragraph)])]
    return [*pieces[:-1], pieces[-1] + " "]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@settings(max_examples=60, deadline=None, database=None)
@given(st.lists(st.tuples(st.lists(PARAGRAPH, min_size=1, max_size=3),
                          st.lists(st.integers(1, 400), max_size=4)), min_size=1, max_size=5),
       st.booleans())
def test_parser_keeps_every_paragraph_whatever_the_line_breaks(sections, page_number_inside):
    lines, expected = [], []
    for index, (paragraphs, cuts) in enumerate(sections):
        lines += [f"{NUMERALS[index]}、{HEADINGS[index]} ", ""]
        for paragraph in paragraphs:
            broken = extracted(paragraph, cuts)
            for number, line in enumerate(broken):
                if page_number_inside and number == 1:
                    lines += ["", "", "7 ", ""]  # a page ends mid-paragraph, as in the sample
                lines += [line, ""]
            expected.append(paragraph)
    bulletin = parse_bulletin("\n".join(lines))
    output = squeeze("".join(a.title + a.body for s in bulletin.sections for a in s.articles))
    assert [s.title for s in bulletin.sections] == HEADINGS[:len(sections)]
    for paragraph in expected:
        assert squeeze(paragraph) in output


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
