"""Plain inserts of many rows on the database driver's own cursor.

SQLAlchemy builds a parameter dictionary per row and runs every value through its type's bind processor one by one:
for 50,000 imported assets that is more time than SQLite needs to store them. Here the same processors (so the
stored values are what SQLAlchemy would store) run column by column, and the rows go to ``executemany`` (SQLite;
a value every row shares is written into the statement once) or ``COPY`` (PostgreSQL), inside the caller's
transaction. The driver's errors come out as SQLAlchemy's, so the usual translation into a Spanish message applies.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, DateTime, Table
from sqlalchemy.engine.processors import to_float
from sqlalchemy.exc import DBAPIError


def insert_columns(conn: Connection, table: Table, names: Sequence[str], columns: Sequence[Sequence[Any]]) -> None:
    """INSERT into ``table`` the rows whose values are given column by column, in the order of ``names``."""
    if not columns or not columns[0]:
        return
    count = len(columns[0])
    dialect = conn.dialect
    columns = _bound(conn, table, names, columns)
    quote = dialect.identifier_preparer.quote
    listed = ", ".join(quote(name) for name in names)
    target = quote(table.name)
    driver = conn.connection.dbapi_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        if dialect.name == "postgresql" and not _aware_into_naive(table, names, columns):
            statement = f"COPY {target} ({listed}) FROM STDIN"
            with cursor.copy(statement) as copy:
                for values in zip(*columns, strict=True):
                    copy.write_row(values)
        elif dialect.name == "postgresql":
            statement = f"INSERT INTO {target} ({listed}) VALUES ({', '.join('%s' for _ in names)})"
            cursor.executemany(statement, list(zip(*columns, strict=True)))
        else:
            # A column with one value in every row (blank, a default, today's author) is written into the
            # statement once instead of bound for each row: binding is most of what a row costs SQLite.
            fixed = {n: literal for n, column in enumerate(columns) if (literal := _sqlite_constant(column))}
            varying = [column for n, column in enumerate(columns) if n not in fixed]
            marks = ", ".join(fixed.get(n, "?") for n in range(len(names)))
            statement = f"INSERT INTO {target} ({listed}) VALUES ({marks})"
            cursor.executemany(statement, list(zip(*varying, strict=True)) if varying else [()] * count)
    except dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(statement, None, exc, dialect.loaded_dbapi.Error, dialect=dialect) from exc
    finally:
        cursor.close()


def _bound(conn: Connection, table: Table, names: Sequence[str], columns: Sequence[Sequence[Any]]
           ) -> list[Sequence[Any]]:
    """The columns, each value as SQLAlchemy's bind processor for its column would pass it to the driver."""
    bound = list(columns)
    for n, name in enumerate(names):
        processor = table.c[name].type._cached_bind_processor(conn.dialect)
        if processor is None:
            continue
        if processor is to_float and set(map(type, bound[n])) <= {float, type(None)}:
            continue  # coordinates: floats already
        bound[n] = converted(bound[n], processor)
    return bound


def is_constant(column: Sequence[Any]) -> bool:
    """Whether every value of a non-empty column is the same value of the same type (1 and True are equal, but not
    the same to a database or to JSON). The last value usually tells a varying column at once."""
    first = column[0]
    if type(column[-1]) is not type(first) or column[-1] != first or column.count(first) != len(column):
        return False
    # Only a str equals a str, and only None equals None; numbers of other types can equal a number.
    if first is None or type(first) is str:
        return True
    if len(set(map(type, column))) != 1:
        return False
    # 0.0 and -0.0 are equal, but JSON and PostgreSQL keep the sign
    return type(first) is not float or first != 0 or len({math.copysign(1.0, value) for value in column}) == 1


def _sqlite_constant(column: Sequence[Any]) -> str | None:
    """The SQLite literal of a column's value when every row has that same value and a literal stores exactly what
    binding it would: NULL, integers and text (a quote doubled is SQLite's only escape). Floats are always bound:
    SQLite's reading of a decimal literal may differ from the double in its last bit."""
    if not is_constant(column):
        return None
    first = column[0]
    if first is None:
        return "NULL"
    if type(first) is int and -2**63 <= first < 2**63:
        return str(first)
    if type(first) is str and "\x00" not in first:
        try:
            first.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: the driver refuses it, with the usual message
            return None
        return "'" + first.replace("'", "''") + "'"
    return None


def converted(column: Sequence[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """``convert`` of every value of a column, once per distinct value: a column of dates, amounts or flags repeats
    a few values (often just one). None stays None; equal moments in two time zones are two values."""
    try:
        distinct: set[Any] | None = set(column)
    except TypeError:  # not hashable (a JSON column's dicts): one by one
        distinct = None
    # Equal moments in two zones are one key of the set: such a column goes one by one too (a column of one zone,
    # as the "updated_at" of rows written together, needs not).
    if distinct is None or (any(getattr(value, "tzinfo", None) is not None for value in distinct)
                            and len({getattr(value, "tzinfo", None) for value in column}) > 1):
        return [None if value is None else convert(value) for value in column]
    done = {value: convert(value) for value in distinct if value is not None}
    done[None] = None
    return list(map(done.__getitem__, column))


def _aware_into_naive(table: Table, names: Sequence[str], columns: Sequence[Sequence[Any]]) -> bool:
    """COPY would drop the offset of a zoned time stored in a column without zone, where an INSERT converts it."""
    naive = [n for n, name in enumerate(names)
             if isinstance(kind := table.c[name].type, DateTime) and not kind.timezone]
    return any(isinstance(value, datetime) and value.tzinfo is not None for n in naive for value in columns[n])
