"""Bitácora: who changed what and when, searchable, with a check of the hash chain."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedLayout,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...services import audit_log
from ..context import AppContext
from ..errors import show_error
from ..models.audit_model import COL_AT, SORT_ROLE, AuditTableModel
from ..widgets import SearchProxy, heading, plural


class AuditPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = AuditTableModel()
        self._widths_set = False
        self.proxy = SearchProxy(SORT_ROLE, self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Buscar en la bitácora (usuario, equipo, registro, cambios)…  Ctrl+F")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        self.verify_button = QPushButton("Verificar integridad")
        self.verify_button.setToolTip("Recalcula la cadena de huellas de toda la bitácora")
        self.verify_button.clicked.connect(self.verify)
        self.count_label = QLabel()

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_AT, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setObjectName("auditHeader")

        self.empty = QLabel("La bitácora está vacía: aquí aparecerá cada alta, cambio y baja que se guarde, con "
                            "quién, desde qué equipo y cuándo.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Bitácora de cambios"))
        layout.addLayout(bar)
        layout.addLayout(self.stack, 1)
        layout.addWidget(self.count_label)
        ctx.data_changed.connect(self.refresh)
        ctx.profile_saved.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_entries(audit_log.recent_entries(self.ctx.db))
        if not self._widths_set:  # first load only: afterwards the person's own widths (or saved ones) stay
            for col, width in enumerate((150, 110, 120, 100, 190)):
                self.table.setColumnWidth(col, width)
            self._widths_set = True
        self.stack.setCurrentWidget(self.table if self.model.rowCount() else self.empty)
        self._update_count()

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_count(self) -> None:
        total, shown = self.model.rowCount(), self.proxy.rowCount()
        self.count_label.setText(f"{shown:,} de {plural(total, 'cambio', 'cambios')}" if shown != total
                                 else plural(total, "cambio", "cambios"))

    def verify(self) -> None:
        try:
            report = audit_log.verify(self.ctx.db)
        except Exception as exc:  # shown, never raised to the event loop
            show_error(self, exc)
            return
        if report.ok:
            QMessageBox.information(self, "Bitácora íntegra",
                                    f"Se verificaron {report.rows:,} registros: ninguno fue alterado ni eliminado.")
        else:
            QMessageBox.warning(self, "La bitácora fue alterada",
                                f"{report.problem.capitalize()}. Avise al administrador; conserve los respaldos.")
