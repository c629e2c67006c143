"""Load many new documents at once: the full-text index is built once after the rows, not row by row."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterable, Iterator

from portal import bulk
from portal.search import backend
from portal.search.models import SearchDocument
from portal.search.writing import Document, SourceRow, document_row, kind_id_of


@contextmanager
def loading() -> Iterator[None]:
    """Suspend the index's upkeep for the block (in the caller's transaction); build it at the end.

    Inside, add documents with add_new. The documents are searchable once the block ends, and
    the caller's commit makes them so for everyone; then run search.writing.tidy as after any
    bulk load.
    """
    with backend.current().loading():
        yield


def add_new(kind: str, rows: Iterable[SourceRow]) -> int:
    """Add documents of objects not in the index yet, in bulk; return how many."""
    kind_number = kind_id_of(kind, create=True)
    # Made as they are sent: on PostgreSQL the server stores each one with its tsvectors (as
    # long again as making the terms) while the next one's terms are being made.
    return bulk.insert_rows(SearchDocument.__table__,
                            (document_row(kind, kind_number, Document(*row)) for row in rows))
