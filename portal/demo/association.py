"""The demo association and one account per role."""
from __future__ import annotations

from portal.auth import services as accounts
from portal.extensions import db
from portal.home.models import Association, current_association
from portal.permissions import Role

ASSOCIATION = {
    "name": "大连市数字贸易协会",
    "name_en": "Dalian Digital Trade Association",
    "intro": (
        "大连市数字贸易协会由从事软件和信息技术服务、服务外包、跨境电商、数字内容等数字贸易业务的企业"
        "自愿组成，为会员搭建交流合作、政策对接和市场拓展的平台，每月编发《数字贸易月报》。"
    ),
    "intro_en": (
        "The Dalian Digital Trade Association brings together firms in software and IT services, "
        "outsourcing, cross-border e-commerce and digital content. It connects its members with "
        "each other, with policy makers and with new markets, and publishes a monthly bulletin."
    ),
    "address": "辽宁省大连市高新技术产业园区软件园路 8 号",
    "address_en": "8 Software Park Road, Hi-tech Industrial Zone, Dalian, Liaoning",
    "phone": "0411-8000 0000",
    "email": "office@dl-dta.example.org",
}

#: Demo accounts: fictional addresses on the reserved example.org domain.
DEMO_ACCOUNTS = [
    ("admin@example.org", Role.ADMIN, "演示管理员"),
    ("staff@example.org", Role.STAFF, "演示工作人员"),
    ("member@example.org", Role.MEMBER, "演示会员代表"),
    ("visitor@example.org", Role.VISITOR, "演示访客"),
]
DEMO_PASSWORD = "demo-password"


def seed_association() -> Association:
    association = current_association()
    if association is None:
        association = Association(**ASSOCIATION)
        db.session.add(association)
        db.session.flush()
    return association


def seed_accounts(with_password: bool, member_firm) -> list[tuple[str, str, bool]]:
    """Create the missing demo accounts; return (email, role, created) for each."""
    # A known password is only acceptable on a developer's own machine.
    password = DEMO_PASSWORD if with_password else None
    rows = []
    for email, role, name in DEMO_ACCOUNTS:
        created = accounts.find_user(email) is None
        if created:
            firm = member_firm if role == Role.MEMBER else None
            accounts.create_user(email, role, password=password, name=name, firm=firm)
        rows.append((email, role.value, created))
    return rows
