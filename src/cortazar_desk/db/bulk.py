"""Plain inserts of many rows on the database driver's own cursor.

SQLAlchemy builds a parameter dictionary per row and runs every value through its type's bind processor one by one:
for 50,000 imported assets that is more time than SQLite needs to store them. Here the same processors (so the
stored values are what SQLAlchemy would store) run column by column over tuples, and the rows go to
``executemany`` (SQLite) or ``COPY`` (PostgreSQL), inside the caller's transaction. The driver's errors come out as
SQLAlchemy's, so the usual translation into a Spanish message applies.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, DateTime, Table
from sqlalchemy.exc import DBAPIError


def insert_rows(conn: Connection, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT ``rows`` (tuples in the order of ``names``) into ``table``."""
    if not rows:
        return
    dialect = conn.dialect
    rows = _bound(conn, table, names, rows)
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    target = quote(table.name)
    driver = conn.connection.dbapi_connection
    assert driver is not None
    cursor = driver.cursor()
    mark = "?" if dialect.name == "sqlite" else "%s"  # the drivers' own placeholders
    statement = f"INSERT INTO {target} ({columns}) VALUES ({', '.join(mark for _ in names)})"
    try:
        if dialect.name == "postgresql" and not _aware_into_naive(table, names, rows):
            statement = f"COPY {target} ({columns}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for values in rows:
                    copy.write_row(values)
        else:
            cursor.executemany(statement, rows)
    except dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(statement, None, exc, dialect.loaded_dbapi.Error, dialect=dialect) from exc
    finally:
        cursor.close()


def _bound(conn: Connection, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]
           ) -> Sequence[Sequence[Any]]:
    """The rows with each value as SQLAlchemy's bind processor for its column would pass it to the driver."""
    conversions = [(n, processor) for n, name in enumerate(names)
                   if (processor := table.c[name].type._cached_bind_processor(conn.dialect)) is not None]
    if not conversions:
        return rows
    columns: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for index, processor in conversions:
        columns[index] = converted(columns[index], processor)
    return list(zip(*columns, strict=True))


def converted(column: Sequence[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """``convert`` of every value of a column, once per distinct value: a column of dates, amounts or flags repeats
    a few values (often just one). None stays None; equal moments in two time zones are two values."""
    try:
        distinct = set(column)
    except TypeError:  # not hashable (a JSON column's dicts): one by one
        return [None if value is None else convert(value) for value in column]
    # Equal moments in two zones are one key of the set: such a column goes one by one (a column of one zone, as
    # the "updated_at" of rows written together, needs not).
    if any(getattr(value, "tzinfo", None) is not None for value in distinct) and \
            len({getattr(value, "tzinfo", None) for value in column}) > 1:
        return [None if value is None else convert(value) for value in column]
    done = {value: convert(value) for value in distinct if value is not None}
    done[None] = None
    return list(map(done.__getitem__, column))


def _aware_into_naive(table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> bool:
    """COPY would drop the offset of a zoned time stored in a column without zone, where an INSERT converts it."""
    naive = [n for n, name in enumerate(names)
             if isinstance(kind := table.c[name].type, DateTime) and not kind.timezone]
    return any(isinstance(row[n], datetime) and row[n].tzinfo is not None for n in naive for row in rows)
