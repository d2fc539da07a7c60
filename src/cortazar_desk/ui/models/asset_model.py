"""Table model of the inventory and its filtering proxy. Rows are ``AssetRow`` DTOs loaded up front; ``data()``
never queries the database. The permit status comes computed with the rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from ...domain.permits import DOCUMENT_LABELS, STATUS_LABELS, URGENCY, PermitStatus
from ...services.assets import AssetRow
from ..widgets import fold

COLUMNS = (
    ("folio", "Folio"),
    ("type", "Tipo"),
    ("address", "Domicilio"),
    ("colonia", "Colonia"),
    ("locality", "Localidad"),
    ("owner", "Propietario"),
    ("status", "Permiso"),
    ("expires", "Vence"),
    ("governing", "Documento que vence"),
    ("condition", "Estado físico"),
    ("active", "Situación"),
)
COL = {key: n for n, (key, _title) in enumerate(COLUMNS)}
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 3
NO_PARENT = QModelIndex()
Index = QModelIndex | QPersistentModelIndex

STATUS_COLOURS = {
    PermitStatus.VALID: "#d8f0dc",
    PermitStatus.EXPIRING: "#fff1c2",
    PermitStatus.EXPIRED: "#f8d0cc",
    PermitStatus.MISSING: "#f3c6e0",
    PermitStatus.NOT_REQUIRED: "#e4e7eb",
}


def _text(row: AssetRow, key: str) -> str:
    if key == "folio":
        return row.folio
    if key == "type":
        return row.type_name
    if key == "address":
        return row.address
    if key == "colonia":
        return row.colonia
    if key == "locality":
        return row.locality
    if key == "owner":
        return row.owner_name
    if key == "status":
        return STATUS_LABELS[row.status.status]
    if key == "expires":
        return row.status.expires_on.strftime("%d/%m/%Y") if row.status.expires_on else ""
    if key == "governing":
        kind = row.status.missing[0] if row.status.missing else row.status.governing_kind
        label = DOCUMENT_LABELS[kind] if kind else ""
        return f"Falta: {label}" if row.status.missing else label
    if key == "condition":
        return row.condition.capitalize()
    return "Activo" if row.active else "Dado de baja"


class AssetTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[AssetRow] = []
        self._search: list[str] = []  # folded text per row, built once per load
        self.generation = 0  # bumped on every load, so the proxy knows its answers are stale

    def set_rows(self, rows: list[AssetRow]) -> None:
        self.beginResetModel()
        self.generation += 1
        self._rows = list(rows)
        self._search = [fold(" ".join((r.folio, r.address, r.colonia, r.locality, r.owner_name, r.permit_numbers,
                                       r.type_name))) for r in self._rows]
        self.endResetModel()

    def row_at(self, source_row: int) -> AssetRow:
        return self._rows[source_row]

    def search_text(self, source_row: int) -> str:
        return self._search[source_row]

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return _text(row, key)
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            if key == "status":
                return URGENCY.index(row.status.status)
            if key == "expires":
                return row.status.expires_on.toordinal() if row.status.expires_on else 10**7
            if key == "folio":
                prefix, _, number = row.folio.partition("-")
                return f"{prefix}-{number.zfill(8)}"  # ESP-2 before ESP-10
            return fold(_text(row, key))
        if role == Qt.ItemDataRole.BackgroundRole and key == "status":
            return QBrush(QColor(STATUS_COLOURS[row.status.status]))
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return QBrush(QColor("#777777"))
        return None


@dataclass
class AssetFilter:
    """One filter state for the inventory (and, later, the map)."""

    text: str = ""
    type_code: str = ""
    situation: str = "activos"  # activos | bajas | todos
    permit_status: str = ""
    locality: str = ""
    expires_within_days: int | None = None
    today: date = field(default_factory=date.today)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "type_code": self.type_code, "situation": self.situation,
                "permit_status": self.permit_status, "locality": self.locality,
                "expires_within_days": self.expires_within_days}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> AssetFilter:
        days = raw.get("expires_within_days")
        return cls(str(raw.get("text", "")), str(raw.get("type_code", "")), str(raw.get("situation", "activos")),
                   str(raw.get("permit_status", "")), str(raw.get("locality", "")),
                   int(days) if isinstance(days, int) else None)

    def words(self) -> list[str]:
        return fold(self.text).split()

    def accepts(self, row: AssetRow, folded: str, words: list[str] | None = None) -> bool:
        """``words`` is ``self.words()`` computed once by the caller (folding per row costs a keystroke 0.1 s)."""
        if self.situation == "activos" and not row.active or self.situation == "bajas" and row.active:
            return False
        if self.type_code and row.type_code != self.type_code:
            return False
        if self.permit_status and row.status.status.value != self.permit_status:
            return False
        if self.locality and row.locality != self.locality:
            return False
        if self.expires_within_days is not None:
            if row.status.expires_on is None or (row.status.expires_on - self.today).days > self.expires_within_days:
                return False
        return all(w in folded for w in (self.words() if words is None else words))


class AssetFilterProxy(QSortFilterProxyModel):
    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self.filter = AssetFilter()
        self._accepted: list[bool] = []
        self._generation = -1

    def set_filter(self, new_filter: AssetFilter) -> None:
        self.beginFilterChange()
        self.filter = new_filter
        self._generation = -1  # judged again on the first question
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _evaluate(self) -> list[bool]:
        """Every row judged in one Python pass; Qt's per-row callback then only reads the answer."""
        model = self.sourceModel()
        if not isinstance(model, AssetTableModel):
            return []
        words = self.filter.words()
        accepts = self.filter.accepts
        return [accepts(model.row_at(n), model.search_text(n), words) for n in range(model.rowCount())]

    def _answers(self) -> list[bool]:
        # Re-judged after every reload of the source: Qt may ask before any signal of ours would run.
        model = self.sourceModel()
        generation = model.generation if isinstance(model, AssetTableModel) else -1
        if generation != self._generation:
            self._accepted, self._generation = self._evaluate(), generation
        return self._accepted

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 - Qt API
        answers = self._answers()
        return source_row < len(answers) and answers[source_row]
