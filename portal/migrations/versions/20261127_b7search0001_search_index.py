"""Search index: documents, with FTS5 tables on SQLite and tsvector columns with GIN on PostgreSQL.

Revision ID: b7search0001
Revises: c0bbe8532a19
Create Date: 2026-11-27 09:00:00

A later migration that rebuilds `search_documents` in SQLite batch mode drops its triggers:
recreate them there (and run `flask --app portal search reindex`).
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql


# revision identifiers, used by Alembic.
revision = "b7search0001"
down_revision = "c0bbe8532a19"
branch_labels = None
depends_on = None

_FTS_OPTIONS = ("content='search_documents', content_rowid='id', tokenize='unicode61 remove_diacritics 0',"
                " prefix='1', columnsize=0")
# (table, its columns): names and bodies together find matches, names alone find name matches.
_FTS_TABLES = [("search_fts", ["name_terms", "body_terms"]), ("search_names", ["name_terms"])]


def _sqlite_statements() -> list[str]:
    # External content: the terms live once, in search_documents, and triggers keep the FTS5
    # tables in step. prefix='1' indexes the first character of every token, so a
    # one-character Chinese query reads one list instead of merging hundreds.
    statements = []
    inserts, deletes = [], []
    for table, columns in _FTS_TABLES:
        names = ", ".join(columns)
        statements.append(f"CREATE VIRTUAL TABLE {table} USING fts5({names}, {_FTS_OPTIONS})")
        new_values = ", ".join(f"new.{c}" for c in columns)
        old_values = ", ".join(f"old.{c}" for c in columns)
        inserts.append(f"INSERT INTO {table}(rowid, {names}) VALUES (new.id, {new_values});")
        deletes.append(f"INSERT INTO {table}({table}, rowid, {names}) VALUES ('delete', old.id, {old_values});")
    statements += [
        f"CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN {' '.join(inserts)} END",
        f"CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN {' '.join(deletes)} END",
        "CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN"
        f" {' '.join(deletes)} {' '.join(inserts)} END",
    ]
    return statements


_SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_documents_au",
    "DROP TRIGGER IF EXISTS search_documents_ad",
    "DROP TRIGGER IF EXISTS search_documents_ai",
    "DROP TABLE IF EXISTS search_names",
    "DROP TABLE IF EXISTS search_fts",
]


#: PostgreSQL splits the documents into this many hash partitions, each with its own GIN indexes.
PARTITIONS = 8


def _postgresql_statements() -> list[str]:
    # Measured at 100,000 documents. A GIN scan gathers every match before the first row
    # (15 ms for a word in all of them); over partitions a search limited to 1,001 rows stops
    # after the first one or two. Without statistics on the vectors the planner always takes
    # the GIN indexes; with them it scans the table for common terms, unpacking a 4 KB tsvector
    # per row (1.5 s for a rare phrase it misjudged as common). A 128-byte row target moves
    # terms and vectors out of line, so the rows a search visits take 11 MB instead of 176 MB.
    # Parallel workers take longer to start (8 ms) than a search takes.
    statements = [
        f"CREATE TABLE search_documents_part{number} PARTITION OF search_documents"
        f" FOR VALUES WITH (MODULUS {PARTITIONS}, REMAINDER {number})"
        " WITH (toast_tuple_target = 128, parallel_workers = 0)"
        for number in range(PARTITIONS)]
    # Every search reads GIN's list of entries still to merge: keep it short (default 4 MB: 0.7 s).
    statements += [
        f"CREATE INDEX ix_search_documents_{column} ON search_documents USING gin ({column})"
        " WITH (gin_pending_list_limit = 256)"
        for column in ("name_vector", "document_vector")]
    statements.append("ALTER TABLE search_documents ALTER COLUMN name_vector SET STATISTICS 0,"
                      " ALTER COLUMN document_vector SET STATISTICS 0")
    lz4 = op.get_bind().exec_driver_sql(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'").scalar()
    if lz4:  # unpacks several times faster than the default pglz
        statements.append("ALTER TABLE search_documents " + ", ".join(
            f"ALTER COLUMN {column} SET COMPRESSION lz4"
            for column in ("name_terms", "body_terms", "name_vector", "document_vector")))
    return statements


def upgrade():
    op.create_table("search_kinds",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("name", sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_search_kinds")),
    sa.UniqueConstraint("name", name=op.f("uq_search_kinds_name"))
    )
    postgresql_only = []
    if op.get_bind().dialect.name == "postgresql":
        # Stored columns, never an index on the expression: with one, the planner may recompute
        # to_tsvector for every candidate row (seconds per query at 100,000 documents).
        postgresql_only = [
            sa.Column("name_vector", postgresql.TSVECTOR(), sa.Computed(
                "to_tsvector('simple'::regconfig, name_terms)", persisted=True)),
            sa.Column("document_vector", postgresql.TSVECTOR(), sa.Computed(
                "to_tsvector('simple'::regconfig, name_terms || ' ' || body_terms)", persisted=True)),
        ]
    op.create_table("search_documents",
    sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=False, nullable=False),
    sa.Column("kind_id", sa.Integer(), nullable=False),
    sa.Column("object_id", sa.Integer(), nullable=False),
    sa.Column("name_terms", sa.Text(), nullable=False),
    sa.Column("body_terms", sa.Text(), nullable=False),
    *postgresql_only,
    sa.ForeignKeyConstraint(["kind_id"], ["search_kinds.id"], name=op.f("fk_search_documents_kind_id_search_kinds")),
    sa.PrimaryKeyConstraint("id", name=op.f("pk_search_documents")),
    postgresql_partition_by="HASH (id)",
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _sqlite_statements():
            op.execute(statement)
    elif dialect == "postgresql":
        for statement in _postgresql_statements():
            op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_DOWN:
            op.execute(statement)
    op.drop_table("search_documents")
    op.drop_table("search_kinds")
