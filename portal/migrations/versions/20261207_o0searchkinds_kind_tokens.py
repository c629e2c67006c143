"""On PostgreSQL every search document carries its kind as a tag token, so a search of one kind
is narrowed inside GIN instead of fetching the other kinds' matches and dropping them.

Revision ID: o0searchkinds
Revises: n2searchtags
Create Date: 2026-12-07 09:00:00

Data only, PostgreSQL only (SQLite's FTS5 searches a kind's block of rowids alone): name_terms
gains the token postgresql.tag_token writes for "kind:<name>", spelled out here as the code
spells it today (see n2searchtags), and the generated tsvectors follow. Every row is rewritten
and its GIN entries with it: seconds for an association's few thousand documents, minutes for
the 100,000 of a benchmark database (reseed that instead). Downgrade takes the token out again.
"""
from alembic import op


revision = 'o0searchkinds'
down_revision = 'n2searchtags'
branch_labels = None
depends_on = None

#: postgresql.TAG_MARK, then the bytes of "kind:<name>" in hex, the digits as Chinese numerals.
TOKEN = ("('标签标签' || translate(encode(convert_to('kind:' || k.name, 'UTF8'), 'hex'),"
         " '0123456789abcdef', '零一二三四五六七八九甲乙丙丁戊己'))")


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"UPDATE search_documents AS d SET name_terms = trim(d.name_terms || ' ' || {TOKEN})"
                   " FROM search_kinds AS k WHERE k.id = d.kind_id")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"UPDATE search_documents AS d SET name_terms = substr(replace(' ' || d.name_terms,"
                   f" ' ' || {TOKEN}, ''), 2) FROM search_kinds AS k WHERE k.id = d.kind_id")
