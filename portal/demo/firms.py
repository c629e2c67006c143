"""Demo firms: the two of the sample bulletin's member spotlight, and clearly fictional others."""
from __future__ import annotations

from datetime import date
from importlib.resources import files

from portal.bulletins.parsing import parse_bulletin
from portal.extensions import db
from portal.members import services
from portal.members.models import Firm
from portal.members.states import Visibility
from portal.members.tiers import Tier

SAMPLE = files("portal.demo") / "data" / "bulletin-2022-07.txt"

#: What the bulletin does not say about its spotlight firms.
SPOTLIGHT_EXTRAS = {
    "中电文思海辉": {"slug": "pactera", "name_en": "Pactera", "industries": ["software", "ito", "consulting"],
                 "summary": "全球 IT 服务企业，提供数字化咨询、体验交互、技术实施与运营服务"},
    "国际商业机器全球服务（大连）有限公司": {
        "slug": "ibm-dalian", "name_en": "IBM Global Services (Dalian) Co., Ltd.",
        "industries": ["software", "ito", "bpo"], "summary": "IBM 在亚洲的应用软件开发与业务流程外包战略中心"},
}

#: Fictional firms, marked 示例 (demo) in their names, one or more in every tier.
FICTIONAL = [
    ("binhai-digital", "大连滨海数字科技集团（示例）", "Binhai Digital Technology Group (Demo)", "president",
     ["software", "ito"], "中山区", "为政府与企业提供数字化转型整体解决方案。"),
    ("laohutan-ecommerce", "大连老虎滩跨境电商有限公司（示例）", "Laohutan Cross-border E-commerce (Demo)", "council",
     ["ecommerce", "logistics"], "西岗区", "面向日韩市场的跨境电商运营与海外仓服务。"),
    ("jinshitan-finance", "大连金石滩财务外包服务有限公司（示例）", "Jinshitan Finance Outsourcing (Demo)", "supervisor",
     ["bpo", "finance"], "金州区", "为跨国企业提供财务、会计与人力资源流程外包。"),
    ("xinghai-cloud", "大连星海云数据科技有限公司（示例）", "Xinghai Cloud Data (Demo)", "member",
     ["software", "kpo"], "沙河口区", "数据标注、数据分析与云上运维服务。"),
    ("lvshun-logistics", "大连旅顺口物流信息服务有限公司（示例）", "Lushunkou Logistics Information (Demo)", "member",
     ["logistics", "software"], "旅顺口区", "港口物流信息系统与供应链可视化平台。"),
    ("ruanjianyuan-knowledge", "大连软件园知识服务有限公司（示例）", "Software Park Knowledge Services (Demo)", "member",
     ["kpo", "education", "digital_content"], "甘井子区", "工程设计外包、动漫制作与 IT 职业培训。"),
]
DEMO_MEMBER_FIRM = "xinghai-cloud"


def spotlight_firms() -> list[dict]:
    """Read the member spotlight of the sample bulletin with the real parser."""
    bulletin = parse_bulletin(SAMPLE.read_text(encoding="utf-8"), period=(2022, 7))
    firms = []
    for section in bulletin.sections:
        for article in section.articles:
            entry = article.spotlight
            if entry is None or entry.name not in SPOTLIGHT_EXTRAS:
                continue
            firms.append({"name": entry.name, "tier": entry.tier or Tier.MEMBER, "website": entry.website or "",
                          "intro": entry.intro, **SPOTLIGHT_EXTRAS[entry.name]})
    return firms


def seed_firms() -> Firm:
    """Create the demo firms that are missing; return the firm the demo member represents."""
    for spec in spotlight_firms():
        if services.get_firm(spec["slug"]) is None:
            services.create_firm(None, member_since=date(2019, 1, 1), **spec)
    for slug, name, name_en, tier, industries, district, intro in FICTIONAL:
        if services.get_firm(slug) is None:
            services.create_firm(
                None, slug, name, tier, name_en=name_en, industries=industries, district=district,
                intro=intro, summary=intro.rstrip("。"), website=f"https://{slug}.example.org",
                address=f"大连市{district}示例路 1 号", public_contact="0411-0000 0000",
                private_contact="示例联系人 138-0000-0000", member_since=date(2021, 7, 8),
                # Shown to the other members only, so the demo shows what each audience sees.
                telephone="0411-0000 0001", telephone_visibility=Visibility.MEMBERS,
                contact_email=f"office@{slug}.example.org", contact_email_visibility=Visibility.MEMBERS)
    db.session.flush()
    return services.get_firm(DEMO_MEMBER_FIRM)
