"""A PostgreSQL server for a benchmark run, started the way the tests start theirs (tests/pg_server.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def migrated_database(name: str = "bench") -> Iterator[str]:
    """A fresh database ``name`` migrated to the current schema on a throw-away server; yields its URL."""
    sys.path.insert(0, str(ROOT / "tests"))
    import psycopg

    from cortazar_desk.db.engine import DatabaseLocation, make_engine
    from cortazar_desk.db.schema import upgrade_to_head
    from pg_server import PgServer

    server = PgServer()
    server.start()
    try:
        with psycopg.connect(f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
        engine = make_engine(DatabaseLocation.parse(server.url(name)))
        upgrade_to_head(engine)
        engine.dispose()
        yield server.url(name)
    finally:
        server.stop()
