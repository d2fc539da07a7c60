"""Importar desde Excel: choose the file, check which column is which, see every row's problems, then import.

Built in code: its columns depend on the workbook. Nothing is written until "Importar"; then the valid rows go in
one transaction after a verified backup, with progress and cancel.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..documents.workbook_reader import SheetContents
from ..services.errors import UserError
from ..services.inventory_import import FIELD_LABELS, apply_import, preview_import
from ..services.workstation import Workstation
from .context import AppContext
from .errors import show_error

ACTION_LABELS = {"nuevo": "Nuevo", "actualizar": "Actualizar", "sin cambios": "Sin cambios", "omitir": "Se omite",
                 "error": "Error"}
ACTION_COLOURS = {"nuevo": "#d8f0dc", "actualizar": "#dfe9f7", "sin cambios": "#eeeeee", "omitir": "#eeeeee",
                  "error": "#f8d0cc"}
PREVIEW_ROWS = 2000  # shown; every row is checked and counted


class ImportDialog(QDialog):
    """The inventory's import; subclasses change the hooks below (the press contacts' import does)."""

    title = "Importar inventario desde Excel"
    intro = ("Elija el libro de Excel (.xlsx) con el inventario. Se lee la primera hoja; los encabezados se reconocen "
             "por su nombre en español.")
    field_labels: dict[str, str] = FIELD_LABELS
    action_labels = ACTION_LABELS
    update_text: str | None = "Actualizar los anuncios cuyo folio ya existe (si no, se omiten)"

    def make_preview(self, path: Path, mapping: dict[int, str] | None, update: bool,
                     contents: SheetContents) -> Any:
        return preview_import(self.ctx.db, path, mapping, update_existing=update, contents=contents)

    def apply(self, preview: Any, step: Callable[[int, int], bool]) -> Any:
        return apply_import(self.ctx.db, preview, step)

    def result_text(self, r: Any) -> str:
        return (f"{r.created} anuncios nuevos, {r.updated} actualizados, {r.unchanged} sin cambios. "
                f"{r.errors} filas con errores no se importaron.")

    def importable(self, preview: Any) -> int:
        return int(preview.count("nuevo") + preview.count("actualizar"))

    def counts_text(self, preview: Any) -> str:
        return (f"{len(preview.rows):,} filas: {preview.count('nuevo')} nuevas, {preview.count('actualizar')} a "
                f"actualizar, {preview.count('sin cambios')} sin cambios, {preview.count('omitir')} omitidas, "
                f"<b>{preview.count('error')} con errores</b> (no se importan).")

    def __init__(self, ctx: AppContext, station: Workstation, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.station = station
        self.preview: Any = None
        self.path: Path | None = None
        self._contents: SheetContents | None = None  # the file as read once
        self.busy = False
        self.result: Any = None
        self.setWindowTitle(self.title)
        self.resize(1000, 640)
        self.file_label = QLabel(self.intro)
        self.file_label.setWordWrap(True)
        choose = QPushButton("Elegir archivo…")
        choose.clicked.connect(self.choose_file)
        self.update_check = QCheckBox(self.update_text or "")
        self.update_check.setChecked(True)
        self.update_check.setVisible(self.update_text is not None)
        self.update_check.toggled.connect(lambda _c: self.reload())
        self.mapping_area = QScrollArea()
        self.mapping_area.setWidgetResizable(True)
        self.mapping_area.setMaximumHeight(90)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()  # the "Fila" column gives the spreadsheet's own row numbers
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.import_button = QPushButton("Importar")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        close = QPushButton("Cerrar")
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.file_label, 1)
        top.addWidget(choose)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.update_check)
        layout.addWidget(QLabel("<b>Qué dato trae cada columna</b> (corrija si hace falta):"))
        layout.addWidget(self.mapping_area)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._combos: list[QComboBox] = []

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.title, str(Path.home()),
                                              "Libro de Excel (*.xlsx)")
        if path:
            self.load(Path(path))

    def load(self, path: Path, mapping: dict[int, str] | None = None, *, rebuild_mapping: bool = True) -> None:
        """Check the file's rows in the background (50,000 rows take seconds); the file itself is read once."""
        from ..services.inventory_import import read_import_file
        from .tasks import run_in_background

        if self.busy:
            return
        contents = self._contents if path == self.path else None
        update = self.update_check.isChecked()

        def check() -> tuple[SheetContents, Any]:
            sheet = contents if contents is not None else read_import_file(path)
            return sheet, self.make_preview(path, mapping, update, sheet)

        def done(outcome: object) -> None:
            self._set_busy(False)
            assert isinstance(outcome, tuple)
            self.path = path
            self._contents, self.preview = outcome
            self.file_label.setText(f"<b>{path.name}</b>")
            if rebuild_mapping:  # never while one of those combos is the one telling us it changed
                self._build_mapping()
            self._fill_table()

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            show_error(self, exc)

        self._set_busy(True)
        run_in_background(self, f"Revisando {path.name}…", check, done, failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for combo in self._combos:
            combo.setEnabled(not busy)
        self.import_button.setEnabled(not busy and self.preview is not None and self.importable(self.preview) > 0)
        self.update_check.setEnabled(not busy)

    def reload(self) -> None:
        if self.path is not None and self.preview is not None:
            self.load(self.path, dict(self.preview.mapping), rebuild_mapping=False)

    def _build_mapping(self) -> None:
        assert self.preview is not None
        holder = QWidget()
        row = QHBoxLayout(holder)
        self._combos = []
        for col, header in enumerate(self.preview.headers):
            box = QVBoxLayout()
            box.addWidget(QLabel(header or f"(columna {col + 1})"))
            combo = QComboBox()
            combo.addItem("(no importar)", "")
            for key, label in self.field_labels.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(self.preview.mapping.get(col, ""))))
            combo.currentIndexChanged.connect(lambda _i: self._mapping_changed())
            box.addWidget(combo)
            row.addLayout(box)
            self._combos.append(combo)
        self.mapping_area.setWidget(holder)

    def _mapping_changed(self) -> None:
        mapping = {col: combo.currentData() for col, combo in enumerate(self._combos) if combo.currentData()}
        if self.path is not None:
            self.load(self.path, mapping, rebuild_mapping=False)

    def _fill_table(self) -> None:
        assert self.preview is not None
        preview = self.preview
        mapped = sorted(preview.mapping.items())
        headers = ["Fila", "Acción", "Problemas"] + [self.field_labels[key] for _c, key in mapped]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        shown = preview.rows[:PREVIEW_ROWS]
        self.table.setRowCount(len(shown))
        for r, row in enumerate(shown):
            colour = QBrush(QColor(ACTION_COLOURS[row.action]))
            items = [str(row.row_number), self.action_labels[row.action], " ".join(row.errors)]
            for c, value in enumerate(items):
                item = QTableWidgetItem(value)
                item.setBackground(colour)
                if c == 2 and row.errors:  # the column is narrow: every problem in full on hover
                    item.setToolTip("\n".join(row.errors))
                self.table.setItem(r, c, item)
            for c, (_col, key) in enumerate(mapped, start=3):
                self.table.setItem(r, c, QTableWidgetItem(row.cells.get(key, "")))
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 380))
        for column in range(3, self.table.columnCount()):  # one very long cell must not push the rest off-screen
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 260))
        valid = self.importable(preview)
        self.summary.setText(
            self.counts_text(preview)
            + ("" if len(preview.rows) <= PREVIEW_ROWS else f" Se muestran las primeras {PREVIEW_ROWS:,}."))
        self.import_button.setEnabled(valid > 0)
        self.import_button.setText(f"Importar {valid:,} filas" if valid else "Importar")

    def run_import(self) -> None:
        preview = self.preview
        if preview is None:
            return
        errors = preview.count("error")
        if errors:
            answer = QMessageBox.question(
                self, "Importar", f"{errors} filas tienen errores y no se importarán. ¿Importar las demás?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes)
            if answer != QMessageBox.StandardButton.Yes:
                return
        progress = QProgressDialog("Importando…", "Cancelar", 0, self.importable(preview), self)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def step(done: int, total: int) -> bool:
            progress.setValue(done)
            return not progress.wasCanceled()

        try:
            if self.station.location.backend == "sqlite":
                self.station.backup("antes-de-importar")
            self.result = self.apply(preview, step)
        except UserError as exc:
            progress.close()
            show_error(self, exc)
            return
        progress.close()
        self.ctx.data_changed.emit()
        QMessageBox.information(self, "Importación terminada", self.result_text(self.result))
        self.accept()
