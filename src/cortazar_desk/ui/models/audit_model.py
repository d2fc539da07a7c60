"""Table model of the audit log. Rows are plain DTOs loaded up front; ``data()`` never queries the database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ...services.audit_log import AuditEntry

COL_AT, COL_WHO, COL_WORKSTATION, COL_ACTION, COL_OBJECT, COL_CHANGES = range(6)
HEADERS = ("Fecha", "Usuario", "Equipo", "Acción", "Registro", "Cambios")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()


class AuditTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[AuditEntry] = []

    def set_entries(self, entries: list[AuditEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self._rows[index.row()]
        col = index.column()
        if role == ENTRY_ROLE:
            return entry
        if role == SORT_ROLE:
            return entry.id if col == COL_AT else self._text(entry, col).casefold()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(entry, col)
        return None

    @staticmethod
    def _text(entry: AuditEntry, col: int) -> str:
        if col == COL_AT:
            return entry.at.strftime("%d/%m/%Y %H:%M:%S")
        if col == COL_WHO:
            return entry.who
        if col == COL_WORKSTATION:
            return entry.workstation
        if col == COL_ACTION:
            return entry.action
        if col == COL_OBJECT:
            return entry.object_label
        return entry.summary + (f" (motivo: {entry.reason})" if entry.reason else "")
