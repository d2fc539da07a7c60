"""Workstation settings: what one computer needs before it can open the database.

Everything the whole office shares (office name, logo, expiry warning days) lives in the database instead. Each
option is declared once, with its type and default, in ``WorkstationConfig``. The file is JSON, written atomically.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class WorkstationConfig:
    # A SQLite file path or a PostgreSQL URL (postgresql://user@host/db). Empty: the default local file.
    database: str = ""
    # Folder for automatic backups of a SQLite database. Empty: the data folder's "respaldos".
    backup_folder: str = ""
    # A second folder (USB drive, network folder) that receives a copy of every backup. Empty: none.
    second_backup_folder: str = ""
    # pg_dump/pg_restore, when PostgreSQL is used. Empty: looked up on PATH.
    pg_dump_path: str = ""
    pg_restore_path: str = ""
    # Hours between automatic backups while data changes.
    backup_interval_hours: int = 24
    # Base map: an MBTiles file on this workstation (empty: a plain background with the reference layers).
    tiles_file: str = ""
    # An online tile source, https://host/{z}/{x}/{y}.png; off (empty) unless the office turns it on. When set,
    # that host is the only one the map may reach.
    online_tiles_url: str = ""

    @classmethod
    def load(cls, path: Path) -> WorkstationConfig:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            # A damaged settings file must not stop the app: fall back to defaults and say so in the log.
            log.warning("ignoring unreadable workstation settings %s: %s", path, exc)
            return cls()
        known: dict[str, Any] = {}
        for f in fields(cls):
            if isinstance(raw, dict) and f.name in raw and isinstance(raw[f.name], type(getattr(cls(), f.name))):
                known[f.name] = raw[f.name]
        return cls(**known)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".estacion-", suffix=".json", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(asdict(self), fh, ensure_ascii=False, indent=2)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
