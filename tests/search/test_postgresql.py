"""PostgreSQL's part of the search index: what a search turns off in the planner lasts only for it."""
import sqlalchemy as sa

from portal import create_app
from portal.extensions import db
from portal.search import count_capped, index_document, matching, postgresql, search_page
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
