"""Write documents into the search index and turn queries into selects of matching object ids."""
from __future__ import annotations

from typing import Callable, Iterable

import sqlalchemy as sa

from portal.extensions import db
from portal.search import text
from portal.search.models import FTS_TABLE, KIND_SHIFT, SearchDocument, SearchKind

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


def rebuild_kind(kind: str, rows: Iterable[SourceRow], batch_size: int = 500) -> int:
    """Replace every document of a kind by `rows`; flushes, the caller commits; returns the count."""
    kind_id = _kind_id(kind, create=True)
    db.session.execute(sa.delete(SearchDocument).where(SearchDocument.kind_id == kind_id))
    count, batch = 0, []
    for object_id, name, body, pinyin_names in rows:
        batch.append(_document_row(kind_id, object_id, name, body, pinyin_names))
        if len(batch) >= batch_size:
            count += _insert(batch)
            batch = []
    count += _insert(batch)
    db.session.flush()
    return count


def _insert(rows: list[dict]) -> int:
    if rows:
        db.session.execute(sa.insert(SearchDocument.__table__), rows)
    return len(rows)


def matching(kind: str, query: str) -> sa.Select | None:
    """Return a select of (object_id, name_hit) for the documents of `kind` matching `query`.

    None when the query holds nothing searchable. Every term must match the name or the body;
    name_hit is 1 when any term matches the name (or its pinyin).
    """
    terms = text.query_terms(query)
    if not terms:
        return None
    # A subquery, not a lookup first: one round trip per search (an unknown kind matches nothing).
    kinds = SearchKind.__table__
    kind_id = sa.select(kinds.c.id).where(kinds.c.name == kind).scalar_subquery()
    if db.session.get_bind().dialect.name == "postgresql":
        return _matching_postgresql(terms, kind_id)
    return _matching_sqlite(terms, kind_id)


def _matching_sqlite(terms: list[text.Term], kind_id: sa.ScalarSelect) -> sa.Select:
    # FTS5's hidden column, named after the table, takes the MATCH (also under an alias).
    fts = sa.table(FTS_TABLE, sa.column("rowid", sa.BigInteger), sa.column(FTS_TABLE))
    names = fts.alias("search_fts_names")
    first = kind_id.op("<<")(KIND_SHIFT)
    last = first + _MAX_OBJECT_ID
    name_rows = sa.select(names.c.rowid).where(
        names.c[FTS_TABLE].op("MATCH")(text.fts5_name_query(terms)), names.c.rowid.between(first, last))
    return sa.select(
        fts.c.rowid.op("&")(_MAX_OBJECT_ID).label("object_id"),
        sa.case((fts.c.rowid.in_(name_rows), 1), else_=0).label("name_hit"),
    ).where(fts.c[FTS_TABLE].op("MATCH")(text.fts5_query(terms)), fts.c.rowid.between(first, last))


def _matching_postgresql(terms: list[text.Term], kind_id: sa.ScalarSelect) -> sa.Select:
    documents = sa.table(SearchDocument.__tablename__, sa.column("kind_id", sa.Integer),
                         sa.column("object_id", sa.Integer), sa.column("name_vector"),
                         sa.column("document_vector"))
    simple = sa.literal_column("'simple'::regconfig")
    every_term = sa.func.to_tsquery(simple, text.tsquery(terms))
    any_term = sa.func.to_tsquery(simple, text.tsquery(terms, match_all=False))
    return sa.select(
        documents.c.object_id,
        sa.case((documents.c.name_vector.op("@@")(any_term), 1), else_=0).label("name_hit"),
    ).where(documents.c.document_vector.op("@@")(every_term), documents.c.kind_id == kind_id)


def count_capped(select: sa.Select, cap: int = 1000) -> tuple[int, bool]:
    """Count the rows of a select, stopping after cap + 1; return (count, whether it passed cap)."""
    # Which rows a limit keeps may depend on the order, how many never does; sorting costs.
    rows = sa.select(sa.literal(1)).select_from(select.order_by(None).subquery()).limit(cap + 1).subquery()
    count = db.session.scalar(sa.select(sa.func.count()).select_from(rows))
    return min(count, cap), count > cap
