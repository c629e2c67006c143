"""`seed-demo --scale N` loads firms in bulk: searchable at once, consistent, and all or nothing."""
import pytest
import sqlalchemy as sa

from portal import bulk, unit_of_work
from portal.demo import synthetic
from portal.extensions import db
from portal.members import services, tiers
from portal.members.models import Firm, FirmIndustry
from portal.search.models import SearchDocument


def _schema() -> set[str]:
    """Name the secondary indexes of the loaded tables and the search index's triggers (SQLite)."""
    tables = [Firm.__tablename__, FirmIndustry.__tablename__, SearchDocument.__tablename__]
    if bulk.is_postgresql():
        rows = db.session.execute(sa.text(
            "SELECT c.relname || ' ' || pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
            " WHERE t.relname = ANY(:tables) OR t.relname LIKE 'search_documents_part%'"), {"tables": tables})
    else:
        rows = db.session.execute(sa.text(
            "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master"
            " WHERE type IN ('index', 'trigger') AND tbl_name IN ('firms', 'firm_industries', 'search_documents')"))
    return set(rows.scalars())


def _slugs(client, query: str) -> set[str]:
    found, page = set(), 1
    while True:
        answer = client.get(f"/api/v1/members?q={query}&per_page=100&page={page}").json
        found |= {item["slug"] for item in answer["items"]}
        if page >= answer["pages"]:
            return found
        page += 1


def test_seeded_firms_are_searchable_at_once_and_consistent(app, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        before = _schema()
    result = runner.invoke(args=["seed-demo", "--scale", "250"])
    assert result.exit_code == 0, result.output
    assert "Added 250 synthetic firms." in result.output and "Added 2 synthetic events." in result.output
    with app.app_context():
        assert _schema() == before  # every index and trigger is back, as the migrations made it
        firms = db.session.scalars(sa.select(Firm).where(Firm.slug.like("synthetic-%"))).all()
        assert sorted(int(firm.slug.split("-")[1]) for firm in firms) == list(range(250))
        assert all(firm.tier_rank == tiers.rank(firm.tier) for firm in firms)
        assert {firm.tier for firm in firms} == {"president", "vice_president", "council", "supervisor", "member"}
        counts = dict(db.session.execute(sa.select(FirmIndustry.firm_id, sa.func.count()).group_by(FirmIndustry.firm_id)).all())
        assert all(1 <= counts[firm.id] <= 3 for firm in firms)
        documents = set(db.session.scalars(sa.select(SearchDocument.object_id).where(
            SearchDocument.object_id.in_([firm.id for firm in firms]))))
        assert documents == {firm.id for firm in firms}
        named = {firm.slug for firm in firms if "星海" in firm.name}
        described = {firm.slug for firm in firms if "系统集成" in firm.intro}
    # Chinese in names and bodies, and pinyin of names: exactly the firms that hold them.
    assert named and {slug for slug in _slugs(client, "星海") if slug.startswith("synthetic-")} == named
    assert {slug for slug in _slugs(client, "xinghai") if slug.startswith("synthetic-")} == named
    assert {slug for slug in _slugs(client, "系统集成") if slug.startswith("synthetic-")} == described

    # A second load continues the numbering; a firm made afterwards is indexed as usual.
    assert runner.invoke(args=["seed-demo", "--scale", "20"]).exit_code == 0
    with app.app_context():
        unit_of_work.run(services.create_firm, None, "later-firm", "大连后来者科技有限公司", "member")
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Firm).where(Firm.slug.like("synthetic-%"))) == 270
        assert db.session.scalar(sa.select(Firm.id).where(Firm.slug == "synthetic-269")) is not None
    assert _slugs(client, "后来者") == {"later-firm"}


def test_a_load_that_fails_leaves_the_tables_and_their_indexes_as_they_were(app, client, monkeypatch):
    with app.app_context():
        before = _schema()
        firms = db.session.scalar(sa.select(sa.func.count()).select_from(Firm))
    monkeypatch.setattr(synthetic, "BATCH", 50)
    loaded, original = [], synthetic.search_bulk.add_new

    def add_then_fail(kind, rows):
        def until_the_disk_is_full():  # the failure comes in the middle of the documents' load
            for row in rows:
                if len(loaded) == 50:
                    raise RuntimeError("disk full")
                loaded.append(row)
                yield row
        return original(kind, until_the_disk_is_full())

    monkeypatch.setattr(synthetic.search_bulk, "add_new", add_then_fail)
    with app.app_context(), pytest.raises(RuntimeError, match="disk full"):
        unit_of_work.run(synthetic.add_synthetic_firms, 120)
    monkeypatch.undo()
    with app.app_context():
        assert len(loaded) == 50  # the firms were in and the documents on their way
        assert _schema() == before
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Firm)) == firms
        unit_of_work.run(services.create_firm, None, "after-failure", "大连失败之后科技有限公司", "member")
    assert _slugs(client, "失败之后") == {"after-failure"}
