"""PostgreSQL administration: pg_dump backups and restore, the move from SQLite, and a server restart while idle."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from cortazar_desk.db.audit import verify_chain
from cortazar_desk.db.engine import make_engine, read_engine
from cortazar_desk.services import backup as backups
from cortazar_desk.services import office
from cortazar_desk.services.attachments import read_file, store_file
from cortazar_desk.services.database import Database, open_database
from cortazar_desk.services.demo import fill_demo_data
from cortazar_desk.services.errors import UserError
from cortazar_desk.services.transfer import move_sqlite_to_postgres

from ..conftest import TEST_ACTOR


def _open(location) -> Database:  # type: ignore[no-untyped-def]
    return open_database(location, actor=TEST_ACTOR)


def test_move_sqlite_office_to_empty_postgresql(sqlite_db: Database, pg_databases, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fill_demo_data(sqlite_db)
    with sqlite_db.write() as s:
        photo = store_file(s, b"%PDF-1.4 permiso escaneado", "permiso.pdf", "prueba")
    with sqlite_db.read() as s:  # the logo, the demo's press clippings and the scanned permit
        attachments = s.execute(text("SELECT count(*) FROM attachment")).scalar_one()
    sqlite_db.dispose()
    assert sqlite_db.location.path is not None
    before = sqlite_db.location.path.read_bytes()
    target = pg_databases.create(migrated=False)

    report = move_sqlite_to_postgres(sqlite_db.location, target)

    assert attachments > 2 and report.counts["attachment"] == attachments and report.counts["office_profile"] == 1
    assert report.audit_rows == report.counts["audit_log"] > 0
    assert sqlite_db.location.path.read_bytes() == before  # the SQLite file is kept as it was
    pg = _open(target)
    try:
        profile = office.load_profile(pg)
        assert profile.is_demo and profile.logo_attachment_id is not None
        with pg.read() as s:
            assert read_file(s, photo.id, photo.sha256) == b"%PDF-1.4 permiso escaneado"
        # Sequences continue after the copied ids, and the chain continues from the copied head.
        with pg.write() as s:
            new = store_file(s, b"%PDF-1.4 nuevo", "nuevo.pdf", "prueba")
        assert new.id > photo.id
        office.save_profile(pg, replace(office.load_profile(pg), phone="1"))
        with read_engine(pg.engine).connect() as conn:
            assert verify_chain(conn).ok
    finally:
        pg.dispose()


def test_move_refuses_a_target_that_is_not_empty(sqlite_db: Database, pg_databases) -> None:  # type: ignore[no-untyped-def]
    target = pg_databases.create(migrated=True)
    with pytest.raises(UserError, match="no está vacía"):
        move_sqlite_to_postgres(sqlite_db.location, target)


def test_pg_dump_backup_and_restore(pg_databases, pg_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    location = pg_databases.create()
    db = _open(location)
    try:
        office.save_profile(db, replace(office.load_profile(db), office_name="Antes del respaldo"))
        result = backups.backup_postgresql(location, tmp_path / "r", pg_server.major_version(), "manual")
        assert result.backup.path.suffix == ".dump" and result.backup.size > 0
        assert backups.dump_revision(result.backup.path) is not None
        office.save_profile(db, replace(office.load_profile(db), office_name="Después del respaldo"))
        db.dispose()
        backups.restore_postgresql(location, result.backup.path)
        db = _open(location)
        assert office.load_profile(db).office_name == "Antes del respaldo"
        with read_engine(db.engine).connect() as conn:
            assert verify_chain(conn).ok
    finally:
        db.dispose()


def test_pg_dump_older_than_server_is_refused(pg_databases, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    location = pg_databases.create()
    monkeypatch.setattr(backups, "tool_major_version", lambda _tool: 9)
    with pytest.raises(UserError, match="más antiguo que el servidor"):
        backups.backup_postgresql(location, tmp_path, 15, "manual")


def test_server_restart_while_idle_is_invisible(pg_databases, pg_server) -> None:  # type: ignore[no-untyped-def]
    location = pg_databases.create()
    db = _open(location)
    try:
        office.load_profile(db)  # the pool now holds a connection
        with psycopg.connect(f"host=127.0.0.1 port={pg_server.port} user=postgres dbname=postgres",
                             autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                "pg_backend_pid()", (location.url.database,))
        assert office.load_profile(db).office_name  # pool_pre_ping replaced the dead connection
    finally:
        db.dispose()


def test_without_pre_ping_the_same_restart_fails(pg_databases, pg_server) -> None:  # type: ignore[no-untyped-def]
    """Control for the test above."""
    location = pg_databases.create()
    engine = make_engine(location)
    engine.pool._pre_ping = False  # the protection, removed
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        with psycopg.connect(f"host=127.0.0.1 port={pg_server.port} user=postgres dbname=postgres",
                             autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> "
                "pg_backend_pid()", (location.url.database,))
        with pytest.raises(Exception), engine.connect() as conn:  # noqa: B017 - any driver error will do
            conn.execute(text("SELECT 1"))
    finally:
        engine.dispose()


def test_a_failed_move_leaves_the_target_empty(sqlite_db: Database, pg_databases) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from cortazar_desk.db.schema import SchemaState, schema_state

    sqlite_db.dispose()
    assert sqlite_db.location.path is not None
    with sqlite3.connect(sqlite_db.location.path) as c:  # a NUL that PostgreSQL refuses, put there by hand
        c.execute("UPDATE office_profile SET address = 'Hidalgo' || char(0) || ' 12'")
    c.close()
    target = pg_databases.create(migrated=False)
    with pytest.raises(Exception):  # noqa: B017 - the driver's own error
        move_sqlite_to_postgres(sqlite_db.location, target)
    engine = make_engine(target)
    with read_engine(engine).connect() as conn:
        assert schema_state(conn) is SchemaState.EMPTY  # nothing half-moved: the move can simply be retried
    engine.dispose()


def test_chain_check_while_another_workstation_writes(db: Database) -> None:
    """READ COMMITTED on PostgreSQL: rows appended during the check must not look like tampering."""
    import threading

    from ..conftest import second_session

    writer = second_session(db)
    stop = threading.Event()

    def write() -> None:
        n = 0
        while not stop.is_set():
            with writer.write() as s:
                store_file(s, f"%PDF-1.4 {n}".encode(), f"{n}.pdf", "maria")
            n += 1

    thread = threading.Thread(target=write)
    thread.start()
    try:
        reports = []
        for _ in range(2000):  # bounded; stops once many checks overlapped many writes
            with read_engine(db.engine).connect() as conn:
                reports.append(verify_chain(conn))
            if len(reports) >= 40 and reports[-1].rows >= 30:
                break
    finally:
        stop.set()
        thread.join()
        writer.dispose()
    assert all(r.ok for r in reports), [r.problem for r in reports if not r.ok]
    assert reports[-1].rows > reports[0].rows  # the writer really wrote during the checks


def test_postgresql_is_backed_up_before_an_administrator_migrates(pg_databases, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import cortazar_desk.services.database as database

    location = pg_databases.create()
    calls: list[str] = []
    monkeypatch.setattr(database, "schema_state", lambda _c: database.SchemaState.BEHIND)
    monkeypatch.setattr(database, "upgrade_to_head", lambda _e: calls.append("upgrade"))
    database.migrate(location, lambda: calls.append("backup"))
    assert calls == ["backup", "upgrade"]
