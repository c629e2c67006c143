"""Turn queries into selects of matching object ids, pages of results and capped counts."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa

from portal.extensions import db
from portal.search import backend, text
from portal.search.backend import Backend, Shape
from portal.search.writing import search_tags


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
    database = backend.current()
    shape = database.Shape(terms, search_tags(kind))
    names = database.candidates(shape, in_name=True).subquery()
    every = database.candidates(shape, in_name=False)
    object_id = every.selected_columns.object_id
    name_hit = sa.case((object_id.in_(sa.select(names.c.object_id)), 1), else_=0).label("name_hit")
    return every.with_only_columns(object_id, name_hit).params(kind=kind, **shape.values)


@dataclass
class SearchPage:
    """One page of a search: object ids best first, and the number of matches up to a cap."""

    object_ids: list[int]
    total: int
    is_capped: bool


def search_page(kind: str, query: str, *, tags: tuple[str, ...] = (), rank: int | None = None,
                among: sa.Select | None = None, offset: int = 0, limit: int = 20,
                cap: int = 1000) -> SearchPage | None:
    """Return a page of the objects of `kind` matching `query`: name matches first, then by rank
    and order_key; None when the query holds nothing searchable.

    `tags` keeps the documents indexed with every one of them (Document.tags): the full-text
    index applies them as it finds the matches, so a narrowed search costs what a plain one does.
    `rank` keeps the documents of one rank, `among` (a select of object ids) those it yields:
    both are tested on each match, so a rare rank or a short list walks many of them.
    The work is bounded whatever the size of the index: the search reads the first cap + 1
    name matches the index yields and, unless those fill the reads, the first cap + 1 matches,
    and orders only those. Up to
    `cap` matches the page and the total are exact; beyond it the total says "cap or more" and
    the pages rank the first `cap` of what was read; search_after lists every other match.
    """
    found = _statements(kind, query, tags, rank, among)
    if found is None:
        return None
    (page, total, _), database, values = found
    values.update(reads=cap + 1, offset=offset, limit=limit)
    with database.paging():
        rows = _run(page, values)
        count = rows[0].total if rows else _run(total, values)[0][0]
    return SearchPage([row.object_id for row in rows], min(count, cap), count > cap)


def search_after(kind: str, query: str, *, after: int = 0, tags: tuple[str, ...] = (), rank: int | None = None,
                 among: sa.Select | None = None, limit: int = 20, cap: int = 1000,
                 window: int | None = None) -> SearchPage | None:
    """Return the matches past the first `window` (default `cap`) that search_page ranks:
    by object id, after `after`.

    With search_page's pages (offset below `cap`) these reach every match exactly once, however
    many there are (a keyset: each page starts after the last id of the one before). The index
    yields them in id order, so a page reads the ranked window once and then `limit` matches.
    `total` is the page's own length; `is_capped` says whether more follow.
    """
    found = _statements(kind, query, tags, rank, among)
    if found is None:
        return None
    (_, _, rest), database, values = found
    values.update(reads=cap + 1, window=cap if window is None else window, after=after, more=limit + 1)
    with database.paging():
        ids = [row.object_id for row in _run(rest, values)]
    return SearchPage(ids[:limit], len(ids[:limit]), len(ids) > limit)


def _statements(kind, query, tags, rank, among):
    terms = text.query_terms(query)
    if not terms:
        return None
    database, dialect = backend.current(), db.session.get_bind().dialect
    shape = database.Shape(terms, (*tags, *search_tags(kind)))
    if among is None:
        statements = _compiled_page_statements(database, shape, rank is not None, dialect)
    else:  # a statement of its own: the caller's select is no key to keep it under
        statements = _page_statements(database, shape, rank is not None, dialect, among)
    return statements, database, {"kind": kind, "rank": rank, **shape.values}


def _run(compiled: sa.Compiled, values: dict) -> list:
    """Run a statement compiled beforehand with these values (SQLAlchemy would otherwise walk the
    whole statement for its cache key on every search: a third of a search's time on SQLite)."""
    params = compiled.construct_params(values)
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup)
    return db.session.connection().exec_driver_sql(compiled.string, params).all()


@lru_cache(maxsize=64)
def _compiled_page_statements(database: Backend, shape: Shape, by_rank: bool, dialect) -> tuple:
    """Return the page, count and rest statements of one shape of search, built and compiled once:
    their values are bound when they run (building them anew costs more than an indexed search
    on SQLite)."""
    return _page_statements(database, shape, by_rank, dialect)


def _page_statements(database: Backend, shape: Shape, by_rank: bool, dialect,
                     among: sa.Select | None = None) -> tuple:
    """Build and compile the page, count and rest (search_after) statements of one shape of search."""
    reads = sa.bindparam("reads")

    def filtered(select: sa.Select) -> sa.Select:
        columns = select.selected_columns
        if by_rank:
            select = select.where(columns.rank == sa.bindparam("rank"))
        if among is not None:
            # A probe per match, which stops with the reads. As `object_id IN (among)` SQLite
            # handed the whole list to FTS5, one full search per listed id (90 s at 100,000).
            listed = among.subquery()
            select = select.where(sa.exists().where(listed.c[0] == columns.object_id))
        return select

    def first_matches(in_name: bool, reads=reads) -> sa.CTE:
        return filtered(database.candidates(shape, in_name)).limit(reads).cte("name_matches" if in_name else "matches")

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
    order = (both.c.name_hit.desc(), both.c.rank, database.sortable(both.c.order_key), both.c.object_id)
    page = (sa.select(both.c.object_id, total.label("total")).order_by(*order)
            .offset(sa.bindparam("offset")).limit(sa.bindparam("limit")))
    # The rest: every match but the `window` that the pages rank, in the index's own order.
    window = sa.select(both.c.object_id).order_by(*order).limit(sa.bindparam("window")).subquery()
    later = filtered(database.candidates(shape, in_name=False, after=True))
    rest = (later.with_only_columns(later.selected_columns.object_id)
            .where(later.selected_columns.object_id.not_in(sa.select(window.c.object_id)))
            .limit(sa.bindparam("more")))
    return (page.compile(dialect=dialect), sa.select(total).compile(dialect=dialect),
            rest.compile(dialect=dialect))


def count_capped(select: sa.Select, cap: int = 1000) -> tuple[int, bool]:
    """Count the rows of a select, stopping after cap + 1; return (count, whether it passed cap)."""
    with backend.current().counting():
        count = db.session.scalar(capped_count_select(select, cap))
    return min(count, cap), count > cap


def capped_count_select(select: sa.Select, cap: int) -> sa.Select:
    """Return the select counting at most cap + 1 rows of `select`."""
    # Which rows a limit keeps may depend on the order, how many never does; sorting costs.
    rows = sa.select(sa.literal(1)).select_from(select.order_by(None).subquery()).limit(cap + 1).subquery()
    return sa.select(sa.func.count()).select_from(rows)
