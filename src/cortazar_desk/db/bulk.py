"""Plain inserts of many rows on the database driver's own cursor.

SQLAlchemy builds a parameter dictionary per row and runs every value through its type's bind processor one by one:
for 50,000 imported assets that is more time than SQLite needs to store them. Here the same processors (so the
stored values are exactly what SQLAlchemy would store) run column by column over tuples, and the rows go to
``executemany`` (SQLite) or ``COPY`` (PostgreSQL), inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Date, DateTime, Table, Time


def insert_rows(conn: Connection, table: Table, names: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """INSERT ``rows`` (tuples in the order of ``names``) into ``table``."""
    if not rows:
        return
    dialect = conn.dialect
    conversions = [(n, processor, isinstance(table.c[name].type, Date | DateTime | Time))
                   for n, name in enumerate(names)
                   if (processor := table.c[name].type._cached_bind_processor(dialect)) is not None]
    if conversions:
        converted = [list(row) for row in rows]
        for index, processor, repeats in conversions:
            if repeats:  # formatting a date is slow and a column of them repeats a few values (often just one)
                done: dict[Any, Any] = {}
                for row in converted:
                    value = row[index]
                    row[index] = done[value] if value in done else done.setdefault(value, processor(value))
            else:
                for row in converted:
                    row[index] = processor(row[index])
        rows = converted
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    target = quote(table.name)
    driver = conn.connection.dbapi_connection
    assert driver is not None
    cursor = driver.cursor()
    try:
        if dialect.name == "postgresql":
            with cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
        else:
            marks = ", ".join("?" for _ in names)
            cursor.executemany(f"INSERT INTO {target} ({columns}) VALUES ({marks})", rows)
    finally:
        cursor.close()
