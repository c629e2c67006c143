"""PostgreSQL's part of the search index: what a search turns off in the planner lasts only for it."""
import sqlalchemy as sa

from portal import create_app
from portal.extensions import db
from portal.search import count_capped, index_document, index_many, matching, postgresql, search_page
from tests.conftest import base_config


def test_the_planner_settings_a_search_turns_off_are_restored_after_it(postgres_database, smtp_server):
    app = create_app(base_config(postgres_database, smtp_server))
    with app.app_context():
        def shown() -> list[str]:
            return [db.session.scalar(sa.text(f"SHOW {name}")) for name in postgresql.SEARCH_SETTINGS]

        index_document("firm", 1, ["大连软件"], [])
        before = shown()
        with postgresql.paging():
            assert shown() == ["off", "off", "0", "off"]
        with postgresql.counting():
            assert shown() == ["off", "off", "0", before[3]]
        assert search_page("firm", "大连").object_ids == [1]
        assert count_capped(matching("firm", "大连")) == (1, False)
        assert shown() == before and "off" not in before
        db.session.rollback()  # the database is shared: leave nothing behind
        db.engine.dispose()


def _plan_nodes(node: dict):
    yield node
    for child in node.get("Plans", []):
        yield from _plan_nodes(child)


def test_a_search_of_a_small_kind_fetches_none_of_the_other_kinds_matches(postgres_database, smtp_server):
    """The kinds share the partitions; the kind's token keeps the firms' matches inside GIN."""
    app = create_app(base_config(postgres_database, smtp_server))
    with app.app_context():
        index_many("firm", [(number, ["大连软件"], []) for number in range(1, 301)])
        index_document("notice", 5, ["大连软件协会年会"], [])
        select = matching("notice", "软件")
        compiled = select.compile(dialect=db.session.get_bind().dialect)
        with postgresql.paging():  # no sequential scans, as a page of results runs
            plan = db.session.connection().exec_driver_sql(
                f"EXPLAIN (ANALYZE, FORMAT JSON) {compiled.string}", compiled.params).scalar()[0]["Plan"]
        fetched = [node for node in _plan_nodes(plan) if node["Node Type"] == "Bitmap Heap Scan"]
        # Name matches and body matches: each scan fetches the one notice and drops nothing.
        assert fetched and all(node["Actual Rows"] * node["Actual Loops"] <= 1 for node in fetched)
        assert sum(node.get("Rows Removed by Filter", 0) for node in fetched) == 0
        assert db.session.execute(select).all() == [(5, 1)]
        db.session.rollback()  # the database is shared: leave nothing behind
        db.engine.dispose()
