"""Migrations build, tear down and rebuild the schema on both databases."""
import ast
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import check, downgrade, upgrade
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import inspect

from portal import create_app
from portal.extensions import db
from portal.search import postgresql, search_page, text
from portal.search.models import include_name
from tests.conftest import base_config


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    return request.getfixturevalue("postgres_cluster").create_database("portal_migrations")


def test_migrations_upgrade_downgrade_upgrade(empty_database, smtp_server):
    app = create_app(base_config(empty_database, smtp_server))
    with app.app_context():
        upgrade()
        tables = set(inspect(db.engine).get_table_names())
        assert {t.name for t in db.metadata.sorted_tables} <= tables
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade()
        upgrade()  # safe to run twice
        assert {t.name for t in db.metadata.sorted_tables} <= set(inspect(db.engine).get_table_names())
        db.engine.dispose()


def test_models_and_migrations_agree(empty_database, smtp_server):
    """Autogenerate against a migrated database finds nothing left to migrate."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    app = create_app(base_config(empty_database, smtp_server))
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                # The search index has objects that exist on one database only (FTS5 tables,
                # partitions, tsvector columns); its own filter leaves out just those.
                "compare_type": False, "include_name": include_name})
            assert compare_metadata(context, db.metadata) == []
        db.engine.dispose()


def test_autogenerate_through_the_migration_environment_finds_nothing_to_migrate(empty_database, smtp_server):
    """`flask db check` reads the application's settings for Alembic (include_name) through env.py."""
    app = create_app(base_config(empty_database, smtp_server))
    with app.app_context():
        upgrade()
        check()  # exits with an error when autogenerate would write a revision
        db.engine.dispose()


MIGRATIONS = Path(__file__).parents[1] / "portal" / "migrations"


@pytest.mark.parametrize("path", [*sorted((MIGRATIONS / "versions").glob("*.py")), MIGRATIONS / "env.py"],
                         ids=lambda path: path.name)
def test_a_migration_imports_nothing_from_the_application(path):
    """A revision must keep doing what it did when it was written, whatever the application becomes."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = [alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names]
    modules += [node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module]
    assert [module for module in modules if module.split(".")[0] == "portal"] == []


def _migration(name: str):
    import importlib.util
    from pathlib import Path

    path = next((Path(__file__).parents[1] / "portal" / "migrations" / "versions").glob(f"*_{name}_*.py"))
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("大连文思海辉，。 ab1"), max_size=3), st.lists(st.text("大连文思海辉"), max_size=2))
def test_the_ngram_migration_turns_bigram_terms_into_what_postgresql_now_indexes(texts, names):
    regram = _migration("i9searchgrams").regram
    assert regram(text.index_text(texts, names)) == text.index_text(texts, names, grams=True)


def test_a_firm_indexed_before_the_ngram_migration_is_found_after_it_on_postgresql(postgres_cluster, smtp_server):
    url = postgres_cluster.create_database("portal_regram")
    app = create_app(base_config(url, smtp_server))
    with app.app_context():
        upgrade(revision="h8ftsprefix")
        db.session.execute(sa.text("INSERT INTO search_kinds (id, name) VALUES (1, 'firm')"))
        db.session.execute(sa.text(
            "INSERT INTO search_documents (id, kind_id, object_id, name_terms, body_terms)"
            " VALUES (:id, 1, 7, :name, :body)"),
            {"id": 1 << 32 | 7, "name": text.index_text(["大连文思海辉软件"], ["大连文思海辉软件"]),
             "body": text.index_text(["IBM 全球服务"])})
        db.session.commit()
        upgrade()
        for query in ["文", "文思海", "文思海辉", "连文思海辉软", "wshh", "ibm", "全球服务"]:
            assert search_page("firm", query).object_ids == [7], query
        assert search_page("firm", "海文").object_ids == []
        db.session.remove()
        db.engine.dispose()


def test_documents_indexed_before_the_kind_tokens_are_found_after_them_and_restored_by_downgrade(
        postgres_cluster, smtp_server):
    url = postgres_cluster.create_database("portal_kind_tokens")
    app = create_app(base_config(url, smtp_server))
    terms = {"name": text.index_text(["大连软件协会"], ["大连软件协会"], grams=True),
             "body": text.index_text(["数字贸易"], grams=True)}
    with app.app_context():
        upgrade(revision="n2searchtags")
        db.session.execute(sa.text("INSERT INTO search_kinds (id, name) VALUES (1, 'firm'), (2, 'article')"))
        for kind_id in (1, 2):
            db.session.execute(sa.text(
                "INSERT INTO search_documents (id, kind_id, object_id, name_terms, body_terms)"
                " VALUES (:id, :kind_id, 7, :name, :body)"), {"id": kind_id << 32 | 7, "kind_id": kind_id, **terms})
        db.session.commit()
        upgrade()
        for kind in ("firm", "article"):
            for query in ["软件", "dalian", "数字贸易"]:
                assert search_page(kind, query).object_ids == [7], (kind, query)
        db.session.commit()
        downgrade(revision="n2searchtags")
        assert set(db.session.execute(sa.text("SELECT name_terms FROM search_documents")).scalars()) == {terms["name"]}
        db.session.remove()
        db.engine.dispose()


def test_documents_indexed_before_the_vectors_held_terms_as_they_are_are_found_after_and_after_downgrade(
        postgres_cluster, smtp_server):
    url = postgres_cluster.create_database("portal_lexemes")
    app = create_app(base_config(url, smtp_server))
    # As the code wrote them at o0searchkinds: every document carries its kind's token.
    name = text.index_text(["大连华信计算机 DHC"], ["大连华信计算机"], grams=True)
    terms = {"name": f"{name} {postgresql.tag_token('kind:firm')}",
             "body": text.index_text(["软件外包 Outsourcing"], grams=True)}
    queries = ["华信", "计算机", "dhc", "dlhx", "软件外包", "outsourc", "大连 dhc"]
    with app.app_context():
        upgrade(revision="o0searchkinds")
        db.session.execute(sa.text("INSERT INTO search_kinds (id, name) VALUES (1, 'firm')"))
        db.session.execute(sa.text(
            "INSERT INTO search_documents (id, kind_id, object_id, name_terms, body_terms)"
            " VALUES (:id, 1, 7, :name, :body)"), {"id": 1 << 32 | 7, **terms})
        db.session.commit()
        upgrade()
        for query in queries:
            assert search_page("firm", query).object_ids == [7], query
        assert search_page("firm", "华信外包").object_ids == []
        assert db.session.scalar(sa.text("SELECT name_vector = strip(name_vector) FROM search_documents"))
        db.session.commit()
        downgrade(revision="o0searchkinds")
        # The parsed vectors are back, with the positions to_tsvector keeps.
        assert db.session.scalar(sa.text("SELECT name_vector <> strip(name_vector) FROM search_documents"))
        for query in queries:
            assert search_page("firm", query).object_ids == [7], query
        db.session.remove()
        db.engine.dispose()


def test_migrating_keeps_the_rows_that_refer_to_a_rebuilt_table(empty_database, smtp_server):
    """SQLite rebuilds a table to change its constraints; rows elsewhere that refer to it must stay."""
    app = create_app(base_config(empty_database, smtp_server))
    with app.app_context():
        upgrade(revision="k0mailings")  # before firms and mailings are rebuilt
        statements = [
            "INSERT INTO firms (id, slug, name, name_en, tier, tier_rank, sort_key, status, website, summary, intro,"
            " district, address, staff_size, public_contact, private_contact, created_at, updated_at)"
            " VALUES (1, 'xinghai', '星海科技', '', 'member', 4, '', 'active', '', '', '', '', '', '', '', '',"
            " '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
            "INSERT INTO firm_industries (firm_id, industry) VALUES (1, 'software')",
        ]
        for statement in statements:
            db.session.execute(sa.text(statement))
        db.session.commit()
        upgrade()
        assert db.session.execute(sa.text("SELECT firm_id, industry FROM firm_industries")).all() == [(1, "software")]
        db.session.remove()
        db.engine.dispose()
