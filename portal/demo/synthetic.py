"""Synthetic firms for benchmarks: plausible Chinese and English profiles, inserted in bulk."""
from __future__ import annotations

import random
from functools import lru_cache

from pypinyin import lazy_pinyin
from sqlalchemy import func

from portal import bulk
from portal.database import utcnow
from portal.extensions import db
from portal.members.models import Firm, FirmIndustry
from portal.members.services import firm_tags
from portal.members.states import FirmStatus
from portal.members import industries as industry_list
from portal.members import tiers
from portal.members.tiers import Tier
from portal.richtext import clean_html, plain_text
from portal.search import Document
from portal.search import bulk as search_bulk

PLACES = ["大连", "沈阳", "长春", "青岛", "天津", "厦门", "重庆", "成都", "苏州", "杭州"]
WORDS = ["星海", "金石", "滨海", "云端", "智汇", "海辉", "东软", "华信", "远航", "盛世", "融通", "新锐",
         "博创", "联合", "信诚", "天成", "鼎力", "恒通", "卓越", "未来", "银河", "蓝海", "长城", "腾达"]
TRADES = ["软件", "信息技术", "数据科技", "网络科技", "外包服务", "跨境电商", "物流信息", "数字内容",
          "咨询", "金融科技", "人力资源服务", "动漫制作"]
EN_WORDS = ["Star", "Ocean", "Cloud", "Bright", "Harbor", "Summit", "Unity", "Pioneer", "Golden", "Blue"]
EN_TRADES = ["Software", "Information Technology", "Data", "Networks", "Outsourcing", "E-commerce",
             "Logistics", "Digital Content", "Consulting", "Fintech", "HR Services", "Animation"]
SENTENCES = [
    "公司成立以来专注于为日韩及欧美客户提供应用软件开发和系统集成服务。",
    "我们拥有一支经验丰富的工程师团队，持有多项软件著作权和专利。",
    "主要业务包括信息技术外包（ITO）、业务流程外包（BPO）和知识流程外包（KPO）。",
    "公司通过了 CMMI 5 级认证和 ISO 27001 信息安全管理体系认证。",
    "积极参与大连市数字贸易发展，服务对象覆盖金融、制造、医疗和物流等行业。",
    "We deliver cloud migration, data analytics and blockchain solutions to clients in Japan and Korea.",
    "Our delivery centre in Dalian Software Park serves global Fortune 500 customers.",
    "公司致力于成为东北亚地区领先的数字化服务提供商。",
    "在跨境电商、海外仓和供应链管理方面积累了丰富经验。",
    "The company offers machine learning, mobile apps and enterprise resource planning services.",
]
#: Firms made at a time: each batch's industries are drawn after its firms, so the data for a
#: given seed is the same as when batches were committed one by one.
BATCH = 2000


@lru_cache(maxsize=4096)
def _pinyin(text: str) -> tuple[str, ...]:
    # A few thousand distinct names among 100,000 firms; pinyin is the slowest step of making them.
    return tuple(lazy_pinyin(text))


def synthetic_firm(number: int, rng: random.Random) -> dict:
    place, word, trade = rng.choice(PLACES), rng.choice(WORDS), rng.choice(TRADES)
    name = f"{place}{word}{trade}有限公司"
    trade_en = EN_TRADES[TRADES.index(trade)]
    intro = "".join(rng.sample(SENTENCES, k=rng.randint(4, 8)))
    now = utcnow()
    return {
        "slug": f"synthetic-{number}", "name": name,
        "name_en": f"{''.join(_pinyin(place)).title()} {rng.choice(EN_WORDS)} {trade_en} Co., Ltd.",
        "tier": rng.choices(Tier.values(), weights=[1, 3, 10, 3, 83])[0], "status": FirmStatus.ACTIVE,
        "website": f"https://synthetic-{number}.example.org", "summary": intro[:60],
        "intro": clean_html(intro), "district": "", "address": "", "staff_size": "",
        "public_contact": "", "private_contact": "", "sort_key": " ".join(_pinyin(name)),
        "created_at": now, "updated_at": now,
    }


def add_synthetic_firms(count: int, seed: int = 2022) -> int:
    """Insert `count` synthetic firms with their industries and search entries; return how many.

    One transaction (the caller's unit of work): the firms' secondary indexes and the search
    index are built once after the rows, and a load that stops leaves nothing half done (the
    next run starts again after the synthetic firms already there).
    """
    rng = random.Random(seed)
    start = db.session.scalar(db.select(func.count()).select_from(Firm).where(Firm.slug.like("synthetic-%")))
    industries = [entry.code for entry in industry_list.active()]
    with bulk.indexes_built_after(Firm.__table__, FirmIndustry.__table__), search_bulk.loading():
        documents = []
        for offset in range(0, count, BATCH):
            rows = [synthetic_firm(start + offset + i, rng) for i in range(min(BATCH, count - offset))]
            documents.extend(_insert_batch(rows, rng, industries))
        # All in one load, not a batch at a time: PostgreSQL stores each document with its
        # tsvectors while the next one's terms are made, rather than after them.
        search_bulk.add_new("firm", documents)
    return count


def _insert_batch(rows: list[dict], rng: random.Random, industries: list[str]) -> list[Document]:
    """Insert a batch of firms with their industries; return their search documents, to be added."""
    ids = bulk.next_ids(Firm.__table__, len(rows))
    for firm_id, row in zip(ids, rows):
        row["id"], row["tier_rank"] = firm_id, tiers.rank(row["tier"])
    bulk.insert_rows(Firm.__table__, rows)
    chosen = {firm_id: rng.sample(industries, k=rng.randint(1, 3)) for firm_id in ids}
    bulk.insert_rows(FirmIndustry.__table__, [
        {"firm_id": firm_id, "industry": code} for firm_id in ids for code in chosen[firm_id]])
    return [Document(firm_id, [row["name"], row["name_en"]], [row["summary"], plain_text(row["intro"])],
                     [row["name"]], rank=row["tier_rank"], order_key=row["sort_key"],
                     tags=firm_tags(row["tier"], chosen[firm_id]))
            for firm_id, row in zip(ids, rows)]
