"""The SQLite engine's promises (RELIABILITY.md, database part)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from cortazar_desk.db.engine import BEGIN_OPTION, DatabaseLocation, InvalidLocationError, make_engine, read_engine
from cortazar_desk.services.database import Database


def test_every_connection_gets_the_pragmas(sqlite_db: Database) -> None:
    # Four pooled connections at once; reads use the deferred engine so they do not queue for the write lock.
    conns = [read_engine(sqlite_db.engine).connect() for _ in range(4)]
    try:
        for conn in conns:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    finally:
        for conn in conns:
            conn.close()


def test_foreign_keys_are_enforced(sqlite_db: Database) -> None:
    with pytest.raises(Exception, match="(?i)foreign key"):
        with sqlite_db.engine.begin() as conn:
            conn.execute(text("UPDATE office_profile SET logo_attachment_id = 999 WHERE id = 1"))


def _counter_db(tmp_path: Path) -> Path:
    path = tmp_path / "race.sqlite"
    with sqlite3.connect(path) as c:
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        c.execute("INSERT INTO counter VALUES (1, 0)")
    return path


def _read_then_write_race(engine_a, engine_b) -> int:  # type: ignore[no-untyped-def]
    """A reads, B commits a write meanwhile, then A writes what it read plus one.

    With a deferred BEGIN, A's write fails at once with "database is locked" (SQLITE_BUSY_SNAPSHOT). With
    BEGIN IMMEDIATE, A holds the write lock from the start and B waits for it: both increments survive.
    """
    b_started = threading.Event()
    b_error: list[BaseException] = []

    def writer_b() -> None:
        b_started.set()
        try:
            with engine_b.begin() as conn:
                value = conn.execute(text("SELECT value FROM counter WHERE id = 1")).scalar_one()
                conn.execute(text("UPDATE counter SET value = :v WHERE id = 1"), {"v": value + 1})
        except BaseException as exc:
            b_error.append(exc)

    with engine_a.begin() as conn:
        value = conn.execute(text("SELECT value FROM counter WHERE id = 1")).scalar_one()
        thread = threading.Thread(target=writer_b)
        thread.start()
        b_started.wait()
        thread.join(0.5)  # B commits now if nothing stops it (deferred BEGIN), or waits for our lock
        conn.execute(text("UPDATE counter SET value = :v WHERE id = 1"), {"v": value + 1})
    thread.join()
    if b_error:
        raise b_error[0]
    with engine_a.connect() as conn:
        return int(conn.execute(text("SELECT value FROM counter")).scalar_one())


def test_read_then_write_race_both_writes_survive(tmp_path: Path) -> None:
    location = DatabaseLocation.parse(_counter_db(tmp_path))
    a, b = make_engine(location), make_engine(location)
    try:
        assert _read_then_write_race(a, b) == 2
    finally:
        a.dispose()
        b.dispose()


def test_the_race_is_real_with_a_deferred_begin(tmp_path: Path) -> None:
    """Control: our engine with only the BEGIN mode switched back to DEFERRED fails the same race at once."""
    location = DatabaseLocation.parse(_counter_db(tmp_path))
    a, b = make_engine(location), make_engine(location)
    try:
        with pytest.raises(Exception, match="database is locked"):
            _read_then_write_race(a.execution_options(**{BEGIN_OPTION: "DEFERRED"}),
                                  b.execution_options(**{BEGIN_OPTION: "DEFERRED"}))
    finally:
        a.dispose()
        b.dispose()


def test_the_plain_driver_loses_the_update(tmp_path: Path) -> None:
    """Control: SQLAlchemy's default pysqlite set-up reads outside any transaction and silently loses B's write."""
    from sqlalchemy import create_engine

    path = _counter_db(tmp_path)
    a, b = create_engine(f"sqlite:///{path}"), create_engine(f"sqlite:///{path}")
    try:
        assert _read_then_write_race(a, b) == 1
    finally:
        a.dispose()
        b.dispose()


def test_reads_do_not_take_the_write_lock(sqlite_db: Database) -> None:
    with sqlite_db.read() as reading:
        reading.execute(text("SELECT COUNT(*) FROM audit_log")).scalar_one()
        with sqlite_db.write() as s:  # would wait 10 s and fail if the read held a write lock
            s.execute(text("UPDATE office_profile SET phone = '1' WHERE id = 1"))


@pytest.mark.parametrize(
    "raw",
    ["postgresql://ana:secreto@servidor/cortazar", "postgres://ana@servidor:5433/cortazar",
     "postgresql+psycopg://ana@servidor/cortazar"],
)
def test_postgresql_locations(raw: str) -> None:
    loc = DatabaseLocation.parse(raw)
    assert loc.backend == "postgresql"
    assert loc.url.drivername == "postgresql+psycopg"
    assert "secreto" not in loc.display()


def test_file_locations(tmp_path: Path) -> None:
    loc = DatabaseLocation.parse(str(tmp_path / "a.sqlite"))
    assert loc.backend == "sqlite" and loc.path == tmp_path / "a.sqlite"
    assert DatabaseLocation.parse(f"sqlite:///{tmp_path}/b.sqlite").path == tmp_path / "b.sqlite"


@pytest.mark.parametrize("raw", ["", "   ", "mysql://x/y", "postgresql://servidor", "sqlite://"])
def test_invalid_locations(raw: str) -> None:
    with pytest.raises(InvalidLocationError):
        DatabaseLocation.parse(raw)
