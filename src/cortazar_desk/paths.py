"""The one module that knows where Cortazar Desk keeps its files.

Data goes to the user's *local* (not roaming) data folder: on Windows %LOCALAPPDATA%, since roaming profiles copy
files between machines, which a live SQLite database must never be. ``CORTAZAR_DESK_HOME`` overrides everything
(development, portable installs, tests).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_DIR_NAME = "CortazarDesk"
HOME_ENV = "CORTAZAR_DESK_HOME"


@dataclass(frozen=True)
class AppDirs:
    data: Path
    config: Path
    logs: Path
    backups: Path

    def ensure(self) -> AppDirs:
        for folder in (self.data, self.config, self.logs, self.backups):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    @property
    def default_database(self) -> Path:
        return self.data / "cortazar_desk.sqlite"

    @property
    def config_file(self) -> Path:
        return self.config / "estacion.json"


def app_dirs(environ: dict[str, str] | None = None, platform: str | None = None) -> AppDirs:
    env = dict(os.environ) if environ is None else environ
    plat = sys.platform if platform is None else platform
    override = env.get(HOME_ENV)
    if override:
        root = Path(override)
        return AppDirs(root / "data", root / "config", root / "logs", root / "data" / "respaldos")
    if plat.startswith("win"):
        local = Path(env.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP_DIR_NAME
        return AppDirs(local, local, local / "logs", local / "respaldos")
    if plat == "darwin":
        base = Path.home() / "Library" / "Application Support" / APP_DIR_NAME
        return AppDirs(base, base, Path.home() / "Library" / "Logs" / APP_DIR_NAME, base / "respaldos")
    data = Path(env.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / APP_DIR_NAME.lower()
    config = Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config") / APP_DIR_NAME.lower()
    state = Path(env.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / APP_DIR_NAME.lower()
    return AppDirs(data, config, state / "logs", data / "respaldos")
