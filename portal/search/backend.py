"""What the search index asks of each database (sqlite.py, postgresql.py), and which one is in use."""
from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

import sqlalchemy as sa

from portal.extensions import db
from portal.search import postgresql, sqlite, text


class Shape(Protocol):
    """A query as one database searches it: hashable by what its statements depend on."""

    #: The values bound to the shape's parameters.
    values: dict

    def __hash__(self) -> int: ...


class Backend(Protocol):
    """A database's part of the search index (the modules sqlite and postgresql)."""

    #: Whether Chinese is indexed as every substring of up to text.GRAM characters (else bigrams).
    grams: bool
    #: The most bytes of terms (names and body together) a document may have, or None.
    max_terms_bytes: int | None

    def Shape(self, terms: list[text.Term], tags: tuple[str, ...] = ()) -> Shape: ...  # noqa: N802  (the shape's class)

    def tag_token(self, tag: str) -> str:
        """Return the token a document's tag is indexed as: one no query can match."""

    def kind_tags(self, kind: str) -> tuple[str, ...]:
        """Return the tags every document of a kind carries and every search of the kind requires."""

    def sortable(self, column: sa.ColumnElement) -> sa.ColumnElement:
        """Return the column as it orders search results."""

    def candidates(self, shape: Shape, in_name: bool, after: bool = False) -> sa.Select:
        """Select (object_id, rank, order_key) of the documents of the bound kind matching the shape;
        `after`: only those past the object id bound as `after`, in id order."""

    def counting(self) -> AbstractContextManager:
        """Return the context a capped count runs in."""

    def paging(self) -> AbstractContextManager:
        """Return the context a page of search results runs in."""

    def loading(self) -> AbstractContextManager:
        """Return the context of a bulk load of new documents (see portal/search/bulk.py)."""

    def tidy(self) -> None:
        """Refresh what the database plans and searches with after a rebuild."""


def current() -> Backend:
    """Return the backend of the session's database."""
    return postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
