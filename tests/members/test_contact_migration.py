"""The migration that lets representatives choose who sees each contact detail changes what nobody sees."""
import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from portal import create_app
from portal.extensions import db
from tests.conftest import base_config

VERSIONS = Path(__file__).parents[2] / "portal" / "migrations" / "versions"


def _revision():
    spec = importlib.util.spec_from_file_location("m0contacts", next(VERSIONS.glob("*_m0contacts_*.py")))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: The revision before this one, read from its file, so the test follows when the chain is reordered.
BEFORE = _revision().down_revision


@pytest.fixture(params=["sqlite", "postgresql"])
def migrating_app(request, tmp_path, smtp_server):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'contacts.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_cluster").create_database("portal_contacts")
    app = create_app(base_config(url, smtp_server))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def insert_firm(slug: str, **values) -> None:
    row = {"slug": slug, "name": slug, "name_en": "", "tier": "member", "tier_rank": 4, "sort_key": slug,
           "status": "active", "website": "", "summary": "", "intro": "", "district": "", "address": "",
           "staff_size": "", "public_contact": "", "private_contact": "", **values}
    db.session.execute(sa.text(f"INSERT INTO firms ({', '.join(row)}, created_at, updated_at)"
                               f" VALUES ({', '.join(':' + key for key in row)}, :now, :now)"),
                       {**row, "now": "2026-01-01 00:00:00+00:00"})


def firm_row(slug: str) -> dict:
    return dict(db.session.execute(sa.text("SELECT * FROM firms WHERE slug = :slug"), {"slug": slug}).mappings().one())


def test_what_the_public_page_showed_before_stays_public_and_the_private_contact_stays_staff_s(migrating_app):
    from portal.members.contact import visible_contacts
    from portal.members.models import Firm

    with migrating_app.app_context():
        upgrade(revision=BEFORE)
        insert_firm("before", public_contact="前台 0411-1", address="示例路 1 号", private_contact="秘书 139")
        db.session.commit()
        upgrade()
        firm = db.session.scalar(db.select(Firm).where(Firm.slug == "before"))
        assert (firm.public_contact_visibility, firm.address_visibility) == ("public", "public")
        assert (firm.telephone, firm.telephone_visibility) == ("", "staff")
        assert (firm.contact_email, firm.contact_email_visibility) == ("", "staff")
        visitor, staff = None, SimpleNamespace(is_authenticated=True, role="staff")
        assert {name: c.value for name, c in visible_contacts(firm, visitor).items()} == {
            "public_contact": "前台 0411-1", "address": "示例路 1 号"}
        assert visible_contacts(firm, staff)["private_contact"].value == "秘书 139"


def test_a_downgrade_moves_what_was_hidden_into_the_staff_only_contact_rather_than_show_it(migrating_app):
    with migrating_app.app_context():
        upgrade()
        insert_firm("hidden", public_contact="王女士", public_contact_visibility="members", address="隐藏路 1 号",
                    address_visibility="staff", telephone="0411-2", contact_email="a@b.example",
                    private_contact="秘书 139")
        insert_firm("open", public_contact="前台", address="公开路 2 号")
        db.session.commit()
        downgrade(revision=BEFORE)
        hidden, open_ = firm_row("hidden"), firm_row("open")
        assert (hidden["public_contact"], hidden["address"]) == ("", "")
        assert hidden["private_contact"] == "秘书 139; 王女士; 0411-2; a@b.example; 隐藏路 1 号"
        assert (open_["public_contact"], open_["address"], open_["private_contact"]) == ("前台", "公开路 2 号", "")
        db.session.commit()
        upgrade()
