"""The directory's table: every contact loaded once, searched as you type without a proxy.

A QSortFilterProxyModel asks Python once per row and per column on each keystroke (50,000 contacts x 7 columns);
here each row's folded text is made once per load, a search is one list comprehension, and a keystroke that
extends the previous search only looks again at the rows that matched it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.media import CHANNELS, COVERAGE, MEDIA
from ...services.media_directory import ContactRow
from ..widgets import fold

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
DNC_COLOUR = "#f8d0cc"

COLUMNS: tuple[tuple[str, Any], ...] = (
    ("Nombre", lambda r: r.name),
    ("Medio", lambda r: r.outlet),
    ("Tipo", lambda r: MEDIA.get(r.medium, r.medium)),
    ("Cobertura", lambda r: COVERAGE.get(r.coverage, r.coverage)),
    ("Cargo", lambda r: r.role),
    ("Fuentes", lambda r: r.beats),
    ("Teléfono", lambda r: r.phone),
    ("Correo", lambda r: r.email),
    ("Canal", lambda r: CHANNELS.get(r.preferred_channel, "") if r.preferred_channel else ""),
    ("No contactar", lambda r: "No contactar" if r.do_not_contact else ""),
)


class ContactsModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._all: list[ContactRow] = []
        self._texts: list[str] = []
        self._order: list[int] = []  # every row, in the current sort order
        self._visible: list[int] = []  # the rows the search keeps, in that order
        self._last: tuple[list[str], list[int]] | None = None
        self._sort: tuple[int, bool] = (0, False)

    def set_rows(self, rows: list[ContactRow], search: str = "") -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._texts = [fold(" ".join((r.name, r.outlet, r.role, r.beats, r.phone, r.phone2, r.email, r.messaging,
                                      MEDIA.get(r.medium, ""), COVERAGE.get(r.coverage, ""))))
                       for r in self._all]
        self._order = self._sorted()
        self._last = None
        self._visible = self._matching(search)
        self.endResetModel()

    def set_search(self, text: str) -> None:
        self.beginResetModel()
        self._visible = self._matching(text)
        self.endResetModel()

    def _matching(self, text: str) -> list[int]:
        words = fold(text).split()
        if not words:
            self._last = None
            return list(self._order)
        base: list[int] | None = None
        if self._last is not None:
            last_words, last_rows = self._last
            # Each new word, or each word lengthened, can only narrow the previous result.
            if len(words) >= len(last_words) and all(w.startswith(p) or p in w for w, p in
                                                     zip(words, last_words, strict=False)):
                base = last_rows
        texts = self._texts
        candidates = base if base is not None else self._order
        if len(words) == 1:
            word = words[0]
            found = [i for i in candidates if word in texts[i]]
        else:
            found = [i for i in candidates if all(w in texts[i] for w in words)]
        self._last = (words, found)
        return found

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self._order = self._sorted()
        position = {row: n for n, row in enumerate(self._order)}
        self._visible.sort(key=position.__getitem__)
        if self._last is not None:
            self._last = (self._last[0], list(self._visible))
        self.layoutChanged.emit()

    def _sorted(self) -> list[int]:
        column, descending = self._sort
        text = COLUMNS[column][1]
        return sorted(range(len(self._all)), key=lambda i: fold(text(self._all[i])), reverse=descending)

    def total(self) -> int:
        return len(self._all)

    def row_at(self, row: int) -> ContactRow:
        return self._all[self._visible[row]]

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._all[self._visible[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()][1](row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.BackgroundRole and row.do_not_contact:
            return QBrush(QColor(DNC_COLOUR))
        if role == Qt.ItemDataRole.ToolTipRole and row.do_not_contact:
            return "Marcado «no contactar»: nunca sale en las exportaciones de las listas."
        return None
