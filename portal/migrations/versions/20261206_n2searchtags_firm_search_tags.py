"""Firms' search documents carry their tier and industries as tags, so a directory search
within a tier or an industry is narrowed inside the full-text index.

Revision ID: n2searchtags
Revises: n1overview
Create Date: 2026-12-06 09:00:00

Data only: each firm document's name_terms gains the tokens portal.search (sqlite.tag_token,
postgresql.tag_token) writes for "tier:<code>" and "industry:<code>", computed in SQL (the FTS5
triggers and the generated tsvectors follow). The tokens are spelled out here as the code
spells them today, so the migration stays what it was if the code changes. Downgrade cuts the
tags off again (they are always the end of name_terms).
"""
from alembic import op


revision = 'n2searchtags'
down_revision = 'n1overview'
branch_labels = None
depends_on = None

FIRMS = "(SELECT id FROM search_kinds WHERE name = 'firm')"
#: sqlite.TAG_MARK, then the tag's UTF-8 bytes in lower-case hex.
SQLITE_TOKEN = "char(57344) || lower(hex({tag}))"
#: postgresql.TAG_MARK, then the hex digits as Chinese numerals.
POSTGRESQL_TOKEN = ("'标签标签' || translate(encode(convert_to({tag}, 'UTF8'), 'hex'), "
                    "'0123456789abcdef', '零一二三四五六七八九甲乙丙丁戊己')")
SQLITE_MARK, POSTGRESQL_MARK = "char(57344)", "'标签标签'"


def _dialect() -> str:
    return op.get_bind().dialect.name


def upgrade():
    postgresql = _dialect() == "postgresql"
    token = POSTGRESQL_TOKEN if postgresql else SQLITE_TOKEN
    join = "string_agg" if postgresql else "group_concat"
    tier = token.format(tag="'tier:' || f.tier")
    industries = token.format(tag="'industry:' || i.industry")
    tags = (f"(SELECT {tier} FROM firms f WHERE f.id = search_documents.object_id)"
            f" || coalesce((SELECT ' ' || {join}({industries}, ' ') FROM firm_industries i"
            f" WHERE i.firm_id = search_documents.object_id), '')")
    op.execute(f"UPDATE search_documents SET name_terms = trim(name_terms || ' ' || {tags})"
               f" WHERE kind_id = {FIRMS} AND object_id IN (SELECT id FROM firms)")


def downgrade():
    if _dialect() == "postgresql":
        at = f"strpos(' ' || name_terms, ' ' || {POSTGRESQL_MARK})"
        cut = f"rtrim(substr(name_terms, 1, {at} - 1))"
    else:
        at = f"instr(' ' || name_terms, ' ' || {SQLITE_MARK})"
        cut = f"rtrim(substr(name_terms, 1, {at} - 1))"
    op.execute(f"UPDATE search_documents SET name_terms = CASE WHEN {at} > 0 THEN {cut} ELSE name_terms END"
               f" WHERE kind_id = {FIRMS}")
