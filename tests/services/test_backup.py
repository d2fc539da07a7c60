"""SQLite backups: verified copies, rotation on disk, restore with its safety copy, refusal of newer schemas,
a second folder, backups taken while another process writes."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cortazar_desk.domain.rotation import backups_to_keep
from cortazar_desk.services import backup as backups
from cortazar_desk.services import office
from cortazar_desk.services.attachments import store_file
from cortazar_desk.services.database import Database
from cortazar_desk.services.errors import BackupError, SchemaMismatchError
from cortazar_desk.services.workstation import Workstation


def _count(path: Path, sql: str) -> int:
    with sqlite3.connect(path) as c:
        return int(c.execute(sql).fetchone()[0])


def test_backup_is_verified_single_file(sqlite_db: Database, tmp_path: Path) -> None:
    with sqlite_db.write() as s:
        store_file(s, b"%PDF-1.4 uno", "uno.pdf", "prueba")
    assert sqlite_db.location.path is not None
    result = backups.backup_sqlite(sqlite_db.location.path, tmp_path / "respaldos", "manual")
    b = result.backup
    assert b.path.exists() and b.reason == "manual"
    assert backups.verify_sqlite_copy(b.path) is None
    assert _count(b.path, "SELECT COUNT(*) FROM attachment") == 1
    assert not Path(str(b.path) + "-wal").exists()
    assert [p.name for p in (tmp_path / "respaldos").iterdir()] == [b.path.name]  # no temp files left


def test_second_folder_gets_a_verified_copy(sqlite_db: Database, tmp_path: Path) -> None:
    assert sqlite_db.location.path is not None
    result = backups.backup_sqlite(sqlite_db.location.path, tmp_path / "a", "manual", second_folder=tmp_path / "usb")
    assert result.second_copy is not None and backups.verify_sqlite_copy(result.second_copy) is None


def test_unwritable_second_folder_is_reported_not_fatal(sqlite_db: Database, tmp_path: Path) -> None:
    blocker = tmp_path / "usb"
    blocker.write_text("no es carpeta")  # the USB drive letter now points at a file
    assert sqlite_db.location.path is not None
    result = backups.backup_sqlite(sqlite_db.location.path, tmp_path / "a", "manual", second_folder=blocker / "x")
    assert result.backup.path.exists() and result.second_copy is None
    assert "No se pudo escribir" in result.second_copy_problem


def test_damaged_copy_never_replaces_anything(sqlite_db: Database, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backups, "verify_sqlite_copy", lambda _p: "*** in database main ***")
    assert sqlite_db.location.path is not None
    with pytest.raises(BackupError, match="no pasó la verificación"):
        backups.backup_sqlite(sqlite_db.location.path, tmp_path / "r", "manual")
    assert list((tmp_path / "r").iterdir()) == []


def test_rotation_deletes_only_what_the_policy_drops(tmp_path: Path, sqlite_db: Database) -> None:
    folder = tmp_path / "r"
    folder.mkdir()
    now = datetime(2026, 11, 29, 12, 0)
    for days in range(0, 60):
        (folder / backups.backup_name(now - timedelta(days=days, hours=1), "auto")).write_bytes(b"x")
    (folder / "notas.txt").write_text("no es un respaldo")
    before = backups.list_backups(folder)
    expected_kept = backups_to_keep(((b.path, b.taken_at) for b in before), now)
    removed = backups.rotate(folder, now)
    left = {b.path for b in backups.list_backups(folder)}
    assert left == expected_kept
    assert set(removed) == {b.path for b in before} - expected_kept and removed  # old ones really went
    assert (folder / "notas.txt").exists()
    assert {p.name for p in left} >= {backups.backup_name(now - timedelta(days=d, hours=1), "auto")
                                      for d in range(14)}


def test_backup_due(tmp_path: Path) -> None:
    now = datetime(2026, 11, 29, 12, 0)
    assert backups.backup_due(tmp_path, now)
    (tmp_path / backups.backup_name(now - timedelta(hours=3), "auto")).write_bytes(b"x")
    assert not backups.backup_due(tmp_path, now)
    assert backups.backup_due(tmp_path, now + timedelta(days=1))


def test_restore_brings_back_the_data_and_keeps_a_safety_copy(station: Workstation) -> None:
    first = station.backup("manual").backup
    db = station.open()
    office.save_profile(db, _renamed(office.load_profile(db), "Después"))
    db.dispose()
    result = station.restore(first.path)
    db = station.open()
    try:
        assert office.load_profile(db).office_name != "Después"
    finally:
        db.dispose()
    safety = result.safety_backup
    assert safety is not None and safety.reason == "antes-de-restaurar" and result.moved_aside is None
    assert _count(safety.path, "SELECT COUNT(*) FROM office_profile WHERE office_name = 'Después'") == 1


def test_restore_over_a_database_that_fails_verification_keeps_it_aside(station: Workstation) -> None:
    first = station.backup("manual").backup
    assert station.location.path is not None
    with sqlite3.connect(station.location.path) as c:  # a broken reference: foreign_key_check fails
        c.execute("PRAGMA foreign_keys=OFF")
        c.execute("UPDATE office_profile SET logo_attachment_id = 77, office_name = 'Datos nuevos'")
    c.close()
    before = station.location.path.read_bytes()
    result = station.restore(first.path)
    assert result.safety_backup is None and result.moved_aside is not None
    assert result.moved_aside.read_bytes() == before  # kept exactly as it was, not overwritten
    assert _count(station.location.path, "SELECT COUNT(*) FROM office_profile WHERE office_name = 'Datos nuevos'") == 0


def test_second_folder_is_rotated_too(station: Workstation, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    now = datetime.now()
    for days in range(2, 400, 3):
        (usb / backups.backup_name(now - timedelta(days=days), "auto")).write_bytes(b"x")
    station.config.second_backup_folder = str(usb)
    station.backup_if_due(now)
    kept = backups.list_backups(usb)
    assert len(kept) < 40 and kept[0].taken_at.date() == now.date()


def _renamed(profile: office.OfficeProfileData, name: str) -> office.OfficeProfileData:
    from dataclasses import replace

    return replace(profile, office_name=name)


def test_restore_refuses_a_backup_from_a_newer_schema(station: Workstation, tmp_path: Path) -> None:
    made = station.backup("manual").backup
    future = tmp_path / "futuro.sqlite"
    future.write_bytes(made.path.read_bytes())
    with sqlite3.connect(future) as c:
        c.execute("UPDATE alembic_version SET version_num = '9999_futuro'")
    c.close()
    before = station.location.path.read_bytes() if station.location.path else b""
    with pytest.raises(SchemaMismatchError, match="más nueva"):
        station.restore(future)
    assert station.location.path is not None and station.location.path.read_bytes() == before


def test_restore_refuses_a_damaged_backup(station: Workstation, tmp_path: Path) -> None:
    bad = tmp_path / "malo.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(BackupError, match="dañado"):
        station.restore(bad)


WRITER = textwrap.dedent(
    """
    import sys
    from cortazar_desk.db.engine import DatabaseLocation
    from cortazar_desk.services.database import open_database
    from cortazar_desk.services.attachments import store_file
    db = open_database(DatabaseLocation.parse(sys.argv[1]))
    batch = 0
    while True:
        with db.write() as s:
            for row in range(20):
                store_file(s, f"%PDF-1.4 lote {batch} fila {row}".encode(), f"lote-{batch}-{row}.pdf", "escritor")
        print(batch, flush=True)
        batch += 1
    """
)


def _complete_batches(path: Path) -> tuple[dict[int, int], int]:
    with sqlite3.connect(path) as c:
        names = [r[0] for r in c.execute("SELECT original_name FROM attachment")]
        audit = c.execute("SELECT COUNT(*) FROM audit_log WHERE object_type = 'attachment'").fetchone()[0]
    batches: dict[int, int] = {}
    for name in names:
        batch = int(name.split("-")[1])
        batches[batch] = batches.get(batch, 0) + 1
    return batches, int(audit)


def test_backup_while_another_process_writes(sqlite_db: Database, tmp_path: Path) -> None:
    assert sqlite_db.location.path is not None
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(sqlite_db.location.path)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert writer.stdout is not None
        for _ in range(3):
            writer.stdout.readline()  # a few batches are in before the first backup
        taken = [backups.backup_sqlite(sqlite_db.location.path, tmp_path / "r", "manual").backup for _ in range(3)]
    finally:
        writer.kill()
        writer.wait()
    for b in taken:
        assert backups.verify_sqlite_copy(b.path) is None
        batches, audit_rows = _complete_batches(b.path)
        assert batches and all(n == 20 for n in batches.values())  # only whole transactions
        assert audit_rows == sum(batches.values())
