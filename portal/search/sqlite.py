"""The search index on SQLite: FTS5 tables whose rowid is the document id (kind_id << 32 | object_id)."""
from __future__ import annotations

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

import sqlalchemy as sa

from portal import bulk
from portal.extensions import db
from portal.search import text
from portal.search.models import (DOCUMENT_COLUMNS, FTS_NAMES_TABLE, FTS_TABLE, KIND_SHIFT, MAX_OBJECT_ID,
                                  SearchDocument, kind_id_of_bound_kind)

#: Chinese as bigrams: FTS5 reads a phrase's order from its index, and a prefix index of
#: one character answers a one-character query.
grams = False
#: FTS5 sets no limit on a document's terms.
max_terms_bytes = None
documents = SearchDocument.__table__
fts = sa.table(FTS_TABLE, sa.column("rowid", sa.BigInteger), sa.column(FTS_TABLE))
names = sa.table(FTS_NAMES_TABLE, sa.column("rowid", sa.BigInteger), sa.column(FTS_NAMES_TABLE))


@dataclass(frozen=True)
class Shape:
    """A query as one FTS5 expression; every query has the same shape."""

    values: dict = field(compare=False, hash=False)

    def __init__(self, terms: list[text.Term], tags: tuple[str, ...] = ()):
        match = " AND ".join([text.fts5_query(terms), *(f'"{tag_token(tag)}"' for tag in tags)])
        object.__setattr__(self, "values", {"match": match})


#: Starts every tag's token: a private-use character, which unicode61 keeps in a token and no
#: query ever holds (text.query_terms keeps letters, digits and Chinese only), so no query,
#: not even a one-letter prefix, can match a tag.
TAG_MARK = "\ue000"


def tag_token(tag: str) -> str:
    """Return the token a document's tag is indexed as (the tag in hex: any code is one token)."""
    return TAG_MARK + tag.encode().hex()


def kind_tags(kind: str) -> tuple[str, ...]:
    """Return the tags every document of a kind carries: none, a kind's documents are a block of
    rowids (KIND_SHIFT) that FTS5 searches alone."""
    return ()


def sortable(column):
    """Return the column as it orders search results."""
    return column  # SQLite compares text bytewise already


def candidates(shape: Shape, in_name: bool, after: bool = False) -> sa.Select:
    """Select (object_id, rank, order_key) of the matching documents, in index order; `after`:
    only those past the object id bound as `after`, in id order."""
    table, columns, kind_id = names if in_name else fts, documents.c, kind_id_of_bound_kind()
    first = kind_id.op("<<")(KIND_SHIFT)
    # Joined by (kind_id, object_id), not by the rowid, so that SQLite reads the order from
    # the covering ix_search_documents_order: a row of search_documents holds the terms too, and reading
    # one per match took twice as long as the FTS5 search itself.
    joined = table.join(documents, sa.and_(columns.kind_id == kind_id,
                                           columns.object_id == table.c.rowid.op("&")(MAX_OBJECT_ID)))
    # The MATCH goes to FTS5's hidden column, which is named after the table; the rowid
    # range keeps one kind, so FTS5 reads only that kind's part of each doclist.
    # After a cursor, the bound and the order are FTS5's rowid: it seeks there and streams.
    start = first + sa.bindparam("after") + 1 if after else first
    select = (sa.select(*(columns[name] for name in DOCUMENT_COLUMNS)).select_from(joined)
              .where(table.c[table.name].op("MATCH")(sa.bindparam("match")),
                     table.c.rowid.between(start, first + MAX_OBJECT_ID)))
    return select.order_by(table.c.rowid) if after else select


def counting():
    """Return the context a capped count runs in: SQLite's plans stop at a limit as they are."""
    return nullcontext()


def paging():
    """Return the context a page of search results runs in (nothing to set on SQLite)."""
    return nullcontext()


def tidy() -> None:
    """Merge FTS5's segments into one: one doclist to read per term instead of dozens."""
    for table in (FTS_TABLE, FTS_NAMES_TABLE):
        db.session.execute(sa.text(f"INSERT INTO {table}({table}) VALUES ('optimize')"))


@contextmanager
def loading():
    """Drop the triggers that index row by row for the block; then rebuild both FTS5 tables at once.

    Row by row, FTS5 took 4 ms a document (100,000 firms: 7 minutes); one rebuild from
    search_documents is several times faster. The triggers are made again from their own stored
    definitions, in the same transaction.
    """
    bulk.begin_writing()
    triggers = db.session.execute(sa.text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :table ORDER BY name"),
        {"table": documents.name}).all()
    for name, _sql in triggers:
        db.session.execute(sa.text(f'DROP TRIGGER "{name}"'))
    yield
    for table in (FTS_TABLE, FTS_NAMES_TABLE):
        db.session.execute(sa.text(f"INSERT INTO {table}({table}) VALUES ('rebuild')"))
    for _name, sql in triggers:
        db.session.execute(sa.text(sql))
