"""The search index: one row per indexed object, plus each database's own full-text structure.

SQLite keeps two FTS5 tables over `search_documents` (external content, kept in step by
triggers): `search_fts` over names and bodies, `search_names` over names alone, so finding name
matches never walks the body matches. PostgreSQL keeps two generated tsvector columns on
`search_documents`, each with a GIN index, and splits the table into hash partitions; its
terms hold Chinese as n-grams (text.py, `run_grams`) and are stored out of line, so the rows a
search reads stay narrow. The migration makes them; they stay out of the
metadata, since each exists on one database only, and `include_name` tells Alembic's
comparison (autogenerate, tests) to leave them alone.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import BigInteger, ForeignKey, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

#: Object ids of a kind occupy one block of 2**32 document ids, so an FTS5 rowid is the object id
#: plus a constant: SQLite answers a search from the full-text index alone, with no table lookup.
KIND_SHIFT = 32
#: The largest object id: its bits stay below the kind's in a document id.
MAX_OBJECT_ID = 2**31 - 1

#: SQLite's covering index of what orders search results, so ordering reads no document's terms.
#: PostgreSQL reads them from the rows it fetches anyway, and with the index at hand it may
#: prefer filtering every document of a kind to its GIN indexes.
ORDER_INDEX = "ix_search_documents_order"
FTS_TABLE = "search_fts"
FTS_NAMES_TABLE = "search_names"
SQLITE_ONLY_TABLES = frozenset(
    f"{table}{shadow}" for table in (FTS_TABLE, FTS_NAMES_TABLE)
    for shadow in ("", "_data", "_idx", "_docsize", "_config", "_content"))
POSTGRESQL_PARTITIONS = "search_documents_part"
POSTGRESQL_ONLY_COLUMNS = frozenset({"name_vector", "document_vector"})
POSTGRESQL_ONLY_INDEXES = frozenset({"ix_search_documents_name_vector", "ix_search_documents_document_vector"})
SQLITE_ONLY_INDEXES = frozenset({ORDER_INDEX})


class SearchKind(db.Model):
    """A kind of indexed object ("firm", "event", ...), numbered for the document ids."""

    __tablename__ = "search_kinds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)


class SearchDocument(db.Model):
    """The searchable text of one object, as the terms the database indexes."""

    __tablename__ = "search_documents"

    #: kind_id << KIND_SHIFT | object_id; INTEGER on SQLite so that it is the rowid.
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False)
    kind_id: Mapped[int] = mapped_column(ForeignKey("search_kinds.id"))
    object_id: Mapped[int] = mapped_column(Integer)
    #: Terms of the texts that rank first (names), with the pinyin of the Chinese names.
    name_terms: Mapped[str] = mapped_column(Text)
    #: Terms of every other searchable text.
    body_terms: Mapped[str] = mapped_column(Text)
    #: Where the object lists: by rank, then order_key (a firm: its tier, then its name's pinyin).
    #: Kept here so that a page of results is ordered without reading the objects' own tables.
    rank: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    order_key: Mapped[str] = mapped_column(String(400), default="", server_default="")


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Tell Alembic's autogenerate to skip the database-specific search objects."""
    if type_ == "table":
        return name not in SQLITE_ONLY_TABLES and not (name or "").startswith(POSTGRESQL_PARTITIONS)
    if parent_names.get("table_name") != SearchDocument.__tablename__:
        return True
    if type_ == "column":
        return name not in POSTGRESQL_ONLY_COLUMNS
    if type_ == "index":
        return name not in POSTGRESQL_ONLY_INDEXES | SQLITE_ONLY_INDEXES
    return True


#: What a search reads of each matching document: enough to order a page without the terms.
DOCUMENT_COLUMNS = ("object_id", "rank", "order_key")


def kind_id_of_bound_kind() -> sa.ScalarSelect:
    """Return the id of the kind bound as `kind`, as a subquery."""
    # A subquery, not a lookup first: one round trip per search (an unknown kind matches nothing).
    kinds = SearchKind.__table__
    return sa.select(kinds.c.id).where(kinds.c.name == sa.bindparam("kind")).scalar_subquery()
