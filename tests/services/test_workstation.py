"""Opening a workstation's database: refused locations, migration only after a verified backup, automatic
backups when due."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

import cortazar_desk.services.database as database
from cortazar_desk.config import WorkstationConfig
from cortazar_desk.db.engine import DatabaseLocation
from cortazar_desk.domain.location import LocationKind
from cortazar_desk.paths import app_dirs
from cortazar_desk.services import backup as backups
from cortazar_desk.services.database import open_database, refuse_unsafe_location
from cortazar_desk.services.errors import BackupError, LocationRefusedError
from cortazar_desk.services.workstation import Workstation


@pytest.mark.parametrize(("kind", "words"), [(LocationKind.NETWORK, "carpeta de red"),
                                             (LocationKind.CLOUD_SYNC, "sincronizada con la nube")])
def test_unsafe_locations_are_refused_pointing_to_postgresql(tmp_path: Path, kind: LocationKind, words: str) -> None:
    def os_says(_path: Path) -> None:
        refuse_unsafe_location(_path, classify=lambda _p: kind)

    path = tmp_path / "cortazar.sqlite"
    with pytest.raises(LocationRefusedError) as caught:
        open_database(DatabaseLocation.parse(path), check_location=os_says)
    assert words in caught.value.message and "PostgreSQL" in caught.value.message
    assert not path.exists()  # refused before anything was created


def test_windows_mapped_drive_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(database, "_windows_drive_type", lambda root: 4 if root.upper() == "Z:\\" else 3)
    assert database.classify_location(Path("Z:/Comunicacion/cortazar.sqlite"), platform="win32") \
        is LocationKind.NETWORK
    assert database.classify_location(Path("C:/Datos/cortazar.sqlite"), platform="win32") is LocationKind.LOCAL


def _behind(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make the fresh database look one migration behind, and record what happens in which order."""
    calls: list[str] = []
    monkeypatch.setattr(database, "schema_state", lambda _c: database.SchemaState.BEHIND)
    monkeypatch.setattr(database, "upgrade_to_head", lambda _e: calls.append("upgrade"))
    return calls


def test_sqlite_is_backed_up_before_migrating(station: Workstation, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _behind(monkeypatch)
    real_backup = station.backup

    def backup(reason: str = "manual", db: object = None) -> backups.BackupResult:
        result = real_backup(reason)
        calls.append(f"backup:{result.backup.reason}")
        return result

    monkeypatch.setattr(station, "backup", backup)
    station.open().dispose()
    assert calls == ["backup:antes-de-migrar", "upgrade"]
    assert backups.verify_sqlite_copy(station.list_backups()[0].path) is None


def test_no_migration_without_a_good_backup(station: Workstation, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _behind(monkeypatch)

    def failing_backup(reason: str = "manual", db: object = None) -> backups.BackupResult:
        raise BackupError("No hay espacio suficiente para el respaldo.")

    monkeypatch.setattr(station, "backup", failing_backup)
    with pytest.raises(BackupError):
        station.open()
    assert calls == []


def test_automatic_backup_when_due_then_rotation(station: Workstation) -> None:
    now = datetime.now()
    first = station.backup_if_due(now)
    assert first is not None and first.backup.reason == "auto"
    assert station.backup_if_due(now + timedelta(hours=1)) is None  # not due yet
    assert station.backup_if_due(now + timedelta(days=1, seconds=1)) is not None


def test_location_precedence(tmp_path: Path) -> None:
    dirs = app_dirs().ensure()
    assert Workstation.resolve(dirs, WorkstationConfig()).location.path == dirs.default_database
    cfg = WorkstationConfig(database=str(tmp_path / "cfg.sqlite"))
    assert Workstation.resolve(dirs, cfg).location.path == tmp_path / "cfg.sqlite"
    assert Workstation.resolve(dirs, cfg, str(tmp_path / "arg.sqlite")).location.path == tmp_path / "arg.sqlite"


def test_workstation_config_survives_damage(tmp_path: Path) -> None:
    path = tmp_path / "estacion.json"
    WorkstationConfig(database="postgresql://ana@servidor/cortazar", backup_interval_hours=6).save(path)
    assert WorkstationConfig.load(path).backup_interval_hours == 6
    path.write_text("{ esto no es json")
    assert WorkstationConfig.load(path) == WorkstationConfig()
    path.write_text('{"backup_interval_hours": "muchas", "database": "x.sqlite"}')
    assert WorkstationConfig.load(path) == WorkstationConfig(database="x.sqlite")


def test_real_migration_from_the_first_schema_after_a_verified_backup(station: Workstation, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """A SQLite file left at revision 0001 by an older Cortazar Desk is backed up, then migrated to the head."""
    from alembic import command

    from cortazar_desk.db.engine import make_engine, read_engine
    from cortazar_desk.db.schema import SCHEMA_HEAD, alembic_config, current_revision

    sqlite_db.dispose()
    assert station.location.path is not None
    station.location.path.unlink()
    engine = make_engine(station.location)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001_foundation")
        conn.exec_driver_sql("UPDATE office_profile SET office_name = 'Oficina de antes'")
    engine.dispose()

    db = station.open()
    try:
        with read_engine(db.engine).connect() as conn:
            assert current_revision(conn) == SCHEMA_HEAD
            assert conn.exec_driver_sql("SELECT COUNT(*) FROM asset_type").scalar_one() >= 8  # seeded by 0002
            assert conn.exec_driver_sql("SELECT office_name FROM office_profile").scalar_one() == "Oficina de antes"
    finally:
        db.dispose()
    (made,) = station.list_backups()
    assert made.reason == "antes-de-migrar" and backups.verify_sqlite_copy(made.path) is None
    assert backups.sqlite_revision(made.path) == "0001_foundation"  # the copy is of the database before migrating
