"""Migrations: the code's list of revisions matches Alembic's, the models match the migrated schema on both
backends, and the app refuses schemas it does not know."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from cortazar_desk.db.engine import DatabaseLocation, make_engine
from cortazar_desk.db.models import Base
from cortazar_desk.db.schema import KNOWN_REVISIONS, MIGRATIONS_DIR, SCHEMA_HEAD, SchemaState, schema_state
from cortazar_desk.services.database import Database, open_database
from cortazar_desk.services.errors import SchemaMismatchError


def test_known_revisions_match_alembic_history() -> None:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(cfg)
    history = [rev.revision for rev in script.walk_revisions()]
    assert tuple(reversed(history)) == KNOWN_REVISIONS
    assert script.get_current_head() == SCHEMA_HEAD


def test_models_match_the_migrated_schema(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_new_sqlite_file_is_created_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "nueva" / "cortazar.sqlite"
    db = open_database(DatabaseLocation.parse(path))
    try:
        with db.engine.connect() as conn:
            assert schema_state(conn) is SchemaState.CURRENT
    finally:
        db.dispose()


def _set_revision(location: DatabaseLocation, revision: str) -> None:
    engine = make_engine(location)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    engine.dispose()


def test_newer_schema_is_refused(location: DatabaseLocation) -> None:
    _set_revision(location, "9999_from_the_future")
    with pytest.raises(SchemaMismatchError, match="más nueva"):
        open_database(location)


def test_empty_postgresql_is_not_migrated_by_a_workstation(pg_databases) -> None:  # type: ignore[no-untyped-def]
    empty = pg_databases.create(migrated=False)
    with pytest.raises(SchemaMismatchError, match="cortazar-desk-admin migrate"):
        open_database(empty)
    engine = make_engine(empty)
    with engine.connect() as conn:
        assert schema_state(conn) is SchemaState.EMPTY  # nothing was created behind the administrator's back
    engine.dispose()


def test_older_postgresql_schema_is_refused_on_workstations(pg_databases, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    location = pg_databases.create()
    # Pretend this program knows a newer revision than the database has.
    import cortazar_desk.db.schema as schema

    monkeypatch.setattr(schema, "KNOWN_REVISIONS", (*KNOWN_REVISIONS, "0002_future"))
    monkeypatch.setattr(schema, "SCHEMA_HEAD", "0002_future")
    with pytest.raises(SchemaMismatchError, match="El administrador debe"):
        open_database(location)


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "otra.sqlite"
    with sqlite3.connect(path) as c:
        c.execute("CREATE TABLE clientes (id INTEGER)")
    with pytest.raises(SchemaMismatchError, match="no es una base de datos de Cortazar Desk"):
        open_database(DatabaseLocation.parse(path))
