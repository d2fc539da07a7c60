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

from sqlalchemy import Connection, Date, DateTime, Table, Time
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
    conversions = [(n, processor, isinstance(table.c[name].type, Date | DateTime | Time))
                   for n, name in enumerate(names)
                   if (processor := table.c[name].type._cached_bind_processor(conn.dialect)) is not None]
    if not conversions:
        return rows
    converted = [list(row) for row in rows]
    for index, processor, repeats in conversions:
        if repeats:  # formatting a date is slow and a column of them repeats a few values (often just one)
            convert_column(converted, index, processor)
        else:
            for row in converted:
                row[index] = processor(row[index])
    return converted


def convert_column(rows: Sequence[list[Any]], index: int, convert: Callable[[Any], Any]) -> None:
    """``row[index] = convert(row[index])`` for every row, once per distinct value: a column of dates or amounts
    repeats a few values. None stays None; equal moments in two time zones are two values."""
    done: dict[Any, Any] = {}
    for row in rows:
        value = row[index]
        if value is None:
            continue
        try:
            key = (value, getattr(value, "tzinfo", None))
            row[index] = done[key] if key in done else done.setdefault(key, convert(value))
        except TypeError:  # not hashable (a JSON column's dict)
            row[index] = convert(value)


def _aware_into_naive(table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> bool:
    """COPY would drop the offset of a zoned time stored in a column without zone, where an INSERT converts it."""
    naive = [n for n, name in enumerate(names)
             if isinstance(kind := table.c[name].type, DateTime) and not kind.timezone]
    return any(isinstance(row[n], datetime) and row[n].tzinfo is not None for n in naive for row in rows)
