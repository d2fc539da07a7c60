"""Engines for the two backends the office uses.

SQLite (one workstation): every connection gets the same pragmas, and write transactions start with
``BEGIN IMMEDIATE``. A deferred BEGIN that reads and then writes after another connection committed fails at once
with "database is locked" (SQLITE_BUSY_SNAPSHOT) whatever the busy timeout; taking the write lock up front makes the
second writer wait instead. Read-only work opts into a deferred BEGIN with ``read_engine()`` so it never blocks writers.

PostgreSQL (several workstations): ``pool_pre_ping`` so a server restart while the app idles is invisible.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

BUSY_TIMEOUT_MS = 10_000
SQLITE_PRAGMAS = (
    ("foreign_keys", "ON"),
    ("journal_mode", "WAL"),
    # FULL: a committed transaction survives a power cut, not only a crash. The office writes little, so the
    # extra fsync costs nothing anyone notices.
    ("synchronous", "FULL"),
    ("busy_timeout", str(BUSY_TIMEOUT_MS)),
    # 32 MB of page cache instead of 2: an import of 50,000 assets writes about 30 MB, and with the small cache
    # its pages went to the WAL several times over (measured: the import's store 0.04 s faster). Memory grows only
    # as pages are read.
    ("cache_size", "-32768"),
)
BEGIN_OPTION = "cortazar_sqlite_begin"

Backend = Literal["sqlite", "postgresql"]


class InvalidLocationError(ValueError):
    """The text given as database location is neither a usable path nor a PostgreSQL URL."""


@dataclass(frozen=True)
class DatabaseLocation:
    backend: Backend
    url: URL
    path: Path | None = None

    @classmethod
    def parse(cls, text: str | Path) -> DatabaseLocation:
        raw = str(text).strip()
        if not raw:
            raise InvalidLocationError("La ubicación de la base de datos está vacía.")
        lowered = raw.lower()
        if lowered.startswith(("postgres://", "postgresql://", "postgresql+")):
            try:
                url = make_url("postgresql" + raw[raw.index(":"):] if lowered.startswith("postgres://") else raw)
            except Exception as exc:  # sqlalchemy raises ArgumentError with English text
                raise InvalidLocationError(f"La dirección de PostgreSQL no es válida: {raw}") from exc
            url = url.set(drivername="postgresql+psycopg")
            if not url.database:
                raise InvalidLocationError("La dirección de PostgreSQL debe incluir el nombre de la base de datos.")
            return cls("postgresql", url)
        if lowered.startswith("sqlite:"):
            url = make_url(raw)
            if not url.database or url.database == ":memory:":
                raise InvalidLocationError("La base de datos SQLite debe ser un archivo.")
            raw = url.database
        if "://" in raw:
            raise InvalidLocationError(f"Tipo de base de datos no admitido: {raw}")
        path = Path(raw).expanduser().absolute()
        return cls("sqlite", URL.create("sqlite+pysqlite", database=str(path)), path)

    def display(self) -> str:
        """What to show people: the file path, or the URL without its password."""
        if self.path is not None:
            return str(self.path)
        return self.url.set(drivername="postgresql").render_as_string(hide_password=True)


def make_engine(location: DatabaseLocation, **kwargs: Any) -> Engine:
    if location.backend == "postgresql":
        return create_engine(location.url, pool_pre_ping=True, pool_size=3, max_overflow=2, **kwargs)
    engine = create_engine(location.url, **kwargs)
    _configure_sqlite(engine)
    return engine


def read_engine(engine: Engine) -> Engine:
    """The same engine for read-only sessions: a deferred BEGIN on SQLite, unchanged on PostgreSQL."""
    if engine.dialect.name != "sqlite":
        return engine
    return engine.execution_options(**{BEGIN_OPTION: "DEFERRED"})


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Driver autocommit off: pysqlite would otherwise issue its own deferred BEGIN behind our back.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for name, value in SQLITE_PRAGMAS:
                cursor.execute(f"PRAGMA {name}={value}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(BEGIN_OPTION, "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")
