"""Respaldos: the list of verified backups, "Respaldar ahora" and restore."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...services.backup import BackupInfo, BackupResult
from ..context import AppContext
from ..errors import show_error
from ..tasks import run_in_background
from ..widgets import heading


class BackupsPage(QWidget):
    restore_requested = Signal(object)  # Path of the backup to restore

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Fecha", "Motivo", "Tamaño", "Archivo"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.restore_selected())

        self.backup_button = QPushButton("Respaldar ahora")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton("Restaurar el seleccionado…")
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton("Restaurar desde un archivo…")
        self.restore_file_button.clicked.connect(self.restore_from_file)
        buttons = QHBoxLayout()
        for b in (self.backup_button, self.restore_button, self.restore_file_button):
            buttons.addWidget(b)
        buttons.addStretch()

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Respaldos"))
        layout.addWidget(self.info)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        ctx.backup_made.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        station = self.ctx.station
        if station.location.backend == "sqlite":
            second = f" Cada respaldo se copia también a {station.second_folder}." if station.second_folder else ""
            self.info.setText(
                f"Los respaldos se guardan verificados en {station.backup_folder}. Se hace uno automático al abrir "
                f"el programa si el último tiene más de {station.config.backup_interval_hours} horas, y siempre "
                f"antes de actualizar la base o de restaurar. Se conservan los de los últimos 2 días, 12 diarios, "
                f"10 semanales y 9 mensuales.{second}"
            )
        else:
            self.info.setText(
                f"Base compartida en PostgreSQL: los respaldos (pg_dump) se guardan en {station.backup_folder}. "
                "Programe también el comando «cortazar-desk-admin backup» en el servidor."
            )
        backups = station.list_backups()
        self.table.setRowCount(len(backups))
        for row, b in enumerate(backups):
            when = QTableWidgetItem(b.taken_at.strftime("%d/%m/%Y %H:%M:%S"))
            when.setData(Qt.ItemDataRole.UserRole, b)
            self.table.setItem(row, 0, when)
            self.table.setItem(row, 1, QTableWidgetItem(b.reason_label))
            size = QTableWidgetItem(_size_text(b.size))
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 2, size)
            self.table.setItem(row, 3, QTableWidgetItem(b.path.name))
        self._update_buttons()

    def _selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        value = item.data(Qt.ItemDataRole.UserRole) if item else None
        return value if isinstance(value, BackupInfo) else None

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self._selected() is not None)

    def backup_now(self) -> None:
        self.backup_button.setEnabled(False)

        def done(result: BackupResult) -> None:
            self.backup_button.setEnabled(True)
            self.ctx.backup_made.emit()
            message = f"Respaldo verificado guardado en:\n{result.backup.path}"
            if result.second_copy:
                message += f"\n\nCopia en la segunda carpeta:\n{result.second_copy}"
            if result.second_copy_problem:
                QMessageBox.warning(self, "Respaldo hecho, sin copia", message + "\n\n" + result.second_copy_problem)
            else:
                QMessageBox.information(self, "Respaldo hecho", message)

        def failed(exc: BaseException) -> None:
            self.backup_button.setEnabled(True)
            show_error(self, exc)

        run_in_background(self, "Respaldando la base de datos…",
                          lambda: self.ctx.station.backup("manual", self.ctx.db), done, failed)

    def restore_selected(self) -> None:
        chosen = self._selected()
        if chosen is not None:
            self._confirm_restore(chosen.path, "el respaldo del " + chosen.taken_at.strftime("%d/%m/%Y %H:%M"))

    def restore_from_file(self) -> None:
        pattern = "Respaldos (*.sqlite)" if self.ctx.station.location.backend == "sqlite" else "Respaldos (*.dump)"
        path, _ = QFileDialog.getOpenFileName(self, "Elegir respaldo", str(self.ctx.station.backup_folder), pattern)
        if path:
            from pathlib import Path

            self._confirm_restore(Path(path), f"el archivo «{Path(path).name}»")

    def _confirm_restore(self, path: object, label: str) -> None:
        answer = QMessageBox.question(
            self,
            "Restaurar respaldo",
            f"¿Reemplazar todos los datos actuales con {label}?\n\nLos cambios hechos después de ese respaldo "
            "dejarán de verse. Antes de restaurar se hará un respaldo de la base actual, para poder volver atrás.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore_requested.emit(path)


def _size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, size // 1024)} KB"
