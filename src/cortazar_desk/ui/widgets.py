"""Small widgets and helpers shared by pages."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QLabel, QWidget

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
