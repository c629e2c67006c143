"""On PostgreSQL the search vectors hold the index terms as they are, not as to_tsvector parses them.

Revision ID: p0searchvectors
Revises: o0searchkinds
Create Date: 2026-12-08 09:00:00

The terms are made in Python (search/text.py: letters, digits and Chinese, lower case, split by
single spaces), so PostgreSQL's parser has nothing to add: splitting them with string_to_array
gives the same lexemes without the positions no search reads (no ranking, no phrase operator;
phrases are checked on the terms text). Measured on 100,000 synthetic firms: storing their
documents took 30 s instead of 69 s, and the table 978 MB instead of 1,264 MB.

array_to_tsvector does not check a tsvector's 1 MB limit as to_tsvector does: the code keeps a
document's terms within it (search.writing.document_row), and terms past it, written otherwise,
are parsed, and refused where their lexemes do not fit, as before. Queries follow:
postgresql.candidates casts the tsquery it writes instead of parsing it.

PostgreSQL only. PostgreSQL 15 cannot change a generated column's expression, so both columns are
made again with their options (compression, no statistics) and GIN indexes as b7search0001 made
them; every row is rewritten: seconds for an association's few thousand documents, a few minutes
for the 100,000 of a benchmark database. Downgrade makes them as they were.
"""
from alembic import op


revision = 'p0searchvectors'
down_revision = 'o0searchkinds'
branch_labels = None
depends_on = None

#: The most bytes of lexemes a tsvector holds.
TSVECTOR_LIMIT = 1048575
NAMES = "name_terms"
EVERYTHING = "name_terms || ' ' || body_terms"


def _as_lexemes(terms: str) -> str:
    return (f"CASE WHEN octet_length({terms}) <= {TSVECTOR_LIMIT}"
            f" THEN array_to_tsvector(array_remove(string_to_array({terms}, ' '), ''))"
            f" ELSE to_tsvector('simple'::regconfig, {terms}) END")


def _parsed(terms: str) -> str:
    return f"to_tsvector('simple'::regconfig, {terms})"


def _make_vectors(expression) -> None:
    op.execute("ALTER TABLE search_documents DROP COLUMN name_vector, DROP COLUMN document_vector")
    lz4 = op.get_bind().exec_driver_sql(
        "SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'").scalar()
    compression = " COMPRESSION lz4" if lz4 else ""
    op.execute("ALTER TABLE search_documents " + ", ".join(
        f"ADD COLUMN {column} tsvector{compression} GENERATED ALWAYS AS ({expression(terms)}) STORED"
        for column, terms in (("name_vector", NAMES), ("document_vector", EVERYTHING))))
    op.execute("ALTER TABLE search_documents ALTER COLUMN name_vector SET STATISTICS 0,"
               " ALTER COLUMN document_vector SET STATISTICS 0")
    for column in ("name_vector", "document_vector"):
        op.execute(f"CREATE INDEX ix_search_documents_{column} ON search_documents USING gin ({column})"
                   " WITH (gin_pending_list_limit = 256)")
    # The rewritten table has no statistics: unmeasured, it gave a two-second plan for a phrase.
    op.execute("ANALYZE search_documents")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        _make_vectors(_as_lexemes)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        _make_vectors(_parsed)
