"""The migration that moves the tiers and industries into tables keeps every label, order and firm as it was."""
import importlib.util
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.pofile import read_po
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from tests.conftest import base_config

ROOT = Path(__file__).parents[2]
VERSIONS = ROOT / "portal" / "migrations" / "versions"
PO = ROOT / "portal" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"


def _revision():
    spec = importlib.util.spec_from_file_location("n0tiers", next(VERSIONS.glob("*_n0tiers_*.py")))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: The revision before this one, read from its file, so the test follows when the chain is reordered.
BEFORE = _revision().down_revision

FOUNDING_TIERS = [
    ("president", "会长单位", "President", 2_000_000),
    ("vice_president", "副会长单位", "Vice President", 1_000_000),
    ("council", "理事单位", "Council Member", 500_000),
    ("supervisor", "监事单位", "Supervisor", 300_000),
    ("member", "会员单位", "Member", 200_000),
]


@pytest.fixture(params=["sqlite", "postgresql"])
def migrating_app(request, tmp_path, smtp_server):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tiers.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_cluster").create_database("portal_tiers")
    app = create_app(base_config(url, smtp_server))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def rows(sql: str) -> list[tuple]:
    return [tuple(row) for row in db.session.execute(sa.text(sql))]


def insert_firm(slug: str, tier: str, rank: int) -> None:
    row = {"slug": slug, "name": slug, "name_en": "", "tier": tier, "tier_rank": rank, "sort_key": slug,
           "status": "active", "website": "", "summary": "", "intro": "", "district": "", "address": "",
           "staff_size": "", "public_contact": "", "private_contact": ""}
    db.session.execute(sa.text(f"INSERT INTO firms ({', '.join(row)}, created_at, updated_at)"
                               f" VALUES ({', '.join(':' + key for key in row)}, :now, :now)"),
                       {**row, "now": "2026-01-01 00:00:00+00:00"})


def test_the_founding_tiers_and_industries_keep_todays_labels_order_and_dues(app):
    with app.app_context():
        assert rows("SELECT code, label_zh, label_en, dues_fen FROM tiers ORDER BY position") == FOUNDING_TIERS
        assert rows("SELECT position FROM tiers ORDER BY position") == [(0,), (1,), (2,), (3,), (4,)]
        industries = rows("SELECT code, label_zh, label_en FROM industries WHERE retired_at IS NULL ORDER BY position")
    assert [code for code, *_ in industries] == ["software", "ito", "bpo", "kpo", "ecommerce", "finance", "logistics",
                                                "consulting", "digital_content", "education"]
    assert ("ito", "信息技术外包（ITO）", "IT outsourcing (ITO)") in industries


def test_the_dues_a_site_had_set_become_its_tiers_dues(tmp_path, smtp_server):
    app = create_app({**base_config(f"sqlite:///{tmp_path / 'dues.sqlite3'}", smtp_server),
                      "MEMBERSHIP_DUES_FEN": {"member": 150_000, "council": "bad", "supervisor": -1}})
    with app.app_context():
        upgrade()
        assert dict(rows("SELECT code, dues_fen FROM tiers")) == {
            "president": 2_000_000, "vice_president": 1_000_000, "council": 500_000, "supervisor": 300_000,
            "member": 150_000}
        db.session.remove()
        db.engine.dispose()


def test_the_chinese_labels_are_the_translations_the_interface_showed():
    translated = {message.id: message.string for message in read_po(PO.open("rb")) if message.id}
    for _code, label_zh, label_en, *_ in [*FOUNDING_TIERS, *_revision().INDUSTRIES]:
        assert translated[label_en] == label_zh, label_en


def test_firms_keep_their_tier_rank_and_industries_through_the_migration(migrating_app):
    from portal.members import industries, tiers

    with migrating_app.app_context():
        upgrade(revision=BEFORE)
        for rank, (code, *_rest) in enumerate(FOUNDING_TIERS):
            insert_firm(f"firm-{code}", code, rank)
        db.session.execute(sa.text("INSERT INTO firm_industries (firm_id, industry)"
                                   " SELECT id, 'software' FROM firms UNION ALL SELECT id, 'animation' FROM firms"))
        db.session.commit()
        db.session.remove()
        upgrade()
        assert rows("SELECT slug, tier, tier_rank FROM firms ORDER BY tier_rank") == [
            (f"firm-{code}", code, rank) for rank, (code, *_rest) in enumerate(FOUNDING_TIERS)]
        # A code no list had stays on its firms, as a retired industry staff can rename.
        assert rows("SELECT COUNT(*) FROM firm_industries WHERE industry = 'animation'") == [(5,)]
        assert rows("SELECT label_zh, retired_at IS NOT NULL FROM industries WHERE code = 'animation'") == [
            ("animation", True)]
        with migrating_app.test_request_context("/?lang=en"):
            assert tiers.codes() == [code for code, *_rest in FOUNDING_TIERS]
            assert tiers.label("council") == "Council Member" and industries.label("bpo").startswith("Business")
            assert industries.is_known("animation") and not industries.is_active("animation")


def test_downgrading_puts_the_firms_of_an_added_tier_into_the_founding_tier_below(migrating_app):
    from portal.members import catalogue_changes
    from portal.members.services import create_firm

    with migrating_app.test_request_context():
        upgrade()
        catalogue_changes.add_tier(None, "executive_vp", "常务副会长单位", "Executive Vice President", 0, "president")
        catalogue_changes.add_tier(None, "honorary", "名誉会员单位", "Honorary Member", 0, "member")
        create_firm(None, "exec", "常务示例", "executive_vp")
        create_firm(None, "honour", "名誉示例", "honorary")
        create_firm(None, "plain", "会员示例", "member")
        db.session.commit()
        db.session.remove()
        downgrade(revision=BEFORE)
        assert rows("SELECT slug, tier, tier_rank FROM firms ORDER BY slug") == [
            ("exec", "vice_president", 1), ("honour", "member", 4), ("plain", "member", 4)]
        assert rows("SELECT rank FROM search_documents ORDER BY object_id") == [(1,), (4,), (4,)]
        db.session.remove()
        upgrade()
