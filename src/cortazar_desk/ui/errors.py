"""How errors reach people: a clear message in Spanish, never a stack trace (that goes to the log)."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from ..services.errors import UserError

log = logging.getLogger(__name__)

_log_file: Path | None = None
_showing = False


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    if isinstance(exc, UserError):
        box = QMessageBox(QMessageBox.Icon.Warning, exc.title, exc.message, QMessageBox.StandardButton.Ok, parent)
        if exc.detail:
            box.setDetailedText(exc.detail)
        box.exec()
        return
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    show_unexpected(parent)


def show_unexpected(parent: QWidget | None) -> None:
    where = f"\n\nEl detalle técnico quedó en el registro:\n{_log_file}" if _log_file else ""
    QMessageBox.critical(
        parent,
        "Ocurrió un error inesperado",
        "Cortazar Desk encontró un problema y no pudo terminar la operación. Lo que ya estaba guardado está a "
        "salvo; si estaba capturando algo, revise que esté completo antes de continuar." + where,
    )


def _hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    global _showing
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, value, tb)
        return
    log.error("uncaught exception:\n%s", "".join(traceback.format_exception(kind, value, tb)))
    if QApplication.instance() is None or _showing:
        return
    _showing = True
    try:
        if isinstance(value, UserError):
            show_error(QApplication.activeWindow(), value)
        else:
            show_unexpected(QApplication.activeWindow())
    finally:
        _showing = False


def install_excepthook(log_file: Path) -> None:
    global _log_file
    _log_file = log_file
    sys.excepthook = _hook
