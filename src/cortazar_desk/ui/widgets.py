"""Small widgets and helpers shared by pages."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QTableWidget,
    QWidget,
)

# The accented letters of Spanish (and a few more) mapped straight to their base letter: one C-level translate
# instead of a Python loop over every character (50,000 inventory rows are folded on the first search).
_BASE_LETTERS = str.maketrans({ch: unicodedata.normalize("NFKD", ch)[0] for ch in "áéíóúüñàèìòùâêîôûäëïöçãõý"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form for search-as-you-type ("accion" finds "Acción")."""
    quick = text.casefold().translate(_BASE_LETTERS)
    if quick.isascii():
        return quick
    return _fold_fully(quick)


def _fold_fully(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class SearchProxy(QSortFilterProxyModel):
    """Sorts by the model's sort role and keeps rows where every typed word appears in some column."""

    def __init__(self, sort_role: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(sort_role)
        self._words: list[str] = []

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        if not self._words:
            return True
        model = self.sourceModel()
        haystack = " ".join(
            str(model.data(model.index(source_row, c, source_parent), Qt.ItemDataRole.DisplayRole) or "")
            for c in range(model.columnCount(source_parent))
        )
        folded = fold(haystack)
        return all(w in folded for w in self._words)


def choose_and_read(parent: QWidget, title: str, file_filter: str) -> tuple[Path, bytes] | None:
    """Ask for a file and read it; None when the person cancels or the file cannot be read (said in Spanish)."""
    from PySide6.QtWidgets import QFileDialog

    from ..services.errors import UserError
    from .errors import show_error

    chosen, _ = QFileDialog.getOpenFileName(parent, title, str(Path.home()), file_filter)
    if not chosen:
        return None
    path = Path(chosen)
    try:
        return path, path.read_bytes()
    except OSError as exc:
        show_error(parent, UserError(f"No se pudo leer el archivo {path}.", detail=str(exc)))
        return None


def plural(count: int, one: str, many: str) -> str:
    """"1 cambio", "2,500 cambios" (thousands with a comma, as in Mexico)."""
    return f"{count:,} {one if count == 1 else many}"


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    font.setBold(True)
    label.setFont(font)
    return label


def dialog_buttons(dialog: QDialog, ok_text: str | None = None, *, on_ok: Callable[[], object] | None = None
                   ) -> QDialogButtonBox:
    """Spanish buttons for a dialog: "Cerrar" alone, or ``ok_text`` and "Cancelar" (``on_ok`` defaults to accept)."""
    if ok_text is None:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.button(QDialogButtonBox.StandardButton.Close).setText("Cerrar")
    else:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancelar")
        box.accepted.connect(on_ok or dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def list_table(view: QTableView, model: QAbstractItemModel, *, single: bool = False) -> QTableView:
    """A read-only list: whole rows selected, sortable, the last column stretched."""
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def read_only_table(headers: list[str], table: QTableWidget | None = None) -> QTableWidget:
    """A small read-only table of rows filled by hand (catalogues, a request's history): whole rows selected one at
    a time, columns fitted to their content, the last one stretched."""
    table = table if table is not None else QTableWidget()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def close_after_asking(dialog: QDialog, event: QCloseEvent, dirty: bool, question: str,
                       save: Callable[[], bool]) -> None:
    """Close, asking first when there are unsaved changes: save (closing only if it worked), discard, or stay."""
    if dirty:
        answer = QMessageBox.question(
            dialog, "Cambios sin guardar", question,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Cancel or (answer == QMessageBox.StandardButton.Save and not save()):
            event.ignore()
            return
    event.accept()
    dialog.done(QDialog.DialogCode.Accepted)


def search_box(page: QWidget, placeholder: str, on_change: Callable[[str], object]) -> QLineEdit:
    """Search-as-you-type for a page: a clear button, and Ctrl+F puts the cursor in it."""
    from PySide6.QtGui import QKeySequence, QShortcut

    box = QLineEdit()
    box.setPlaceholderText(f"{placeholder}  Ctrl+F")
    box.setClearButtonEnabled(True)
    box.textChanged.connect(on_change)
    QShortcut(QKeySequence.StandardKey.Find, page, activated=box.setFocus)
    return box
