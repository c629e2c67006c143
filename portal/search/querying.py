"""Turn queries into selects of matching object ids, pages of results and capped counts."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa

from portal.extensions import db
from portal.search import backend, text
from portal.search.backend import Backend, Shape


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
    shape = database.Shape(terms)
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
    database, dialect = backend.current(), db.session.get_bind().dialect
    shape = database.Shape(terms)
    if among is None:
        page, total = _compiled_page_statements(database, shape, rank is not None, dialect)
    else:  # a statement of its own: the caller's select is no key to keep it under
        page, total = _page_statements(database, shape, rank is not None, dialect, among)
    values = {"kind": kind, "rank": rank, "reads": cap + 1, "offset": offset, "limit": limit, **shape.values}
    with database.paging():
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
def _compiled_page_statements(database: Backend, shape: Shape, by_rank: bool, dialect) -> tuple:
    """Return the page and count statements of one shape of search, built and compiled once:
    their values are bound when they run (building them anew costs more than an indexed search
    on SQLite)."""
    return _page_statements(database, shape, by_rank, dialect)


def _page_statements(database: Backend, shape: Shape, by_rank: bool, dialect,
                     among: sa.Select | None = None) -> tuple:
    """Build and compile the page and count statements of one shape of search."""
    reads = sa.bindparam("reads")

    def first_matches(in_name: bool, reads=reads) -> sa.CTE:
        select = database.candidates(shape, in_name)
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
            .order_by(both.c.name_hit.desc(), both.c.rank, database.sortable(both.c.order_key),
                      both.c.object_id)
            .offset(sa.bindparam("offset")).limit(sa.bindparam("limit")))
    return page.compile(dialect=dialect), sa.select(total).compile(dialect=dialect)


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
