"""The search index on PostgreSQL: stored tsvector columns, each with a GIN index, of the terms
as lexemes, with Chinese as n-grams; and the planner settings that keep a search bounded."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSQUERY

from portal import bulk
from portal.extensions import db
from portal.search import text
from portal.search.models import DOCUMENT_COLUMNS, SearchDocument, kind_id_of_bound_kind

#: Chinese as every substring of up to text.GRAM characters: GIN answers such a query as
#: one token, with no row to re-read, and the rows stay narrow (terms out of line).
grams = True
#: The most bytes a document's terms take (names and body together): a tsvector holds at most
#: 1 MB of lexemes, and the vectors are the terms as they are. A longer body (an article of
#: some 35,000 Chinese characters) is indexed as far as it fits.
max_terms_bytes = 1048575
documents = sa.table(SearchDocument.__tablename__, sa.column("kind_id", sa.Integer),
                     *(sa.column(name) for name in DOCUMENT_COLUMNS), sa.column("name_terms"),
                     sa.column("body_terms"), sa.column("name_vector"), sa.column("document_vector"))


@dataclass(frozen=True)
class Shape:
    """A query as a tsquery of every token and the phrases whose order is checked apart."""

    phrases: int
    values: dict = field(compare=False, hash=False)

    def __init__(self, terms: list[text.Term], tags: tuple[str, ...] = ()):
        terms = [text.gram_term(term) for term in terms]
        phrases = text.phrases(terms)
        match = " & ".join([text.tsquery(terms), *(f"'{tag_token(tag)}'" for tag in tags)])
        object.__setattr__(self, "phrases", len(phrases))
        object.__setattr__(self, "values", {"match": match,
                                            **{f"phrase_{n}": phrase for n, phrase in enumerate(phrases)}})


#: Starts every tag's token, whose other characters spell the tag's bytes in hex, one Chinese
#: numeral a digit. PostgreSQL's parser drops private-use characters, so a tag is Chinese here:
#: a token of more than text.GRAM characters, which no query yields (a query's Chinese tokens
#: have at most GRAM characters, and only words match as prefixes).
TAG_MARK = "标签标签"
_TAG_DIGITS = str.maketrans("0123456789abcdef", "零一二三四五六七八九甲乙丙丁戊己")


def tag_token(tag: str) -> str:
    """Return the token a document's tag is indexed as."""
    return TAG_MARK + tag.encode().hex().translate(_TAG_DIGITS)


def kind_tags(kind: str) -> tuple[str, ...]:
    """Return the tags every document of a kind carries and every search of it requires.

    The kinds share the hash partitions, and GIN knows nothing of kind_id: without its kind as a
    token, a search of the archive's dozens of articles fetched and dropped every firm matching
    the same word (8,500 for "ruanjian", 10 ms). With it, GIN intersects the two and fetches
    only the kind's matches (the kind that is most of the index goes without: writing.register_source).
    """
    return (f"kind:{kind}",)


def sortable(column):
    """Return the column as it orders search results."""
    # Keys are pinyin in ASCII: bytewise order is SQLite's and costs no locale lookups.
    return column.collate("C")


def candidates(shape: Shape, in_name: bool, after: bool = False) -> sa.Select:
    """Select (object_id, rank, order_key) of the matching documents; `after`: only those past
    the object id bound as `after`, in id order (GIN yields no order: the matches past it are
    sorted, a cost in proportion to them, paid only on pages past the ranked ones)."""
    columns = documents.c
    vector = columns.name_vector if in_name else columns.document_vector
    # Cast, not parsed: the vectors hold the terms as they are (migration p0searchvectors), and
    # the tsquery's tokens are quoted terms made the same way.
    tsquery = sa.cast(sa.bindparam("match", type_=sa.Text), TSQUERY)
    # GIN answers every token without re-reading a row. Only a Chinese run longer than
    # text.GRAM is a phrase, whose order is a substring test of the terms (read from
    # out-of-line storage, so only for such rare queries).
    in_order = []
    for n in range(shape.phrases):
        phrase = sa.bindparam(f"phrase_{n}", type_=sa.Text)
        in_name_terms = sa.func.strpos(columns.name_terms, phrase) > 0
        in_order.append(in_name_terms if in_name else
                        sa.or_(in_name_terms, sa.func.strpos(columns.body_terms, phrase) > 0))
    select = (sa.select(*(columns[name] for name in DOCUMENT_COLUMNS))
              .where(vector.op("@@")(tsquery), columns.kind_id == kind_id_of_bound_kind(), *in_order))
    if after:
        select = select.where(columns.object_id > sa.bindparam("after")).order_by(columns.object_id)
    return select


#: Settings for a capped count (see nested_loops).
COUNT_SETTINGS = ("enable_hashjoin", "enable_mergejoin", "max_parallel_workers_per_gather")
#: Settings for a page of search results. Besides nested loops (a filter such as an industry is
#: probed per match, and the probing stops with the page), no sequential scans: the planner
#: cannot tell the cost of matching a tsvector stored out of line, and on partitions of a few
#: hundred rows it would rather read every row (20 us each) than the GIN index.
SEARCH_SETTINGS = (*COUNT_SETTINGS, "enable_seqscan")


@contextmanager
def nested_loops(settings: tuple[str, ...]):
    """Join by nested loops in one process for the block, so a limit stops early.

    With no statistics on the vectors the planner expects few matches and would hash them all
    before joining; a nested loop stops at the limit, however many there are, and starting
    parallel workers costs more (8 ms) than a capped count. `settings` names what is turned off
    (search pages add sequential scans, see SEARCH_SETTINGS). (An error aborts the
    transaction, which undoes SET LOCAL as well.)
    """
    db.session.execute(sa.text("; ".join(f"SET LOCAL {name} = 0" for name in settings)))
    yield
    db.session.execute(sa.text("; ".join(f"SET LOCAL {name} TO DEFAULT" for name in settings)))


def counting():
    """Return the context a capped count runs in."""
    return nested_loops(COUNT_SETTINGS)


def paging():
    """Return the context a page of search results runs in."""
    return nested_loops(SEARCH_SETTINGS)


def tidy() -> None:
    """Refresh what PostgreSQL plans and searches with after a rebuild."""
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


def loading():
    """Return the context of a bulk load: the GIN indexes are built once after the rows."""
    # Kept up to date row by row, they made a load of 100,000 firms take 8 minutes.
    return bulk.indexes_built_after(SearchDocument.__table__)
