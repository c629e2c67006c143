"""Write documents into the search index: one at a time, in bulk, or a kind rebuilt from its source."""
from __future__ import annotations

from typing import Callable, Iterable, NamedTuple

import sqlalchemy as sa

from portal.extensions import db
from portal.search import backend, text
from portal.search.models import KIND_SHIFT, MAX_OBJECT_ID, SearchDocument, SearchKind


class Document(NamedTuple):
    """What a source yields for each object; a plain tuple of the first four works too."""

    object_id: int
    name: list[str]
    body: list[str]
    #: The names to index the pinyin of (None: the name texts themselves).
    pinyin_names: list[str] | None = None
    #: Where the object lists in search results: lower rank first, then by order_key.
    rank: int = 0
    order_key: str = ""
    #: Labels a search can be narrowed by ("tier:council", "industry:bpo"): indexed as tokens
    #: no query matches, so the full-text index applies the filter as it finds the matches.
    tags: tuple[str, ...] = ()


SourceRow = Document | tuple
_sources: dict[str, Callable[[], Iterable[SourceRow]]] = {}
_most_of_index: set[str] = set()


def register_source(kind: str, rebuild: Callable[[], Iterable[SourceRow]], *, most_of_index: bool = False) -> None:
    """Name the function that yields every document of a kind, for `search reindex`.

    `most_of_index`: the kind's documents are nearly all the index holds (the directory's
    firms), so its searches are not narrowed by the kind's own tags (backend kind_tags): on
    PostgreSQL intersecting 100,000 entries cost a directory search 0.8 ms to keep out a few dozen.
    """
    _sources[kind] = rebuild
    if most_of_index:
        _most_of_index.add(kind)
    else:
        _most_of_index.discard(kind)


def search_tags(kind: str) -> tuple[str, ...]:
    """Return the tags a search of the kind requires besides its caller's."""
    return () if kind in _most_of_index else backend.current().kind_tags(kind)


def registered_sources() -> dict[str, Callable[[], Iterable[SourceRow]]]:
    """Return the registered sources by kind."""
    return dict(_sources)


def kind_id_of(kind: str, create: bool = False) -> int | None:
    kind_id = db.session.scalar(sa.select(SearchKind.id).where(SearchKind.name == kind))
    if kind_id is None and create:
        row = SearchKind(name=kind)
        db.session.add(row)
        db.session.flush()
        kind_id = row.id
    return kind_id


def _document_id(kind_id: int, object_id: int) -> int:
    if not 0 <= object_id <= MAX_OBJECT_ID:
        raise ValueError(f"object id out of range: {object_id}")
    return kind_id << KIND_SHIFT | object_id


def document_row(kind: str, kind_id: int, document: Document) -> dict:
    name, pinyin_names = document.name, document.pinyin_names
    database = backend.current()
    grams = database.grams
    tags = " ".join(database.tag_token(tag) for tag in (*document.tags, *database.kind_tags(kind)))
    # Tags with the name terms: both FTS5 tables and both tsvectors hold the names.
    name_terms = " ".join(filter(None, [
        text.index_text(name, name if pinyin_names is None else pinyin_names, grams), tags]))
    body_terms = text.index_text(document.body, grams=grams)
    if database.max_terms_bytes is not None:
        body_terms = text.cut_terms(body_terms, database.max_terms_bytes - len(name_terms.encode()) - 1)
    return {
        "id": _document_id(kind_id, document.object_id),
        "kind_id": kind_id,
        "object_id": document.object_id,
        "name_terms": name_terms,
        "body_terms": body_terms,
        "rank": document.rank,
        "order_key": document.order_key[:400],
    }


def index_document(kind: str, object_id: int, name: list[str], body: list[str],
                   pinyin_names: list[str] | None = None, rank: int = 0, order_key: str = "",
                   tags: tuple[str, ...] = ()) -> None:
    """Add or replace an object's document; flushes, the caller commits."""
    row = document_row(kind, kind_id_of(kind, create=True),
                       Document(object_id, name, body, pinyin_names, rank, order_key, tuple(tags)))
    document = db.session.get(SearchDocument, row["id"])
    if document is None:
        db.session.add(SearchDocument(**row))
    else:
        for key in ("name_terms", "body_terms", "rank", "order_key"):
            setattr(document, key, row[key])
    db.session.flush()


def remove_document(kind: str, object_id: int) -> None:
    """Take an object out of the index; flushes, the caller commits."""
    kind_id = kind_id_of(kind)
    if kind_id is not None:
        db.session.execute(sa.delete(SearchDocument).where(
            SearchDocument.id == _document_id(kind_id, object_id)))
        db.session.flush()


def remove_many(kind: str, object_ids: sa.Select) -> int:
    """Take out of the index every object a select of ids yields, in one statement; returns how many."""
    kind_id = kind_id_of(kind)
    if kind_id is None:
        return 0
    ids = object_ids.subquery()
    # By document id, the primary key (and SQLite's rowid): one probe per object.
    documents = sa.select(sa.literal(kind_id << KIND_SHIFT, sa.BigInteger) + ids.c[0])
    result = db.session.execute(sa.delete(SearchDocument).where(SearchDocument.id.in_(documents))
                                .execution_options(synchronize_session=False))
    db.session.flush()
    return result.rowcount


def set_ranks(kind: str, ranks: sa.Select) -> int:
    """Give the documents of a kind the ranks a select of (object_id, rank) yields, in one statement.

    For a change of order that touches many objects at once (staff moving a tier): the terms stay
    as they are. Flushes, the caller commits; returns how many documents changed.
    """
    kind_id = kind_id_of(kind)
    if kind_id is None:
        return 0
    source = ranks.subquery()
    object_id, rank = source.c[0], source.c[1]
    # By document id, the primary key (and SQLite's rowid): one probe per object.
    statement = (sa.update(SearchDocument)
                 .where(SearchDocument.id == sa.literal(kind_id << KIND_SHIFT, sa.BigInteger) + object_id,
                        SearchDocument.rank != rank)
                 .values(rank=rank).execution_options(synchronize_session=False))
    changed = db.session.execute(statement).rowcount
    db.session.flush()
    return changed


def index_many(kind: str, rows: Iterable[SourceRow], batch_size: int = 500) -> int:
    """Add or replace many documents of a kind in bulk; flushes, the caller commits; returns the count."""
    kind_id = kind_id_of(kind, create=True)
    return _write(kind, kind_id, rows, batch_size, replace=True)


def rebuild_kind(kind: str, rows: Iterable[SourceRow], batch_size: int = 500) -> int:
    """Replace every document of a kind by `rows`; flushes, the caller commits; returns the count."""
    kind_id = kind_id_of(kind, create=True)
    db.session.execute(sa.delete(SearchDocument).where(SearchDocument.kind_id == kind_id))
    return _write(kind, kind_id, rows, batch_size, replace=False)


def _write(kind: str, kind_id: int, rows: Iterable[SourceRow], batch_size: int, replace: bool) -> int:
    count, batch = 0, {}
    for source_row in rows:
        row = document_row(kind, kind_id, Document(*source_row))
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
    """Refresh what the database plans and searches with after a rebuild (run it once that committed)."""
    backend.current().tidy()
