"""Search for every feature: Chinese substrings of any length, English words, pinyin of names.

One index (`search_documents`) holds a document per (kind, object): name texts, which rank
first, and body texts. SQLite searches it with FTS5, PostgreSQL with a GIN-indexed tsvector;
both index Chinese as bigrams, so a Chinese query returns exactly what a substring scan would.
English and other spaced words match by word prefix ("chain" does not find "blockchain").
Features write with index_document/index_many/remove_document in their own transaction, join
matching(kind, q) to their table, count with count_capped, and register a source for
`flask --app portal search reindex`. See portal/search/text.py for the details.
"""
from portal.search.index import (count_capped, index_document, index_many, matching, register_source,
                                 remove_document)

__all__ = ["count_capped", "index_document", "index_many", "matching", "register_source", "remove_document"]
