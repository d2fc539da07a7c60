"""What one workstation does with its database: find it, open it, back it up, recover it.

Shared by the window and the administrator's commands, so both follow the same rules.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from ..config import WorkstationConfig
from ..db.engine import DatabaseLocation
from ..paths import AppDirs
from . import backup as backups
from .database import Database, open_database

log = logging.getLogger(__name__)


@dataclass
class Workstation:
    dirs: AppDirs
    config: WorkstationConfig
    location: DatabaseLocation

    @classmethod
    def resolve(cls, dirs: AppDirs, config: WorkstationConfig, database: str | None = None) -> Workstation:
        """``database`` (from the command line) wins over the settings file, which wins over the default file."""
        text_location = database or config.database or str(dirs.default_database)
        return cls(dirs, config, DatabaseLocation.parse(text_location))

    @property
    def backup_folder(self) -> Path:
        return Path(self.config.backup_folder) if self.config.backup_folder else self.dirs.backups

    @property
    def second_folder(self) -> Path | None:
        return Path(self.config.second_backup_folder) if self.config.second_backup_folder else None

    @property
    def backup_folders(self) -> list[Path]:
        return [f for f in (self.backup_folder, self.second_folder) if f is not None]

    def open(self) -> Database:
        return open_database(self.location, backup_before_migrate=lambda: self.backup("antes-de-migrar"))

    def backup(self, reason: str = "manual", db: Database | None = None) -> backups.BackupResult:
        if self.location.backend == "sqlite":
            assert self.location.path is not None
            return backups.backup_sqlite(self.location.path, self.backup_folder, reason,
                                        second_folder=self.second_folder)
        server_major = _server_major(db) if db is not None else self._server_major_fresh()
        return backups.backup_postgresql(
            self.location,
            self.backup_folder,
            server_major,
            reason,
            pg_dump=self.config.pg_dump_path,
            pg_restore=self.config.pg_restore_path,
            second_folder=self.second_folder,
        )

    def _server_major_fresh(self) -> int:
        from ..db.engine import make_engine

        engine = make_engine(self.location)
        try:
            with engine.connect() as conn:
                return int(conn.execute(text("SHOW server_version_num")).scalar_one()) // 10000
        finally:
            engine.dispose()

    def backup_if_due(self, now: datetime | None = None) -> backups.BackupResult | None:
        """The automatic backup: when the newest is older than the interval; then old ones are rotated out."""
        moment = now or datetime.now()
        if self.location.backend != "sqlite":
            return None  # the shared server is backed up by its administrator's schedule (pg_dump command)
        interval = timedelta(hours=max(1, self.config.backup_interval_hours))
        if not backups.backup_due(self.backup_folder, moment, interval):
            return None
        result = self.backup("auto")
        backups.rotate_all(self.backup_folders, moment)
        return result

    def list_backups(self) -> list[backups.BackupInfo]:
        return backups.list_backups(self.backup_folder)

    def restore(self, source: Path) -> backups.RestoreResult:
        """Restore ``source``; every connection of this process to the database must be closed first."""
        if self.location.backend == "sqlite":
            assert self.location.path is not None
            return backups.restore_sqlite(source, self.location.path, self.backup_folder)
        safety = self.backup("antes-de-restaurar").backup
        backups.restore_postgresql(self.location, source, pg_restore=self.config.pg_restore_path)
        return backups.RestoreResult(safety, None)

    def recover(self) -> backups.RecoveryResult:
        assert self.location.path is not None
        return backups.recover_damaged(self.location.path, self.backup_folders)


def _server_major(db: Database) -> int:
    with db.read() as s:
        return int(s.execute(text("SHOW server_version_num")).scalar_one()) // 10000
