"""Write documents into the search index and turn queries into selects of matching object ids."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterable

import sqlalchemy as sa

from portal.extensions import db
from portal.search import text
from portal.search.models import FTS_NAMES_TABLE, FTS_TABLE, KIND_SHIFT, SearchDocument, SearchKind

#: What a source yields for each object: (object_id, name texts, body texts, pinyin names or None).
SourceRow = tuple[int, list[str], list[str], "list[str] | None"]

_sources: dict[str, Callable[[], Iterable[SourceRow]]] = {}
_MAX_OBJECT_ID = 2**31 - 1


def register_source(kind: str, rebuild: Callable[[], Iterable[SourceRow]]) -> None:
    """Name the function that yields every document of a kind, for `search reindex`."""
    _sources[kind] = rebuild


def registered_sources() -> dict[str, Callable[[], Iterable[SourceRow]]]:
    """Return the registered sources by kind."""
    return dict(_sources)


def _kind_id(kind: str, create: bool = False) -> int | None:
    kind_id = db.session.scalar(sa.select(SearchKind.id).where(SearchKind.name == kind))
    if kind_id is None and create:
        row = SearchKind(name=kind)
        db.session.add(row)
        db.session.flush()
        kind_id = row.id
    return kind_id


def _document_id(kind_id: int, object_id: int) -> int:
    if not 0 <= object_id <= _MAX_OBJECT_ID:
        raise ValueError(f"object id out of range: {object_id}")
    return kind_id << KIND_SHIFT | object_id


def _document_row(kind_id: int, object_id: int, name: list[str], body: list[str],
                  pinyin_names: list[str] | None) -> dict:
    return {
        "id": _document_id(kind_id, object_id),
        "kind_id": kind_id,
        "object_id": object_id,
        "name_terms": text.index_text(name, name if pinyin_names is None else pinyin_names),
        "body_terms": text.index_text(body),
    }


def index_document(kind: str, object_id: int, name: list[str], body: list[str],
                   pinyin_names: list[str] | None = None) -> None:
    """Add or replace an object's document; flushes, the caller commits."""
    row = _document_row(_kind_id(kind, create=True), object_id, name, body, pinyin_names)
    document = db.session.get(SearchDocument, row["id"])
    if document is None:
        db.session.add(SearchDocument(**row))
    else:
        document.name_terms, document.body_terms = row["name_terms"], row["body_terms"]
    db.session.flush()


def remove_document(kind: str, object_id: int) -> None:
    """Take an object out of the index; flushes, the caller commits."""
    kind_id = _kind_id(kind)
    if kind_id is not None:
        db.session.execute(sa.delete(SearchDocument).where(
            SearchDocument.id == _document_id(kind_id, object_id)))
        db.session.flush()


def index_many(kind: str, rows: Iterable[SourceRow], batch_size: int = 500) -> int:
    """Add or replace many documents of a kind in bulk; flushes, the caller commits; returns the count."""
    kind_id = _kind_id(kind, create=True)
    return _write(kind_id, rows, batch_size, replace=True)


def rebuild_kind(kind: str, rows: Iterable[SourceRow], batch_size: int = 500) -> int:
    """Replace every document of a kind by `rows`; flushes, the caller commits; returns the count."""
    kind_id = _kind_id(kind, create=True)
    db.session.execute(sa.delete(SearchDocument).where(SearchDocument.kind_id == kind_id))
    return _write(kind_id, rows, batch_size, replace=False)


def _write(kind_id: int, rows: Iterable[SourceRow], batch_size: int, replace: bool) -> int:
    count, batch = 0, {}
    for object_id, name, body, pinyin_names in rows:
        row = _document_row(kind_id, object_id, name, body, pinyin_names)
        batch[row["id"]] = row  # an object given twice keeps its last document
        if len(batch) >= batch_size:
            count += _insert(batch, replace)
            batch = {}
    count += _insert(batch, replace)
    db.session.flush()
    return count


def _insert(rows: dict[int, dict], replace: bool) -> int:
    if rows:
        if replace:
            db.session.execute(sa.delete(SearchDocument).where(SearchDocument.id.in_(list(rows))))
        db.session.execute(sa.insert(SearchDocument.__table__), list(rows.values()))
    return len(rows)


def tidy() -> None:
    """Refresh what the database plans and searches with after a rebuild; commits."""
    if db.session.get_bind().dialect.name == "postgresql":
        # Merge what GIN set aside during the load, which every search would otherwise read
        # (only VACUUM and autovacuum do it; a plain ANALYZE does not).
        db.session.execute(sa.text(
            "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
            " JOIN pg_inherits p ON p.inhrelid = i.indrelid"
            " WHERE a.amname = 'gin' AND p.inhparent = 'search_documents'::regclass"))
        # A table the planner has never measured looks tiny: one bulk load without ANALYZE
        # gave a plan that ran for 26 minutes.
        db.session.execute(sa.text(f"ANALYZE {SearchDocument.__tablename__}"))
    else:
        # Merge FTS5's segments into one: one doclist to read per term instead of dozens.
        for table in (FTS_TABLE, FTS_NAMES_TABLE):
            db.session.execute(sa.text(f"INSERT INTO {table}({table}) VALUES ('optimize')"))
    db.session.commit()


def matching(kind: str, query: str, limit: int | None = None) -> sa.Select | None:
    """Return a select of (object_id, name_hit) for the documents of `kind` matching `query`.

    None when the query holds nothing searchable. Every term must match the name or the body;
    name_hit is 1 when every term matches the name texts (or their pinyin). The result is every
    match, so ordering it costs in proportion to the matches (about 50-500 ms for a word in
    most of 100,000 documents). With `limit`, only the first `limit` name matches and the first
    `limit` matches the index yields come back: exact while there are at most `limit` matches,
    cheap to order when there are 100,000. Use it for the page of an unfiltered listing
    (limit = count cap + 1), never for the count, and not under a selective filter of the
    caller's (tier, industry): those rows may lie beyond the first `limit` matches.
    """
    terms = text.query_terms(query)
    if not terms:
        return None
    # A subquery, not a lookup first: one round trip per search (an unknown kind matches nothing).
    kinds = SearchKind.__table__
    kind_id = sa.select(kinds.c.id).where(kinds.c.name == kind).scalar_subquery()
    backend = _PostgreSQL if db.session.get_bind().dialect.name == "postgresql" else _SQLite
    if limit is None:
        return backend.every_match(terms, kind_id)
    # Two short scans in index order, each stopped by its limit, instead of one over every match.
    names = backend.matches(terms, kind_id, in_name=True).limit(limit).subquery()
    every = backend.matches(terms, kind_id, in_name=False).limit(limit).subquery()
    both = sa.union_all(sa.select(names), sa.select(every)).subquery()
    return (sa.select(both.c.object_id, sa.func.max(both.c.name_hit).label("name_hit"))
            .group_by(both.c.object_id))


class _SQLite:
    """FTS5 tables whose rowid is kind_id << 32 | object_id, so the index alone answers."""

    documents = sa.table(FTS_TABLE, sa.column("rowid", sa.BigInteger), sa.column(FTS_TABLE))
    names = sa.table(FTS_NAMES_TABLE, sa.column("rowid", sa.BigInteger), sa.column(FTS_NAMES_TABLE))

    @staticmethod
    def _where(table, terms: list[text.Term], kind_id: sa.ScalarSelect) -> list:
        first = kind_id.op("<<")(KIND_SHIFT)
        # The MATCH goes to FTS5's hidden column, which is named after the table.
        return [table.c[table.name].op("MATCH")(text.fts5_query(terms)),
                table.c.rowid.between(first, first + _MAX_OBJECT_ID)]

    @classmethod
    def every_match(cls, terms: list[text.Term], kind_id: sa.ScalarSelect) -> sa.Select:
        name_rows = sa.select(cls.names.c.rowid).where(*cls._where(cls.names, terms, kind_id))
        return sa.select(
            cls.documents.c.rowid.op("&")(_MAX_OBJECT_ID).label("object_id"),
            sa.case((cls.documents.c.rowid.in_(name_rows), 1), else_=0).label("name_hit"),
        ).where(*cls._where(cls.documents, terms, kind_id))

    @classmethod
    def matches(cls, terms: list[text.Term], kind_id: sa.ScalarSelect, in_name: bool) -> sa.Select:
        table = cls.names if in_name else cls.documents
        return sa.select(table.c.rowid.op("&")(_MAX_OBJECT_ID).label("object_id"),
                         sa.literal(int(in_name)).label("name_hit")).where(*cls._where(table, terms, kind_id))


class _PostgreSQL:
    """Stored tsvector columns, each with a GIN index."""

    documents = sa.table(SearchDocument.__tablename__, sa.column("id", sa.BigInteger), sa.column("kind_id", sa.Integer),
                         sa.column("object_id", sa.Integer), sa.column("name_vector"),
                         sa.column("document_vector"))

    @staticmethod
    def _tsquery(terms: list[text.Term]):
        return sa.func.to_tsquery(sa.literal_column("'simple'::regconfig"), text.tsquery(terms))

    @classmethod
    def _match(cls, column: str, terms: list[text.Term]):
        return cls.documents.c[column].op("@@")(cls._tsquery(terms))

    @classmethod
    def every_match(cls, terms: list[text.Term], kind_id: sa.ScalarSelect) -> sa.Select:
        # Name matches as a set from their own index: reading name_vector row by row would
        # unpack it from out-of-line storage for every match.
        names = cls.documents.alias("search_names")
        name_ids = sa.select(names.c.id).where(
            names.c.name_vector.op("@@")(cls._tsquery(terms)), names.c.kind_id == kind_id)
        name_hit = sa.case((cls.documents.c.id.in_(name_ids), 1), else_=0)
        return sa.select(cls.documents.c.object_id, name_hit.label("name_hit")).where(
            cls._match("document_vector", terms), cls.documents.c.kind_id == kind_id)

    @classmethod
    def matches(cls, terms: list[text.Term], kind_id: sa.ScalarSelect, in_name: bool) -> sa.Select:
        column = "name_vector" if in_name else "document_vector"
        return sa.select(cls.documents.c.object_id, sa.literal(int(in_name)).label("name_hit")).where(
            cls._match(column, terms), cls.documents.c.kind_id == kind_id)


def count_capped(select: sa.Select, cap: int = 1000) -> tuple[int, bool]:
    """Count the rows of a select, stopping after cap + 1; return (count, whether it passed cap)."""
    with nested_loops():
        count = db.session.scalar(capped_count_select(select, cap))
    return min(count, cap), count > cap


def capped_count_select(select: sa.Select, cap: int) -> sa.Select:
    """Return the select counting at most cap + 1 rows of `select`."""
    # Which rows a limit keeps may depend on the order, how many never does; sorting costs.
    rows = sa.select(sa.literal(1)).select_from(select.order_by(None).subquery()).limit(cap + 1).subquery()
    return sa.select(sa.func.count()).select_from(rows)


#: Settings for a capped count on PostgreSQL (see nested_loops).
_COUNT_SETTINGS = ("enable_hashjoin", "enable_mergejoin", "max_parallel_workers_per_gather")


@contextmanager
def nested_loops():
    """On PostgreSQL, join by nested loops in one process for the block, so a limit stops early.

    With no statistics on the vectors the planner expects few matches and would hash them all
    before joining; a nested loop stops at the limit, however many there are, and starting
    parallel workers costs more (8 ms) than a capped count. (An error aborts the transaction,
    which undoes SET LOCAL as well.)
    """
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    if postgresql:
        db.session.execute(sa.text("; ".join(f"SET LOCAL {name} = 0" for name in _COUNT_SETTINGS)))
    yield
    if postgresql:
        db.session.execute(sa.text("; ".join(f"SET LOCAL {name} TO DEFAULT" for name in _COUNT_SETTINGS)))
