"""What every page needs, wired in one place: the workstation, the open database and the app-wide signals (past
tense for what happened)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal

if TYPE_CHECKING:
    from ..paths import AppDirs
    from ..services.database import Database
    from ..services.workstation import Workstation


def window_settings(dirs: AppDirs) -> QSettings:
    """Window layout lives in an INI file beside the workstation settings, not in the registry: one folder holds
    everything of this workstation, and tests can isolate it."""
    return QSettings(str(dirs.config / "ventana.ini"), QSettings.Format.IniFormat)


class AppContext(QObject):
    profile_saved = Signal()
    backup_made = Signal()
    data_changed = Signal()

    def __init__(self, station: Workstation, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.db = db
