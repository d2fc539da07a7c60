"""A disk that fills up: the save fails with a clear message, nothing half-saved, everything committed intact.

The database lives on a real 2 MB tmpfs (the tests run as root in CI); a non-root developer machine skips it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cortazar_desk.db.engine import DatabaseLocation
from cortazar_desk.services import backup as backups
from cortazar_desk.services.attachments import store_file
from cortazar_desk.services.database import open_database
from cortazar_desk.services.errors import BackupError, DiskFullError


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disco"
    mount_point.mkdir()
    if os.geteuid() != 0:
        if os.environ.get("CI"):
            pytest.fail("the disk-full test needs root to mount a small tmpfs")
        pytest.skip("needs root to mount a small tmpfs")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)], check=True)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_disk_full_while_saving(small_disk: Path, sqlite_template: Path) -> None:
    path = small_disk / "cortazar_desk.sqlite"
    shutil.copyfile(sqlite_template, path)
    db = open_database(DatabaseLocation.parse(path))
    saved = 0
    with pytest.raises(DiskFullError) as caught:
        for n in range(1000):
            with db.write() as s:
                # Incompressible content, 40 KB a file, 5 files a transaction.
                for k in range(5):
                    store_file(s, b"%PDF-1.4 " + os.urandom(40_000), f"{n}-{k}.pdf", "prueba")
            saved += 5
    assert "disco está lleno" in caught.value.message
    db.dispose()
    assert saved > 0
    with sqlite3.connect(path) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        attachments = c.execute("SELECT COUNT(*) FROM attachment").fetchone()[0]
        audit_rows = c.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]
    c.close()
    assert attachments == saved  # every committed transaction, and nothing of the one that failed
    assert audit_rows == saved


def test_backup_to_a_full_disk_fails_cleanly(small_disk: Path, sqlite_db) -> None:  # type: ignore[no-untyped-def]
    with sqlite_db.write() as s:
        for k in range(60):
            store_file(s, b"%PDF-1.4 " + os.urandom(40_000), f"{k}.pdf", "prueba")
    with pytest.raises(BackupError, match="espacio"):
        backups.backup_sqlite(sqlite_db.location.path, small_disk, "manual")
    assert list(small_disk.iterdir()) == []  # no half-written backup left behind
