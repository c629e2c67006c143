"""Demo events: the two meetings of the July 2022 bulletin, two upcoming ones, synthetic ones for scale."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, insert

from portal.database import utcnow
from portal.events.models import Event
from portal.events.services import create_event
from portal.events.states import EventAudience, EventStatus
from portal.events.timezone import from_local, local
from portal.extensions import db
from portal.richtext import clean_html

#: From 五、协会动态 of the sample bulletin (《数字贸易月报》2022 年 7 月). Both were afternoon meetings;
#: the bulletin gives no hours, so 14:00–17:00 stands for "下午".
BULLETIN_MEETINGS = [
    {
        "title": "全市服务贸易和服务外包工作会议",
        "organiser": "大连市商务局",
        "venue": "大连市商务局",
        "starts": datetime(2022, 6, 30, 14, 0), "hours": 3, "audience": EventAudience.MEMBERS, "capacity": None,
        "description": (
            "市商务局召开全市服务贸易和服务外包工作会议，通报全市服务贸易和服务外包基本情况，介绍服务外包与服务贸易"
            "统计制度、服务贸易与文化贸易相关支持政策、服务贸易国家级专业展会等有关工作。\n\n"
            "市商务局刘国志副局长、对外服务贸易处全体人员及 12 个区市县、先导区商务部门分管负责同志参加会议，"
            "数字贸易协会秘书长倪苏方参加会议并发言。"),
    },
    {
        "title": "大连市数字贸易协会第二届第四次会员大会",
        "organiser": "",
        "venue": "大连软件园 8 号楼多功能厅",
        "starts": datetime(2022, 7, 8, 14, 0), "hours": 3, "audience": EventAudience.MEMBERS, "capacity": 100,
        "description": (
            "会议听取了协会秘书处 2021 年度工作总结及 2022 年度工作计划，信华信和必捷必公司分别做了业务分享，"
            "会议还进行了示范基地、企业、园区授牌和 2021 年度优秀企业表彰仪式。\n\n"
            "市商务局刘国志副局长、数字贸易协会高炜会长出席会议并致辞。市商务局对外服务贸易处全体人员、"
            "协会理事会和监事会领导及会员单位代表近百人出席会议。"),
    },
]
#: Upcoming demo events, placed relative to today so they stay upcoming.
UPCOMING = [
    {
        "title": "数字贸易政策解读与企业出海培训（示例）", "organiser": "", "venue": "大连软件园 8 号楼多功能厅",
        "address": "辽宁省大连市高新技术产业园区软件园路 8 号", "days_ahead": 21, "hour": 14, "hours": 2,
        "audience": EventAudience.PUBLIC, "capacity": 60,
        "description": "面向会员单位及有意开展数字贸易的企业，解读服务贸易与数字贸易支持政策，分享企业出海经验。",
    },
    {
        "title": "会员单位交流座谈会（示例）", "organiser": "", "venue": "大连软件园 8 号楼多功能厅",
        "address": "辽宁省大连市高新技术产业园区软件园路 8 号", "days_ahead": 45, "hour": 14, "hours": 3,
        "audience": EventAudience.MEMBERS, "capacity": 80,
        "description": "会员单位代表交流业务进展与合作需求，秘书处通报协会近期工作。",
    },
]
SYNTHETIC_PREFIX = "示例活动 #"


def _exists(title: str) -> bool:
    return db.session.scalar(db.select(Event.id).where(Event.title == title).limit(1)) is not None


def seed_events() -> int:
    """Add the demo events that are missing; return how many were added."""
    added = 0
    for meeting in BULLETIN_MEETINGS:
        if _exists(meeting["title"]):
            continue
        starts = from_local(meeting["starts"])
        create_event(None, publish=True, title=meeting["title"], organiser=meeting["organiser"],
                     venue=meeting["venue"], starts_at=starts, ends_at=starts + timedelta(hours=meeting["hours"]),
                     audience=meeting["audience"], capacity=meeting["capacity"],
                     description=meeting["description"])
        added += 1
    today = local(utcnow()).replace(tzinfo=None).date()
    for item in UPCOMING:
        if _exists(item["title"]):
            continue
        day = today + timedelta(days=item["days_ahead"])
        starts = from_local(datetime(day.year, day.month, day.day, item["hour"]))
        create_event(None, publish=True, title=item["title"], organiser=item["organiser"], venue=item["venue"],
                     address=item["address"], starts_at=starts, ends_at=starts + timedelta(hours=item["hours"]),
                     audience=item["audience"], capacity=item["capacity"], description=item["description"])
        added += 1
    return added


def add_synthetic_events(count: int) -> int:
    """Insert `count` synthetic events (half past, half upcoming) in one statement; number them on."""
    have = db.session.scalar(db.select(func.count()).select_from(Event)
                             .where(Event.title.like(f"{SYNTHETIC_PREFIX}%")))
    now = utcnow()
    rows = []
    for number in range(have + 1, have + count + 1):
        starts = now + timedelta(days=(number * 7) % 730 - 365, hours=number % 8)
        rows.append({
            "title": f"{SYNTHETIC_PREFIX}{number}", "description": clean_html("示例活动，用于性能测试。"),
            "organiser": "", "starts_at": starts, "ends_at": starts + timedelta(hours=2),
            "venue": "大连软件园", "address": "", "capacity": 50 + number % 100, "seats_taken": 0,
            "waitlist_length": 0, "audience": EventAudience.PUBLIC if number % 3 else EventAudience.MEMBERS,
            "status": EventStatus.PUBLISHED,
            "requires_approval": False, "created_at": now, "updated_at": now,
        })
    if rows:
        db.session.execute(insert(Event), rows)
    return len(rows)
