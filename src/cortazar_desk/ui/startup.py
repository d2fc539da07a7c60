"""Opening the database with a person in front of the screen: every problem becomes a question or a clear
message, never a crash. Also the duties that run once the window is up (automatic backups)."""

from __future__ import annotations

import logging
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from ..config import WorkstationConfig
from ..db.engine import InvalidLocationError
from ..paths import AppDirs
from ..services import audit_log
from ..services.backup import newest_good_backup, rotate_all
from ..services.errors import DamagedDatabaseError, UserError
from ..services.workstation import Workstation
from .context import AppContext
from .errors import show_error
from .tasks import run_in_background

log = logging.getLogger(__name__)
PERIODIC_CHECK_MS = 30 * 60 * 1000


def open_database_interactively(
    dirs: AppDirs, config: WorkstationConfig, database: str | None, *, demo: bool = False
) -> AppContext | None:
    requested = database
    while True:
        try:
            station = Workstation.resolve(dirs, config, requested)
        except InvalidLocationError as exc:
            if not _offer_local(UserError(str(exc))):
                return None
            requested = str(dirs.default_database)
            continue
        try:
            db = station.open()
        except DamagedDatabaseError as exc:
            if not _recover(station, exc):
                return None
            continue
        except UserError as exc:
            if station.location.path == dirs.default_database or not _offer_local(exc):
                if station.location.path == dirs.default_database:
                    show_error(None, exc)
                return None
            requested = str(dirs.default_database)
            continue
        except Exception as exc:  # a driver or disk error we did not foresee: say so, never hang on "Abriendo…"
            show_error(None, exc)
            return None
        if demo:
            from ..services.demo import demo_base_map, fill_demo_data

            fill_demo_data(db)
            demo_base_map(station)
        return AppContext(station, db)


def _offer_local(exc: UserError) -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, exc.title, exc.message)
    if exc.detail:
        box.setDetailedText(exc.detail)
    local = box.addButton("Usar la base de datos de este equipo", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Salir", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is local


def _recover(station: Workstation, exc: DamagedDatabaseError) -> bool:
    best = newest_good_backup(station.backup_folders)
    if best is not None:
        offer = (f"¿Apartar el archivo dañado (no se borra) y restaurar el respaldo más reciente que está en buen "
                 f"estado, del {best.taken_at:%d/%m/%Y %H:%M}? Los cambios hechos después de esa hora no estarán.")
    else:
        offer = ("No hay ningún respaldo en buen estado. ¿Apartar el archivo dañado (no se borra) y empezar con una "
                 "base de datos vacía? Pida ayuda al administrador si necesita recuperar los datos del archivo.")
    box = QMessageBox(QMessageBox.Icon.Critical, exc.title, f"{exc.message}\n\n{offer}")
    box.setDetailedText(exc.detail)
    go = box.addButton("Apartar y restaurar" if best else "Apartar y empezar de nuevo",
                       QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Salir sin tocar nada", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not go:
        return False
    try:
        result = station.recover()
    except OSError as move_error:
        show_error(None, UserError("No se pudo apartar el archivo dañado.", detail=str(move_error)))
        return False
    except UserError as restore_error:
        show_error(None, restore_error)
        return False
    if result.restored is not None:
        QMessageBox.information(
            None,
            "Base de datos recuperada",
            f"Se restauró el respaldo del {result.restored.taken_at:%d/%m/%Y %H:%M}.\n\n"
            f"El archivo dañado quedó guardado en:\n{result.moved_to}",
        )
    else:
        QMessageBox.information(None, "Base de datos nueva",
                                f"Se empezará con una base vacía. El archivo dañado quedó guardado en:\n"
                                f"{result.moved_to}")
    return True


def start_background_duties(window: QWidget) -> None:
    """The automatic backup at start (when due) and, while data changes, every half hour."""
    ctx: AppContext = window.ctx  # type: ignore[attr-defined]
    state = {"audit_rows": -1}

    def backup_if_due(force_if_changed: bool) -> None:
        if ctx.station.location.backend != "sqlite":
            return
        rows = audit_log.entry_count(ctx.db)
        changed = state["audit_rows"] not in (-1, rows)

        def work() -> object:
            if force_if_changed and changed:
                result = ctx.station.backup("auto")
                rotate_all(ctx.station.backup_folders, datetime.now())
                return result
            return ctx.station.backup_if_due()

        def done(result: object) -> None:
            state["audit_rows"] = rows
            if result is not None:
                ctx.backup_made.emit()

        def failed(exc: BaseException) -> None:
            log.warning("automatic backup failed: %s", exc)
            window.statusBar().showMessage(  # type: ignore[attr-defined]
                "No se pudo hacer el respaldo automático: " + getattr(exc, "message", str(exc)), 15000)

        # Quietly: an automatic backup must never block the window with a dialog.
        run_in_background(window, "", work, done, failed, show_progress=False)

    backup_if_due(False)
    timer = QTimer(window)
    timer.setInterval(PERIODIC_CHECK_MS)
    timer.timeout.connect(lambda: backup_if_due(True))
    timer.start()
