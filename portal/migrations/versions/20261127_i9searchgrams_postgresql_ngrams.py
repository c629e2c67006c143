"""PostgreSQL indexes Chinese as every substring of up to four characters; rows stay narrow.

Revision ID: i9searchgrams
Revises: h8ftsprefix
Create Date: 2026-11-27 18:00:00

With bigrams, a 3-4 character query was a phrase of tokens whose order PostgreSQL checked on
the terms of every candidate row, which is why g7searchpage kept the terms inline; the wide rows
then cost every search. With each substring of up to four characters a token
(portal/search/text.py, `run_grams`), GIN answers a query of up to four characters alone, the
terms go back out of line, and a search reads a tenth of the pages (heap of 170 MB for 100,000
firms before, 17 MB after). This migration rewrites the terms of existing documents from the
bigram layout (the generated vectors follow). SQLite is unchanged.

Downgrading leaves the terms in the new layout: run `flask --app portal search reindex` with
the older code.
"""
import re

from alembic import op
import sqlalchemy as sa


revision = 'i9searchgrams'
down_revision = 'h8ftsprefix'
branch_labels = None
depends_on = None

# The unspaced scripts of portal/search/text.py when the bigram layout was written.
_UNSPACED = re.compile("[\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
                       "\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30fe\uac00-\ud7a3]+")
_BATCH = 1000
# The n-gram layout as portal/search/text.py wrote it with this revision, frozen here: the
# revision must keep writing that layout whatever the application's code later becomes.
_GRAM = 4


def run_grams(run: str) -> list[str]:
    """Return a Chinese run's tokens: its _GRAM-grams in order, then each shorter substring once."""
    longest = [run[i:i + _GRAM] for i in range(len(run) - _GRAM + 1)]
    shorter = dict.fromkeys(run[i:i + size] for size in range(1, _GRAM) for i in range(len(run) - size + 1))
    return [*longest, *shorter]


def regram(terms: str) -> str:
    """Turn a terms text of the bigram layout into the n-gram one.

    In the bigram layout a run of Chinese is its bigrams followed by its last character, so
    the runs can be read back exactly; words and pinyin stay as they are.
    """
    tokens, run = [], ""
    for token in terms.split():
        if _UNSPACED.fullmatch(token) and len(token) <= 2:
            run += token[0]  # a bigram adds its first character; the lone last one closes the run
            if len(token) == 1:
                tokens.extend(run_grams(run))
                run = ""
        else:
            tokens.append(token)
    if run:  # never in a text the bigram layout wrote; kept rather than lost
        tokens.extend(run_grams(run))
    return " ".join(tokens)


_VECTORS = ("name_vector", "document_vector")


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE search_documents ALTER COLUMN name_terms SET STORAGE EXTENDED,"
               " ALTER COLUMN body_terms SET STORAGE EXTENDED")
    # Every row changes: building the GIN indexes afresh afterwards takes a fraction of the time
    # keeping them up to date row by row does (100,000 firms: 7 minutes).
    for column in _VECTORS:
        op.execute(f"DROP INDEX ix_search_documents_{column}")
    connection = op.get_bind()
    documents = sa.table("search_documents", sa.column("id", sa.BigInteger), sa.column("name_terms", sa.Text),
                         sa.column("body_terms", sa.Text))
    update = (sa.update(documents).where(documents.c.id == sa.bindparam("document_id"))
              .values(name_terms=sa.bindparam("name"), body_terms=sa.bindparam("body")))
    last = -1
    while True:
        rows = connection.execute(sa.select(documents).where(documents.c.id > last)
                                  .order_by(documents.c.id).limit(_BATCH)).all()
        if not rows:
            break
        connection.execute(update, [{"document_id": row.id, "name": regram(row.name_terms),
                                     "body": regram(row.body_terms)} for row in rows])
        last = rows[-1].id
    for column in _VECTORS:
        op.execute(f"CREATE INDEX ix_search_documents_{column} ON search_documents USING gin ({column})"
                   " WITH (gin_pending_list_limit = 256)")
    op.execute("ANALYZE search_documents")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_documents ALTER COLUMN name_terms SET STORAGE MAIN,"
                   " ALTER COLUMN body_terms SET STORAGE MAIN")
