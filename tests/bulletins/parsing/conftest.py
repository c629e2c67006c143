"""Fixtures for the parser: the real July 2022 issue and a made-up issue, with helpers to read them."""
from __future__ import annotations

import pytest

from portal.bulletins.parsing import ParsedBulletin, parse_bulletin
from tests.bulletins.conftest import SAMPLE


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


# A made-up issue: the rules, not the sample's words.
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
