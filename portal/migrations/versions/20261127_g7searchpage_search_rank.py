"""Search documents carry where their object lists (rank, order_key); PostgreSQL keeps terms inline.

Revision ID: g7searchpage
Revises: f6privacy001
Create Date: 2026-11-27 16:00:00

The directory ranks a page of results from the index alone, so a search reads no firm rows but
the page's. The index now holds only the firms the directory lists (active ones): this
migration fills rank and order_key of firm documents from their firms and drops the documents
of lapsed ones. On PostgreSQL the terms texts and the order key are stored inline (STORAGE
MAIN): a phrase's token order is checked on the terms, results are sorted on the key, and
reading either out of line costs 10 us a row. Rows written
before this migration keep their old storage until `flask --app portal search reindex`.
"""
from alembic import op
import sqlalchemy as sa


revision = 'g7searchpage'
down_revision = 'f6privacy001'
branch_labels = None
depends_on = None

_FIRM_KIND = "(SELECT id FROM search_kinds WHERE name = 'firm')"


def upgrade():
    op.add_column('search_documents', sa.Column('rank', sa.SmallInteger(), server_default='0', nullable=False))
    op.add_column('search_documents', sa.Column('order_key', sa.String(length=400), server_default='',
                                                nullable=False))
    if op.get_bind().dialect.name == "sqlite":
        # Search results are ordered from this covering index, not from the wide rows.
        op.create_index('ix_search_documents_order', 'search_documents',
                        ['kind_id', 'object_id', 'rank', 'order_key'], unique=False)
    op.execute(f"DELETE FROM search_documents WHERE kind_id = {_FIRM_KIND}"
               " AND object_id NOT IN (SELECT id FROM firms WHERE status = 'active')")
    op.execute("UPDATE search_documents SET"
               " rank = (SELECT tier_rank FROM firms WHERE firms.id = search_documents.object_id),"
               " order_key = (SELECT sort_key FROM firms WHERE firms.id = search_documents.object_id)"
               f" WHERE kind_id = {_FIRM_KIND}")
    if op.get_bind().dialect.name == "postgresql":
        # The search_documents rows aim at 128 bytes (toast_tuple_target), so PostgreSQL moves
        # any longer text out of line unless told otherwise: a sort key read from out-of-line
        # storage cost three buffer reads per comparison.
        op.execute("ALTER TABLE search_documents ALTER COLUMN order_key SET STORAGE MAIN,"
                   " ALTER COLUMN name_terms SET STORAGE MAIN, ALTER COLUMN body_terms SET STORAGE MAIN")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_documents ALTER COLUMN name_terms SET STORAGE EXTENDED,"
                   " ALTER COLUMN body_terms SET STORAGE EXTENDED")  # order_key goes with its column
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index('ix_search_documents_order', table_name='search_documents')
    # Plain ALTER TABLE (SQLite 3.35+), not batch mode: rebuilding the table would drop the
    # triggers that keep the FTS5 tables in step.
    op.drop_column('search_documents', 'order_key')
    op.drop_column('search_documents', 'rank')
