"""Start-up check: a damaged file is found, moved aside (never deleted) and the newest good backup restored."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from cortazar_desk.services import office
from cortazar_desk.services.database import open_database
from cortazar_desk.services.errors import DamagedDatabaseError
from cortazar_desk.services.workstation import Workstation


def _damage(path: Path) -> None:
    """Overwrite pages in the middle of the file, as a failing disk or a half-copied file would."""
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page, len(data), page * 2):
        data[offset:offset + 512] = b"\xde\xad\xbe\xef" * 128
    path.write_bytes(bytes(data))


def _prepare(station: Workstation) -> Path:
    db = station.open()
    office.save_profile(db, replace(office.load_profile(db), office_name="Respaldada"))
    db.dispose()
    good = station.backup("auto").backup
    db = station.open()
    office.save_profile(db, replace(office.load_profile(db), office_name="Perdida"))
    with db.write() as s:  # grow the file past a few pages so the damage hits data and indexes
        from cortazar_desk.services.attachments import store_file

        for n in range(30):
            store_file(s, b"%PDF-1.4 " + bytes(str(n), "ascii") * 2000, f"{n}.pdf", "prueba")
    db.engine.dispose()
    # Checkpoint so the damage hits the main file, then damage it.
    import sqlite3

    assert station.location.path is not None
    with sqlite3.connect(station.location.path) as c:
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()
    _damage(station.location.path)
    return good.path


def test_damaged_file_is_detected_moved_aside_and_backup_restored(station: Workstation) -> None:
    backup_path = _prepare(station)
    assert station.location.path is not None
    with pytest.raises(DamagedDatabaseError):
        open_database(station.location)
    damaged_bytes = station.location.path.read_bytes()
    result = station.recover()
    assert result.restored is not None and result.restored.path == backup_path
    assert result.moved_to.read_bytes() == damaged_bytes  # kept, not deleted
    db = station.open()
    try:
        assert office.load_profile(db).office_name == "Respaldada"
    finally:
        db.dispose()


def test_without_backups_the_damaged_file_is_still_kept(station: Workstation) -> None:
    _prepare(station)
    for b in station.list_backups():
        b.path.unlink()
    result = station.recover()
    assert result.restored is None and result.moved_to.exists()
    assert station.location.path is not None and not station.location.path.exists()
    db = station.open()  # a fresh, empty database
    db.dispose()


def test_a_file_that_is_not_a_database_counts_as_damaged(station: Workstation) -> None:
    assert station.location.path is not None
    station.location.path.write_bytes(b"esto no es una base de datos" * 100)
    for side in ("-wal", "-shm"):
        Path(str(station.location.path) + side).unlink(missing_ok=True)
    with pytest.raises(DamagedDatabaseError):
        open_database(station.location)


def test_a_locked_file_is_not_called_damaged(station: Workstation, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    """An antivirus or a copy holding the file must never lead to moving a healthy database aside."""
    import sqlite3

    sqlite_db.dispose()  # only the "other program" below may hold the file

    from cortazar_desk.services.database import quick_check
    from cortazar_desk.services.errors import DatabaseUnavailableError

    assert station.location.path is not None
    holder = sqlite3.connect(station.location.path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseUnavailableError, match="ocupado"):
            quick_check(station.location.path, timeout=0.2)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert quick_check(station.location.path) is None
