"""Search for every feature: Chinese substrings of any length, English words, pinyin of names.

One index (`search_documents`) holds a document per (kind, object): name texts, which rank
first, and body texts. SQLite searches it with FTS5, PostgreSQL with a GIN-indexed tsvector;
both index Chinese as bigrams, so a Chinese query returns exactly what a substring scan would.
English and other spaced words match by word prefix ("chain" does not find "blockchain").
Features write with index_document/index_many/remove_document in their own transaction and
register a source for `flask --app portal search reindex`. A listing in the index's own order
(rank, then order_key) takes a page from search_page, which stops early however large the index,
and past its counting cap the other matches from search_after (by id, a keyset); tags
(Document.tags) narrow a search inside the full-text index. A feature that filters on its own tables joins matching(kind, q) and counts with count_capped.
See portal/search/text.py for how texts become terms; writing.py and querying.py use the
database's own part (sqlite.py, postgresql.py) through backend.py.
"""
from portal.search.querying import SearchPage, count_capped, matching, search_after, search_page
from portal.search.writing import (Document, index_document, index_many, register_source, remove_document,
                                   remove_many, set_ranks)

__all__ = ["Document", "SearchPage", "count_capped", "index_document", "index_many", "matching",
           "register_source", "remove_document", "remove_many", "search_after", "search_page", "set_ranks"]
