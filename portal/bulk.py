"""Bulk loads in one transaction: COPY on PostgreSQL, executemany on SQLite, indexes built after the rows.

For loads of tens of thousands of new rows (`seed-demo --scale`), where keeping every secondary
index up to date row by row costs several times the load itself. Everything here runs inside
the caller's unit of work: the DDL too is transactional on both databases, so a load that fails
or is interrupted leaves the tables and their indexes exactly as they were.
"""
from __future__ import annotations

import itertools
import json
import re
from contextlib import contextmanager
from typing import Iterable, Iterator

import sqlalchemy as sa

from portal.extensions import db

#: PostgreSQL's memory for building an index after a load (the default is 64 MB).
BUILD_MEMORY = "256MB"


def is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def begin_writing() -> None:
    """Make sure the transaction is open and holds the write lock, before any DDL.

    Python's sqlite3 (3.11) opens a transaction only before a DML statement and would commit
    DDL on its own; BEGIN IMMEDIATE also takes SQLite's single write lock at once, so ids read
    next cannot be taken by another writer. PostgreSQL's transactions cover DDL as they are.
    """
    if is_postgresql():
        return
    connection = db.session.connection().connection.driver_connection
    if not connection.in_transaction:
        db.session.execute(sa.text("BEGIN IMMEDIATE"))


def next_ids(table: sa.Table, count: int) -> list[int]:
    """Reserve `count` new ids of the table's integer primary key, in order."""
    if is_postgresql():
        return list(db.session.scalars(
            sa.text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"),
            {"table": table.name, "count": count}))
    # One writer at a time on SQLite, and begin_writing() took the lock: max(id) stays ours.
    begin_writing()
    last = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0)))
    return list(range(last + 1, last + 1 + count))


def insert_rows(table: sa.Table, rows: Iterable[dict]) -> int:
    """Insert rows (dicts by column key, the same keys in each) in bulk; return how many.

    On PostgreSQL the rows are sent as they are made, in one COPY: the server stores each while
    the next is being made (a generator of rows costly to make overlaps the two).
    """
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    rows = itertools.chain([first], rows)
    if not is_postgresql():
        rows = list(rows)
        db.session.execute(sa.insert(table), rows)
        return len(rows)
    columns = _copy_columns(table, first)
    defaults = {column.key: column.default for column in columns if column.key not in first}
    names = ", ".join(db.engine.dialect.identifier_preparer.quote(column.name) for column in columns)
    # Made once per load, not per value: 1.7 million values for 100,000 firms.
    processors = [_copy_processor(column) for column in columns]
    connection = db.session.connection().connection.driver_connection
    count = 0
    with connection.cursor() as cursor, cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
        for count, row in enumerate(rows, start=1):
            copy.write_row([_db_value(processor, row[column.key] if column.key in row else _default(defaults[column.key]))
                            for column, processor in zip(columns, processors)])
    return count


def _copy_columns(table: sa.Table, row: dict) -> list[sa.Column]:
    # COPY applies the server's defaults but none of SQLAlchemy's: those are given here.
    return [column for column in table.columns
            if column.key in row or (column.default is not None and not column.default.is_sequence)]


def _copy_processor(column: sa.Column):
    if isinstance(column.type, sa.JSON):
        # psycopg adapts JSON for a statement's parameters, not for COPY: the text is sent here.
        return lambda value: None if value is None else json.dumps(value, ensure_ascii=False)
    return column.type.bind_processor(db.engine.dialect)


def _default(default: sa.ColumnDefault):
    if default.is_callable:
        return default.arg(None)  # SQLAlchemy wraps a no-argument default to take the context
    if default.is_clause_element:
        raise ValueError(f"a SQL default cannot be copied: {default.arg}")
    return default.arg


def _db_value(processor, value):
    # Column types that convert on the way in (UTC datetimes) do so here as in an INSERT.
    value = processor(value) if processor is not None else value
    # A StrEnum member as its stored value: psycopg would copy an enum by its name.
    return str(value) if isinstance(value, str) else value


@contextmanager
def indexes_built_after(*tables: sa.Table) -> Iterator[None]:
    """Drop the tables' secondary indexes for the block and build them once at its end.

    Indexes that enforce a constraint (primary keys, unique) stay: the load is checked as it goes.
    The indexes are made again from the database's own definitions, so whatever the migrations
    made (GIN options, partitions) comes back as it was.
    """
    begin_writing()
    definitions = list(_secondary_indexes([table.name for table in tables]))
    for name, _definition in definitions:
        db.session.execute(sa.text(f'DROP INDEX "{name}"'))
    yield
    if definitions and is_postgresql():
        # Sorting in memory rather than in runs on disk: a GIN index builds several times faster.
        db.session.execute(sa.text(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'"))
    for _name, definition in definitions:
        db.session.execute(sa.text(definition))


def _secondary_indexes(tables: list[str]) -> Iterable[tuple[str, str]]:
    """Return (name, CREATE statement) of each index of the tables that is neither unique nor a constraint's."""
    if is_postgresql():
        rows = db.session.execute(sa.text(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
            " JOIN pg_namespace n ON n.oid = t.relnamespace"
            " WHERE t.relname = ANY(:tables) AND n.nspname = current_schema()"
            " AND NOT i.indisunique AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"
            " ORDER BY c.relname"), {"tables": tables})
        # A partitioned table's index reads "ON ONLY t": made again without ONLY, it covers the
        # partitions too, as it did (dropping it dropped theirs).
        return [(name, re.sub(r"\bON ONLY\b", "ON", definition, count=1)) for name, definition in rows]
    rows = db.session.execute(sa.text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
        " AND tbl_name IN (SELECT value FROM json_each(:tables)) ORDER BY name"),
        {"tables": json.dumps(tables)})
    return list(rows)
