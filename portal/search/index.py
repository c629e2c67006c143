"""Write documents into the search index and turn queries into selects of matching object ids."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, NamedTuple

import sqlalchemy as sa

from portal.extensions import db
from portal.search import text
from portal.search.models import FTS_NAMES_TABLE, FTS_TABLE, KIND_SHIFT, SearchDocument, SearchKind



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


SourceRow = Document | tuple
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


def _document_row(kind_id: int, document: Document) -> dict:
    name, pinyin_names = document.name, document.pinyin_names
    grams = _backend().grams
    return {
        "id": _document_id(kind_id, document.object_id),
        "kind_id": kind_id,
        "object_id": document.object_id,
        "name_terms": text.index_text(name, name if pinyin_names is None else pinyin_names, grams),
        "body_terms": text.index_text(document.body, grams=grams),
        "rank": document.rank,
        "order_key": document.order_key[:400],
    }


def index_document(kind: str, object_id: int, name: list[str], body: list[str],
                   pinyin_names: list[str] | None = None, rank: int = 0, order_key: str = "") -> None:
    """Add or replace an object's document; flushes, the caller commits."""
    row = _document_row(_kind_id(kind, create=True),
                        Document(object_id, name, body, pinyin_names, rank, order_key))
    document = db.session.get(SearchDocument, row["id"])
    if document is None:
        db.session.add(SearchDocument(**row))
    else:
        for key in ("name_terms", "body_terms", "rank", "order_key"):
            setattr(document, key, row[key])
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
    for source_row in rows:
        row = _document_row(kind_id, Document(*source_row))
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


def matching(kind: str, query: str) -> sa.Select | None:
    """Return a select of (object_id, name_hit) for every document of `kind` matching `query`.

    None when the query holds nothing searchable. Every term must match the name or the body;
    name_hit is 1 when every term matches the name texts (or their pinyin). Join it to the
    kind's table when the caller filters on that table (bulletins: who may read them); ordering
    every match costs in proportion to the matches, so a listing of one kind's objects in their
    own order should use search_page, which stops early.
    """
    terms = text.query_terms(query)
    if not terms:
        return None
    backend = _backend()
    shape = backend.Shape(terms)
    names = backend.candidates(shape, in_name=True).subquery()
    every = backend.candidates(shape, in_name=False)
    object_id = every.selected_columns.object_id
    name_hit = sa.case((object_id.in_(sa.select(names.c.object_id)), 1), else_=0).label("name_hit")
    return every.with_only_columns(object_id, name_hit).params(kind=kind, **shape.values)


@dataclass
class SearchPage:
    """One page of a search: object ids best first, and the number of matches up to a cap."""

    object_ids: list[int]
    total: int
    is_capped: bool


def search_page(kind: str, query: str, *, rank: int | None = None, among: sa.Select | None = None,
                offset: int = 0, limit: int = 20, cap: int = 1000) -> SearchPage | None:
    """Return a page of the objects of `kind` matching `query`: name matches first, then by rank
    and order_key; None when the query holds nothing searchable.

    `rank` keeps the documents of one rank, `among` (a select of object ids) those it yields.
    The work is bounded whatever the size of the index: the search reads the first cap + 1
    name matches the index yields and, unless those fill the reads, the first cap + 1 matches,
    and orders only those. Up to
    `cap` matches the page and the total are exact; beyond it the total says "cap or more" and
    the page ranks within what was read (a narrower query finds the rest).
    """
    terms = text.query_terms(query)
    if not terms:
        return None
    backend, dialect = _backend(), db.session.get_bind().dialect
    shape = backend.Shape(terms)
    if among is None:
        page, total = _page_statements(backend, shape, rank is not None, dialect)
    else:
        page, total = _page_statements.__wrapped__(backend, shape, rank is not None, dialect, among)
    values = {"kind": kind, "rank": rank, "reads": cap + 1, "offset": offset, "limit": limit, **shape.values}
    with nested_loops(_SEARCH_SETTINGS):
        rows = _run(page, values)
        count = rows[0].total if rows else _run(total, values)[0][0]
    return SearchPage([row.object_id for row in rows], min(count, cap), count > cap)


def _run(compiled: sa.Compiled, values: dict) -> list:
    """Run a statement compiled beforehand with these values (SQLAlchemy would otherwise walk the
    whole statement for its cache key on every search: a third of a search's time on SQLite)."""
    params = compiled.construct_params(values)
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    return db.session.connection().exec_driver_sql(compiled.string, params).all()


@lru_cache(maxsize=64)
def _page_statements(backend, shape, by_rank: bool, dialect, among: sa.Select | None = None) -> tuple:
    """Build and compile the page and count statements of one shape of search, once: their values
    are bound when they run (building them anew costs more than an indexed search on SQLite)."""

    reads = sa.bindparam("reads")

    def first_matches(in_name: bool, reads=reads) -> sa.CTE:
        select = backend.candidates(shape, in_name)
        columns = select.selected_columns
        if by_rank:
            select = select.where(columns.rank == sa.bindparam("rank"))
        if among is not None:
            # A probe per match, which stops with the reads. As `object_id IN (among)` SQLite
            # handed the whole list to FTS5, one full search per listed id (90 s at 100,000).
            listed = among.subquery()
            select = select.where(sa.exists().where(listed.c[0] == columns.object_id))
        return select.limit(reads).cte("name_matches" if in_name else "matches")

    names = first_matches(in_name=True)
    # Counted once (a CTE of one row) for the two places that need it.
    counted = sa.select(sa.func.count().label("n")).select_from(names).cte("name_count")
    name_count = sa.select(counted.c.n).scalar_subquery()
    # Every name match is a match: when the name matches alone reach the reads, the count is
    # capped and the page is all name matches, so the other matches are not read at all (half
    # the work of a common word). As a limit of 0, not a condition: SQLite tested a condition
    # on every match and so read them all.
    every = first_matches(False, reads=sa.case((name_count < reads, reads), else_=0))
    # Name matches first, then the other matches (a name match is a match too, but it may lie
    # beyond the first cap + 1 of them).
    others = sa.select(every).where(every.c.object_id.not_in(sa.select(names.c.object_id)))
    both = sa.union_all(sa.select(names, sa.literal_column("1").label("name_hit")),
                        sa.select(others.subquery(), sa.literal_column("0").label("name_hit"))).subquery()
    total = sa.case((name_count >= reads, reads),
                    else_=sa.select(sa.func.count()).select_from(every).scalar_subquery())
    page = (sa.select(both.c.object_id, total.label("total"))
            .order_by(both.c.name_hit.desc(), both.c.rank, backend.sortable(both.c.order_key), both.c.object_id)
            .offset(sa.bindparam("offset")).limit(sa.bindparam("limit")))
    return page.compile(dialect=dialect), sa.select(total).compile(dialect=dialect)


def _backend():
    return _PostgreSQL if db.session.get_bind().dialect.name == "postgresql" else _SQLite


def _kind_id_of_bound_kind() -> sa.ScalarSelect:
    # A subquery, not a lookup first: one round trip per search (an unknown kind matches nothing).
    kinds = SearchKind.__table__
    return sa.select(kinds.c.id).where(kinds.c.name == sa.bindparam("kind")).scalar_subquery()


_DOCUMENT_COLUMNS = ("object_id", "rank", "order_key")


class _SQLite:
    """FTS5 tables whose rowid is the document id (kind_id << 32 | object_id)."""

    #: Chinese as bigrams: FTS5 reads a phrase's order from its index, and a prefix index of
    #: one character answers a one-character query.
    grams = False
    documents = SearchDocument.__table__
    fts = sa.table(FTS_TABLE, sa.column("rowid", sa.BigInteger), sa.column(FTS_TABLE))
    names = sa.table(FTS_NAMES_TABLE, sa.column("rowid", sa.BigInteger), sa.column(FTS_NAMES_TABLE))

    @dataclass(frozen=True)
    class Shape:
        """A query as one FTS5 expression; every query has the same shape."""

        values: dict = field(compare=False, hash=False)

        def __init__(self, terms: list[text.Term]):
            object.__setattr__(self, "values", {"match": text.fts5_query(terms)})

    @staticmethod
    def sortable(column):
        return column  # SQLite compares text bytewise already

    @classmethod
    def candidates(cls, shape: Shape, in_name: bool) -> sa.Select:
        """Select (object_id, rank, order_key) of the matching documents, in index order."""
        table, documents, kind_id = cls.names if in_name else cls.fts, cls.documents.c, _kind_id_of_bound_kind()
        first = kind_id.op("<<")(KIND_SHIFT)
        # Joined by (kind_id, object_id), not by the rowid, so that SQLite reads the order from
        # the covering ix_search_documents_order: a row of search_documents holds the terms too, and reading
        # one per match took twice as long as the FTS5 search itself.
        joined = table.join(cls.documents, sa.and_(documents.kind_id == kind_id,
                                                   documents.object_id == table.c.rowid.op("&")(_MAX_OBJECT_ID)))
        # The MATCH goes to FTS5's hidden column, which is named after the table; the rowid
        # range keeps one kind, so FTS5 reads only that kind's part of each doclist.
        return (sa.select(*(documents[name] for name in _DOCUMENT_COLUMNS)).select_from(joined)
                .where(table.c[table.name].op("MATCH")(sa.bindparam("match")),
                       table.c.rowid.between(first, first + _MAX_OBJECT_ID)))


class _PostgreSQL:
    """Stored tsvector columns, each with a GIN index, over terms with Chinese as n-grams."""

    #: Chinese as every substring of up to text.GRAM characters: GIN answers such a query as
    #: one token, with no row to re-read, and the rows stay narrow (terms out of line).
    grams = True
    documents = sa.table(SearchDocument.__tablename__, sa.column("kind_id", sa.Integer),
                         *(sa.column(name) for name in _DOCUMENT_COLUMNS), sa.column("name_terms"),
                         sa.column("body_terms"), sa.column("name_vector"), sa.column("document_vector"))

    @dataclass(frozen=True)
    class Shape:
        """A query as a tsquery of every token and the phrases whose order is checked apart."""

        phrases: int
        values: dict = field(compare=False, hash=False)

        def __init__(self, terms: list[text.Term]):
            terms = [text.gram_term(term) for term in terms]
            phrases = text.phrases(terms)
            object.__setattr__(self, "phrases", len(phrases))
            object.__setattr__(self, "values", {"match": text.tsquery(terms),
                                                **{f"phrase_{n}": phrase for n, phrase in enumerate(phrases)}})

    @staticmethod
    def sortable(column):
        # Keys are pinyin in ASCII: bytewise order is SQLite's and costs no locale lookups.
        return column.collate("C")

    @classmethod
    def candidates(cls, shape: Shape, in_name: bool) -> sa.Select:
        """Select (object_id, rank, order_key) of the matching documents."""
        columns = cls.documents.c
        vector = columns.name_vector if in_name else columns.document_vector
        tsquery = sa.func.to_tsquery(sa.literal_column("'simple'::regconfig"), sa.bindparam("match", type_=sa.Text))
        # GIN answers every token without re-reading a row. Only a Chinese run longer than
        # text.GRAM is a phrase, whose order is a substring test of the terms (read from
        # out-of-line storage, so only for such rare queries).
        in_order = []
        for n in range(shape.phrases):
            phrase = sa.bindparam(f"phrase_{n}", type_=sa.Text)
            in_name_terms = sa.func.strpos(columns.name_terms, phrase) > 0
            in_order.append(in_name_terms if in_name else
                            sa.or_(in_name_terms, sa.func.strpos(columns.body_terms, phrase) > 0))
        return (sa.select(*(columns[name] for name in _DOCUMENT_COLUMNS))
                .where(vector.op("@@")(tsquery), columns.kind_id == _kind_id_of_bound_kind(), *in_order))


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
#: Settings for a page of search results on PostgreSQL. Besides nested loops (a filter such as
#: an industry is probed per match, and the probing stops with the page), no sequential scans:
#: the planner cannot tell the cost of matching a tsvector stored out of line, and on partitions
#: of a few hundred rows it would rather read every row (20 us each) than the GIN index.
_SEARCH_SETTINGS = (*_COUNT_SETTINGS, "enable_seqscan")


@contextmanager
def nested_loops(settings: tuple[str, ...] = _COUNT_SETTINGS):
    """On PostgreSQL, join by nested loops in one process for the block, so a limit stops early.

    With no statistics on the vectors the planner expects few matches and would hash them all
    before joining; a nested loop stops at the limit, however many there are, and starting
    parallel workers costs more (8 ms) than a capped count. `settings` names what is turned off
    (search pages add sequential scans, see _SEARCH_SETTINGS). (An error aborts the
    transaction, which undoes SET LOCAL as well.)
    """
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    if postgresql:
        db.session.execute(sa.text("; ".join(f"SET LOCAL {name} = 0" for name in settings)))
    yield
    if postgresql:
        db.session.execute(sa.text("; ".join(f"SET LOCAL {name} TO DEFAULT" for name in settings)))
